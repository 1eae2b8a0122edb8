from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Mise en relation"

    def ready(self) -> None:
        from backend.core import events
        from matching import taxonomy_sync

        # Keep the taxonomy tables in step with nlp_models' committed file after every migrate.
        post_migrate.connect(
            taxonomy_sync.sync_after_migrate,
            sender=apps.get_app_config("taxonomy"),
            dispatch_uid="taxonomy_sync",
        )
        # events.publish already defers subscribers to on_commit; the task is enqueued then.
        events.subscribe("offer.changed", _on_offer_changed)
        events.subscribe("profile.changed", _on_profile_changed)
        events.subscribe("offer.published", _on_offer_published)
        # Place, contract or dates may change without the text: score again (the scoring is idempotent).
        events.subscribe("offer.changed", _on_offer_edited)
        # Follow-up work of the analysis: the services announce it, the tasks are enqueued here.
        events.subscribe("offer.analysed", _on_offer_analysed)
        events.subscribe("profile.analysed", _on_profile_analysed)


def _on_offer_changed(*, offer_id: int, content_hash: str) -> None:
    from matching.tasks import extract_offer

    extract_offer.delay(offer_id=offer_id, content_hash=content_hash)


def _on_profile_changed(*, graduate_id: int, content_hash: str) -> None:
    from matching.tasks import extract_profile

    extract_profile.delay(graduate_id=graduate_id, content_hash=content_hash)


def _on_offer_published(*, offer_id: int) -> None:
    from matching.tasks import score_offer

    score_offer.delay(offer_id=offer_id)


def _on_offer_edited(*, offer_id: int, content_hash: str) -> None:
    from matching.tasks import score_offer

    score_offer.delay(offer_id=offer_id)


def _on_offer_analysed(*, offer_id: int) -> None:
    from matching.tasks import score_offer

    score_offer.delay(offer_id=offer_id)


def _on_profile_analysed(*, graduate_id: int) -> None:
    from matching.tasks import score_graduate

    score_graduate.delay(graduate_id=graduate_id)
