from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "backend.taxonomy"
    label = "taxonomy"
    verbose_name = "Référentiels (ESCO, ROME)"
