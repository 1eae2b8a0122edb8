"""Offers saved before descriptions were rendered as typed (a list right after « Missions : », one
line a line, pasted bullets) are rendered again, so every offer reads the same way."""

from django.db import migrations


def render_again(apps, schema_editor):
    from employers.services import render_description

    Offer = apps.get_model("employers", "Offer")
    batch = []
    for offer in Offer.objects.only("pk", "description", "description_html").iterator(chunk_size=500):
        html = render_description(offer.description)
        if html != offer.description_html:
            offer.description_html = html
            batch.append(offer)
        if len(batch) >= 500:
            Offer.objects.bulk_update(batch, ["description_html"])
            batch = []
    if batch:
        Offer.objects.bulk_update(batch, ["description_html"])


class Migration(migrations.Migration):
    dependencies = [("employers", "0008_employer_prospect")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
