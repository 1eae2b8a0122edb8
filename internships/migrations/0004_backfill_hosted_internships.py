"""Record, for the partnership follow-up, the internships of agreements the three parties had signed
before placements kept them (placements.HostedInternship, written from now on by the services)."""

from django.db import migrations

PARTIES = {"school", "host", "trainee"}


def backfill(apps, schema_editor):
    Agreement = apps.get_model("internships", "Agreement")
    HostedInternship = apps.get_model("placements", "HostedInternship")
    for agreement in Agreement.objects.exclude(status="draft").prefetch_related("versions__signatures"):
        in_force = next(
            (
                v
                for v in sorted(agreement.versions.all(), key=lambda v: -v.number)
                if {s.party for s in v.signatures.all()} == PARTIES
            ),
            None,
        )
        if in_force is None:
            continue
        HostedInternship.objects.update_or_create(
            agreement_id=agreement.pk,
            defaults={
                "graduate_id": agreement.graduate_id,
                "employer_id": agreement.employer_id,
                "placement_id": agreement.placement_id,
                "start_date": in_force.start_date,
                "end_date": in_force.end_date,
                "status": agreement.status,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0003_signing_notice"),
        ("placements", "0004_hosted_internship"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
