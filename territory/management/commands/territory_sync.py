"""Sync France Travail's offers in the school's trades (the periodic task ``territory.territory_sync``).

Without ``--wet-run`` it reads the API and only reports what it would create, change and close.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from territory import services
from territory.client import FeedError


class Command(BaseCommand):
    periodic_task = "territory.territory_sync"
    help = (
        "Synchronise les offres France Travail des métiers de l'école (départements TERRITORY_DEPARTEMENTS, "
        "codes ROME TERRITORY_ROME_CODES). Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Écrire réellement (sinon : simple rapport)."
        )

    def handle(self, *args, wet_run: bool, **options):
        client = services.feed_client()
        if client is None:
            raise CommandError(
                "Flux France Travail désactivé : définissez FRANCE_TRAVAIL_CLIENT_ID et "
                "FRANCE_TRAVAIL_CLIENT_SECRET (identifiants de francetravail.io)."
            )
        started = time.perf_counter()
        try:
            report = services.territory_sync(client=client, wet_run=wet_run)
        except FeedError as exc:
            raise CommandError(f"{exc} Relancez la commande : elle reprendra où elle s'est arrêtée.") from exc
        elapsed = time.perf_counter() - started
        for external_id, reason in report.rejections:
            self.stdout.write(f"  rejetée {external_id or '(sans id)'} : {reason}")
        seen = report.created + report.updated + report.unchanged + report.rejected
        counts = ", ".join(f"{k} {v}" for k, v in report.counts().items())
        prefix = "" if wet_run else "À faire (rien n'a été écrit, relancez avec --wet-run) : "
        self.stdout.write(
            f"{prefix}{counts} — {seen} offres en {elapsed:.1f} s ({seen / max(elapsed, 1e-9):.0f} offres/s)"
        )
        if report.resumed:
            self.stdout.write("Reprise d'une synchronisation interrompue.")
        if report.truncated:
            self.stdout.write(
                f"{report.truncated} recherche(s) dépassent encore 3 150 résultats : des offres manquent."
            )
