from django.core.management.base import BaseCommand

from matching.taxonomy_sync import taxonomy_sync


class Command(BaseCommand):
    help = "Synchronise les tables compétences / métiers ROME avec le référentiel livré par nlp_models."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Resynchroniser même si la version est inchangée."
        )

    def handle(self, *args, force=False, **options):
        result = taxonomy_sync(force=force, progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"{result['skills']} compétences, {result['appellations']} appellations.")
        )
