"""The command behind each retention job (``contact_retention``, ``admissions_retention``): a dry report by
default, ``--wet-run`` to warn and erase, one line per person with her last contact.

A subclass names its job (``run``), how a person is shown (``names``), the word for one it cannot name any
more (``unknown``) and its texts; the periodic task doing the same job is its ``periodic_task``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class RetentionCommand(BaseCommand):
    unknown = "personne"
    batch_help = "Personnes traitées par transaction."

    def run(self, *, wet_run: bool, batch_size: int, now):
        raise NotImplementedError

    def names(self, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help="Prévenir et effacer réellement (sinon : simple rapport).",
        )
        parser.add_argument("--batch-size", type=int, default=200, help=self.batch_help)

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        # Names are read before the run: a wet run erases some of them.
        due = self.run(wet_run=False, batch_size=batch_size, now=timezone.now())
        names = self.names(due.to_warn + due.to_erase + due.back)
        report = self.run(wet_run=True, batch_size=batch_size, now=timezone.now()) if wet_run else due

        def line(pk: int, what: str) -> None:
            last = timezone.localdate(report.last_contact[pk])
            name = names.get(pk, f"{self.unknown} #{pk}")
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
