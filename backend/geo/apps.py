from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _import_communes_after_migrate(sender, using="default", verbosity=1, **kwargs):
    from backend.geo.loader import import_communes
    from backend.geo.models import Commune

    # The committed communes file is the reference data every database needs: load it once.
    if Commune.objects.using(using).exists():
        return
    total = import_communes(Commune)
    if verbosity:
        print(f"  {total} communes importées.")


class GeoConfig(AppConfig):
    name = "backend.geo"
    label = "geo"
    verbose_name = "Géographie"

    def ready(self) -> None:
        post_migrate.connect(_import_communes_after_migrate, sender=self)
