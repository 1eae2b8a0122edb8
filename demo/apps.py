from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region: its commands (``demo``, ``seed_demo``, ``screenshots``), one seeder per
    domain and its data. No other app imports it (import-linter: the top layer)."""

    name = "demo"
    verbose_name = "Démo"
