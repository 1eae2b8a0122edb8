"""Apply the retention rule to admissions candidates (2 years after the last contact, a warning, then
anonymisation 30 days later) — applications that did not lead to an enrolment — and delete the
applications never confirmed within a week (``admissions.models.CONFIRM_DAYS``).

The same job as the periodic task ``admissions.retention``. Without ``--wet-run`` it only lists who would
be warned or anonymised.
"""

from django.utils import timezone

from admissions import retention
from admissions.models import CONFIRM_DAYS, Application
from backend.core.management.retention_command import RetentionCommand


class Command(RetentionCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "admissions.retention"
    help = (
        "Prévient par e-mail les candidat·es à la formation (non inscrit·es) sans contact depuis 2 ans, puis "
        "efface leurs données 30 jours plus tard s'ils sont restés sans nouvelles ; supprime les candidatures "
        f"jamais confirmées {CONFIRM_DAYS} jours après leur envoi. Sans --wet-run, affiche seulement ce qui "
        "serait fait."
    )
    unknown = "candidature"
    batch_help = "Candidatures traitées par transaction."

    def run(self, *, wet_run: bool, batch_size: int, now):
        report = retention.application_retention_run(wet_run=wet_run, batch_size=batch_size, now=now)
        if not wet_run:
            # Read before a wet run deletes them (the base command also runs dry first).
            self.unconfirmed = {
                a.pk: (a.full_name, timezone.localdate(a.created_at))
                for a in Application.objects.filter(pk__in=report.expired)
            }
        self.expired = report.expired
        return report

    def handle(self, *args, wet_run: bool, **options):
        self.unconfirmed, self.expired = {}, []
        super().handle(*args, wet_run=wet_run, **options)
        for pk in self.expired:
            name, sent = self.unconfirmed.get(pk, (f"{self.unknown} #{pk}", None))
            when = f"envoyée le {sent:%d/%m/%Y}, " if sent else ""
            done = "supprimée" if wet_run else "à supprimer"
            self.stdout.write(f"  #{pk} {name} — {when}jamais confirmée : {done}")
        n = len(self.expired)
        if wet_run:
            self.stdout.write(self.style.SUCCESS(f"{n} candidature(s) jamais confirmée(s) supprimée(s)."))
        else:
            self.stdout.write(f"{n} candidature(s) jamais confirmée(s) à supprimer.")

    def names(self, ids: list[int]) -> dict[int, str]:
        return {
            a.pk: f"{a.full_name} ({a.get_state_display().lower()})"
            for a in Application.objects.filter(pk__in=ids)
        }
