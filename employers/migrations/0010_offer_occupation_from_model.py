# Offer.occupation_from_model: whether the ROME code is the classifier's (a later analysis may replace it)
# or a person's (never touched again). Codes the classifier filled before this field existed are marked
# as its own: the analysis recorded them as applied, and nobody confirmed them.

from django.db import migrations, models


def mark_model_codes(apps, schema_editor):
    Offer = apps.get_model("employers", "Offer")
    rows = (
        Offer.objects.filter(occupation__isnull=False)
        .exclude(extracted_facts={})
        .only("pk", "occupation_id", "extracted_facts")
    )
    ids = []
    for offer in rows.iterator(chunk_size=500):
        fact = (offer.extracted_facts or {}).get("occupation_id") or {}
        if fact.get("applied") and "confirmed" not in fact and fact.get("value") == offer.occupation_id:
            ids.append(offer.pk)
    for start in range(0, len(ids), 500):
        Offer.objects.filter(pk__in=ids[start : start + 500]).update(occupation_from_model=True)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0009_render_descriptions_again"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="occupation_from_model",
            field=models.BooleanField(default=False, verbose_name="métier ROME lu par le modèle"),
        ),
        migrations.RunPython(mark_model_codes, migrations.RunPython.noop),
    ]
