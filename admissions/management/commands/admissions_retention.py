"""Apply the retention rule to admissions candidates (2 years after the last contact, a warning, then
anonymisation 30 days later) — applications that did not lead to an enrolment.

The same job as the periodic task ``admissions.retention``. Without ``--wet-run`` it only lists who would
be warned or anonymised.
"""

from admissions import retention
from admissions.models import Application
from backend.core.management.retention_command import RetentionCommand


class Command(RetentionCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "admissions.retention"
    help = (
        "Prévient par e-mail les candidat·es à la formation (non inscrit·es) sans contact depuis 2 ans, puis "
        "efface leurs données 30 jours plus tard s'ils sont restés sans nouvelles. Sans --wet-run, affiche "
        "seulement ce qui serait fait."
    )
    unknown = "candidature"
    batch_help = "Candidatures traitées par transaction."

    def run(self, *, wet_run: bool, batch_size: int, now):
        return retention.application_retention_run(wet_run=wet_run, batch_size=batch_size, now=now)

    def names(self, ids: list[int]) -> dict[int, str]:
        return {
            a.pk: f"{a.full_name} ({a.get_state_display().lower()})"
            for a in Application.objects.filter(pk__in=ids)
        }
