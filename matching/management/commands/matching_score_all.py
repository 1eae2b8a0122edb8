"""Score every published offer and every graduate under the serving ranker version."""

from django.core.management.base import BaseCommand

from employers.models import Offer
from graduates.models import Graduate
from matching.services import scores


class Command(BaseCommand):
    help = (
        "Calcule les suggestions de toutes les offres en ligne et de tou·tes les diplômé·es avec le modèle "
        "en service (après une promotion, ou pour la démo). Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Calculer et enregistrer réellement.")

    def handle(self, *args, wet_run: bool = False, **options):
        version = scores.ranker_current()
        offers = Offer.objects.filter(status=Offer.Status.PUBLISHED).count()
        graduates = Graduate.objects.count()
        self.stdout.write(f"Modèle en service : {version.version}.")
        if not wet_run:
            self.stdout.write(
                f"{offers} offre(s) en ligne et {graduates} diplômé·e(s) à noter. "
                "Rien n'a été modifié : relancez avec --wet-run."
            )
            return
        report = scores.scores_refresh_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"{report['offers']} offre(s) et {report['graduates']} diplômé·e(s) noté·es : "
                f"{report['pairs']} paire(s) enregistrée(s)."
            )
        )
