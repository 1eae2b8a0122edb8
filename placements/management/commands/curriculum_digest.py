"""The periodic job ``placements.curriculum_digest`` by hand. Without ``--wet-run`` it only reports."""

from django.core.management.base import BaseCommand

from placements.services import curriculum_digest_send


class Command(BaseCommand):
    periodic_task = "placements.curriculum_digest"
    help = (
        "Envoie à l'équipe de l'école (chargé·es d'insertion, formateur·rices) le résumé mensuel du "
        "programme : par parcours, les compétences de plus en plus demandées dans la région que la "
        "promotion en cours n'a pas. Une fois par parcours et par mois. Sans --wet-run, affiche seulement "
        "ce qui partirait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Envoyer réellement (sinon : simple rapport)."
        )

    def handle(self, *args, wet_run: bool, **options):
        report = curriculum_digest_send(wet_run=wet_run)
        for label, skills in report.sections:
            self.stdout.write(f"{label} :")
            for skill in skills:
                self.stdout.write(f"  - {skill}")
        for label in report.already_sent:
            self.stdout.write(f"{label} : déjà envoyé en {report.month}.")
        if not report.sections:
            self.stdout.write(f"Rien à envoyer pour {report.month}.")
        elif report.sent:
            self.stdout.write(self.style.SUCCESS(f"Résumé envoyé à {len(report.recipients)} personne(s)."))
        elif not report.recipients:
            self.stdout.write("Aucun membre de l'équipe avec un compte actif : rien n'a été envoyé.")
        else:
            self.stdout.write(
                f"Partirait à {len(report.recipients)} personne(s). Rien n'a été envoyé : relancez avec --wet-run."
            )
