"""Apply the retention rule to admissions candidates (2 years after the last contact, a warning, then
anonymisation 30 days later) — applications that did not lead to an enrolment.

The same job as the periodic task ``admissions.retention``. Without ``--wet-run`` it only lists who would
be warned or anonymised.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from admissions import retention
from admissions.models import Application


class Command(BaseCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "admissions.retention"
    help = (
        "Prévient par e-mail les candidat·es à la formation (non inscrit·es) sans contact depuis 2 ans, puis "
        "efface leurs données 30 jours plus tard s'ils sont restés sans nouvelles. Sans --wet-run, affiche "
        "seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help="Prévenir et effacer réellement (sinon : simple rapport).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="Candidatures traitées par transaction."
        )

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        # Names are read before the run: a wet run erases some of them.
        due = retention.application_retention_run(wet_run=False, batch_size=batch_size, now=timezone.now())
        names = {
            a.pk: f"{a.full_name} ({a.get_state_display().lower()})"
            for a in Application.objects.filter(pk__in=due.to_warn + due.to_erase + due.back)
        }
        report = (
            retention.application_retention_run(wet_run=True, batch_size=batch_size, now=timezone.now())
            if wet_run
            else due
        )

        def line(pk: int, what: str) -> None:
            last = timezone.localdate(report.last_contact[pk])
            name = names.get(pk, f"candidature #{pk}")
            self.stdout.write(f"  #{pk} {name} — dernier contact le {last:%d/%m/%Y} : {what}")

        for pk in report.back:
            line(pk, "revenu·e depuis l'avertissement, avertissement retiré")
        for pk in report.to_warn:
            line(pk, "à prévenir (effacement dans 30 jours)")
        for pk in report.to_erase:
            line(pk, "prévenu·e il y a 30 jours ou plus, à effacer")
        if wet_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(report.to_warn)} prévenu·e(s), {len(report.to_erase)} effacé·e(s), "
                    f"{len(report.back)} avertissement(s) retiré(s)."
                )
            )
        else:
            self.stdout.write(
                f"{len(report.to_warn)} à prévenir, {len(report.to_erase)} à effacer, "
                f"{len(report.back)} avertissement(s) à retirer. "
                "Rien n'a été modifié : relancez avec --wet-run pour appliquer."
            )
