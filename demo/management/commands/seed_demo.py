from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_ACCOUNTS, SEED, DemoError, seed_demo
from employers.models import Offer


class Command(BaseCommand):
    help = (
        "Crée la région de démonstration : employeurs des Hauts-de-France, partenariats, offres et comptes "
        "de chaque rôle. Refuse de la créer deux fois, sauf avec --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Supprimer d'abord la démo existante (et seulement elle)."
        )
        parser.add_argument(
            "--seed", type=int, default=SEED, help="Graine du générateur (défaut : %(default)s)."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Autoriser la démo avec TREMPLIN_ENV=production (serveur de présentation).",
        )

    def handle(self, *args, reset=False, seed=SEED, allow_production=False, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                "Refus : TREMPLIN_ENV=production. Ajoutez --allow-production pour un serveur de démo."
            )
        try:
            report = seed_demo(reset=reset, seed=seed, progress=self.stdout.write)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        published = report.statuses.get(Offer.Status.PUBLISHED, 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo créée en {report.seconds:.1f} s : {report.employers} employeurs, {report.offers} offres "
                f"dont {published} publiées."
            )
        )
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role:<22} {account.email}")
