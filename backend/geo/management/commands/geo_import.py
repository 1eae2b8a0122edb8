from django.core.management.base import BaseCommand

from backend.geo.loader import import_communes
from backend.geo.models import Commune


class Command(BaseCommand):
    help = "Importe (ou met à jour) les communes françaises depuis le fichier livré avec Tremplin."

    def handle(self, *args, **options):
        def progress(n):
            self.stdout.write(f"\r  communes : {n}", ending="")
            self.stdout.flush()

        total = import_communes(Commune, progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{total} communes à jour."))
