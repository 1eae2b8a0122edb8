"""Retrain the ranker on logged outcomes, the same job as the periodic task ``matching.retrain``."""

from django.core.management.base import BaseCommand

from matching.services.retraining import ranker_decide_pending, ranker_retrain


class Command(BaseCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "matching.retrain"
    help = (
        "Entraîne un nouveau modèle de classement sur les résultats enregistrés, l'évalue sur des offres "
        "mises de côté et ne le promeut que s'il fait mieux ; tant que la file commune n'a pas assez de paires "
        "jugées, il reste en attente. Décide d'abord du candidat en attente. Sans --wet-run, affiche "
        "seulement le rapport."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help="Enregistrer et promouvoir réellement (sinon : simple rapport).",
        )
        parser.add_argument(
            "--decide-only",
            action="store_true",
            help="Seulement décider du modèle candidat en attente (promu ou refusé selon la file commune), "
            "sans entraîner.",
        )

    def handle(self, *args, wet_run: bool = False, decide_only: bool = False, **options):
        if decide_only:
            report = ranker_decide_pending(wet_run=wet_run)
            if not report.lines:
                report.lines.append("Aucun modèle candidat en attente.")
        else:
            report = ranker_retrain(wet_run=wet_run)
        for line in report.lines:
            self.stdout.write(line)
