from django.core.management.base import BaseCommand

from matching.services import graduates_stale_analysis, offers_stale_analysis
from matching.tasks import extract_offer, extract_profile


class Command(BaseCommand):
    periodic_task = "nlp.sweep_stale_offers"
    help = (
        "Liste les offres et les profils dont l'analyse (compétences, faits) manque ou est périmée ; "
        "avec --wet-run, les remet en file d'analyse (tâche périodique nlp.sweep_stale_offers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Mettre réellement les analyses en file.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, wet_run=False, batch_size=500, **options):
        stale = offers_stale_analysis(limit=batch_size)
        profiles = graduates_stale_analysis(limit=batch_size)
        self.stdout.write(f"{len(stale)} offre(s) à analyser.")
        self.stdout.write(f"{len(profiles)} profil(s) à analyser.")
        if not wet_run:
            for offer_id, _hash in stale[:20]:
                self.stdout.write(f"  offre #{offer_id}")
            for graduate_id, _hash in profiles[:20]:
                self.stdout.write(f"  profil #{graduate_id}")
            self.stdout.write("Simulation : relancez avec --wet-run pour les analyser.")
            return
        for offer_id, content_hash in stale:
            extract_offer.delay(offer_id=offer_id, content_hash=content_hash)
        for graduate_id, content_hash in profiles:
            extract_profile.delay(graduate_id=graduate_id, content_hash=content_hash)
        self.stdout.write(self.style.SUCCESS(f"{len(stale) + len(profiles)} analyse(s) mise(s) en file."))
