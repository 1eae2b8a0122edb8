from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backend.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 — registers the production checks
        from .sessions import record_login

        user_logged_in.connect(record_login, dispatch_uid="tremplin.record_login")
