from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Candidatures, placements et suivi"

    def ready(self) -> None:
        from backend.core import events

        # A notification to e-mail at once: its task is enqueued when the transaction commits.
        events.subscribe("notification.ready", _on_notification_ready)


def _on_notification_ready(*, notification_id: int) -> None:
    from placements.tasks import send_notification

    send_notification.delay(notification_id)
