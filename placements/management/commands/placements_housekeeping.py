"""The periodic job ``placements.housekeeping`` by hand. Without ``--wet-run`` it only reports."""

from django.core.management.base import BaseCommand, CommandError

from placements import services


class Command(BaseCommand):
    periodic_task = "placements.housekeeping"
    help = (
        "Signale les candidatures sans mouvement depuis 30 jours, clôt celles sans mouvement depuis 60 jours "
        "(avec un message), et ouvre les suivis échus (fin de formation, +3 et +6 mois). "
        "Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Agir réellement (sinon : simple rapport)."
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Candidatures traitées par transaction."
        )

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        apps = services.applications_housekeeping(wet_run=wet_run, batch_size=batch_size)
        outcomes = services.outcome_checks_open_due(wet_run=wet_run)
        if not wet_run:
            self.stdout.write(
                f"{len(apps.to_flag)} candidature(s) à signaler, {len(apps.to_close)} à clore, "
                f"{len(outcomes.due)} suivi(s) à ouvrir. Rien n'a été modifié : relancez avec --wet-run."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(apps.flagged)} candidature(s) signalée(s), {len(apps.closed)} close(s), "
                f"{len(outcomes.created)} suivi(s) ouvert(s), {outcomes.forms_sent} formulaire(s) envoyé(s)."
            )
        )
