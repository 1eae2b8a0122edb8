"""Apply the retention rule to the people of companies (2 years after the last contact, a warning,
then anonymisation 30 days later): employer contacts and the CRM's prospect contacts.

The same job as the periodic task ``employers.contact_retention``. Without ``--wet-run`` it only lists
who would be warned or anonymised.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from employers import retention
from employers.models import Contact


class Command(BaseCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "employers.contact_retention"
    help = (
        "Prévient par e-mail les contacts des entreprises (et des prospects) sans contact depuis 2 ans, "
        "puis efface leurs données 30 jours plus tard s'ils sont restés sans nouvelles. Sans --wet-run, "
        "affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help="Prévenir et effacer réellement (sinon : simple rapport).",
        )
        parser.add_argument("--batch-size", type=int, default=200, help="Contacts traités par transaction.")

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        # Names are read before the run: a wet run erases some of them.
        due = retention.contact_retention_run(wet_run=False, batch_size=batch_size, now=timezone.now())
        names = {
            c.pk: f"{c} ({c.employer.name})"
            for c in Contact.objects.filter(pk__in=due.to_warn + due.to_erase + due.back).select_related(
                "employer"
            )
        }
        report = (
            retention.contact_retention_run(wet_run=True, batch_size=batch_size, now=timezone.now())
            if wet_run
            else due
        )

        def line(cid: int, what: str) -> None:
            last = timezone.localdate(report.last_contact[cid])
            name = names.get(cid, f"contact #{cid}")
            self.stdout.write(f"  #{cid} {name} — dernier contact le {last:%d/%m/%Y} : {what}")

        for cid in report.back:
            line(cid, "revenu·e depuis l'avertissement, avertissement retiré")
        for cid in report.to_warn:
            line(cid, "à prévenir (effacement dans 30 jours)")
        for cid in report.to_erase:
            line(cid, "prévenu·e il y a 30 jours ou plus, à effacer")
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
