"""Apply the retention rule (CNIL: 2 years after the last contact, a warning, then anonymisation).

The same job as the periodic task ``graduates.retention``. Without ``--wet-run`` it only lists who
would be warned or anonymised.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from graduates import retention
from graduates.models import Graduate


class Command(BaseCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "graduates.retention"
    help = (
        "Prévient par e-mail les diplômé·es sans contact depuis 2 ans, puis anonymise 30 jours plus tard "
        "celles et ceux restés sans nouvelles. Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help="Prévenir et anonymiser réellement (sinon : simple rapport).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="Diplômé·es traité·es par transaction."
        )

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        report = retention.retention_run(wet_run=wet_run, batch_size=batch_size, now=timezone.now())
        names = Graduate.objects.in_bulk(report.to_warn + report.to_erase + report.back)

        def line(gid: int, what: str) -> None:
            last = timezone.localdate(report.last_contact[gid])
            self.stdout.write(f"  #{gid} {names[gid]} — dernier contact le {last:%d/%m/%Y} : {what}")

        for gid in report.back:
            line(gid, "revenu·e depuis l'avertissement, avertissement retiré")
        for gid in report.to_warn:
            line(gid, "à prévenir (effacement dans 30 jours)")
        for gid in report.to_erase:
            line(gid, "prévenu·e il y a 30 jours ou plus, à anonymiser")
        if wet_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(report.to_warn)} prévenu·e(s), {len(report.to_erase)} anonymisé·e(s), "
                    f"{len(report.back)} avertissement(s) retiré(s)."
                )
            )
        else:
            self.stdout.write(
                f"{len(report.to_warn)} à prévenir, {len(report.to_erase)} à anonymiser, "
                f"{len(report.back)} avertissement(s) à retirer. "
                "Rien n'a été modifié : relancez avec --wet-run pour appliquer."
            )
