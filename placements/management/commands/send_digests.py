"""The periodic job ``placements.send_digests`` by hand. Without ``--wet-run`` it only counts."""

from django.core.management.base import BaseCommand

from placements.delivery import send_daily_digests


class Command(BaseCommand):
    periodic_task = "placements.send_digests"
    help = (
        "Envoie le résumé quotidien à chaque personne qui l'a choisi et a des notifications non envoyées. "
        "Sans --wet-run, compte seulement les e-mails qui partiraient."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Envoyer réellement (sinon : simple rapport)."
        )

    def handle(self, *args, wet_run: bool, **options):
        count = send_daily_digests(wet_run=wet_run)
        if wet_run:
            self.stdout.write(self.style.SUCCESS(f"{count} résumé(s) envoyé(s)."))
        else:
            self.stdout.write(f"{count} résumé(s) à envoyer. Rien n'a été envoyé : relancez avec --wet-run.")
