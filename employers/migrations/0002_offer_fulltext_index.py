"""GIN index for French full-text search on PostgreSQL; nothing on SQLite (the embedded demo)."""

from django.db import migrations

INDEX = "employers_offer_search_fts"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON employers_offer "
    "USING GIN (to_tsvector('french'::regconfig, COALESCE(search_text, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
