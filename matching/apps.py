from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Mise en relation"

    def ready(self) -> None:
        from matching import taxonomy_sync

        # Keep the taxonomy tables in step with nlp_models' committed file after every migrate.
        post_migrate.connect(
            taxonomy_sync.sync_after_migrate, sender=apps.get_app_config("taxonomy"), dispatch_uid="taxonomy_sync"
        )
