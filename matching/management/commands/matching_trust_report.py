"""Check the suggestions' trust targets on the stored scores (read-only)."""

from django.core.management.base import BaseCommand, CommandError

from backend.accounts.models import User
from matching.trust import trust_report


class Command(BaseCommand):
    help = (
        "Vérifie les listes que les pages affichent : chaque suggestion et chaque présélection a une vraie "
        "raison, aucune n'a de candidature en cours, et chaque diplômé·e avec une offre à sa portée reçoit "
        "la piste de compétence quand il en existe une. Lecture seule ; échoue si une règle est enfreinte."
    )

    def handle(self, *args, **options):
        officer = User.objects.filter(role=User.Role.OFFICER, is_active=True).order_by("pk").first()
        if officer is None:
            raise CommandError(
                "Aucun compte de chargé·e d'insertion : les présélections ne peuvent être lues."
            )
        report = trust_report(officer=officer)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Règles enfreintes : voir les chiffres ci-dessus.")
        self.stdout.write(self.style.SUCCESS("Toutes les règles sont tenues."))
