"""Apply the retention rule to the people of companies (2 years after the last contact, a warning,
then anonymisation 30 days later): employer contacts and the CRM's prospect contacts.

The same job as the periodic task ``employers.contact_retention``. Without ``--wet-run`` it only lists
who would be warned or anonymised.
"""

from backend.core.management.retention_command import RetentionCommand
from employers import retention
from employers.models import Contact


class Command(RetentionCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "employers.contact_retention"
    help = (
        "Prévient par e-mail les contacts des entreprises (et des prospects) sans contact depuis 2 ans, "
        "puis efface leurs données 30 jours plus tard s'ils sont restés sans nouvelles. Sans --wet-run, "
        "affiche seulement ce qui serait fait."
    )
    unknown = "contact"
    batch_help = "Contacts traités par transaction."

    def run(self, *, wet_run: bool, batch_size: int, now):
        return retention.contact_retention_run(wet_run=wet_run, batch_size=batch_size, now=now)

    def names(self, ids: list[int]) -> dict[int, str]:
        return {
            c.pk: f"{c} ({c.employer.name})"
            for c in Contact.objects.filter(pk__in=ids).select_related("employer")
        }
