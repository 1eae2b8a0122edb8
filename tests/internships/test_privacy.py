"""A trainee's agreements in her data export, and gone from them with her erasure: her identity and
contact in every version, her signature's name and address, the evaluation, the report and the PDFs;
the hashes of what was signed stay."""

from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q

from graduates import privacy
from internships import services
from internships.models import AgreementVersion, Signature, TraineeReport

from .conftest import fill, sign_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(agreement, employer_user, trainee, officer):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    services.agreement_start(agreement=agreement, by=officer, today=date(2026, 5, 4))
    services.report_submit(
        agreement=agreement, by=trainee.user, missions="Écrans chez Hauts Numériques.", learned="Symfony."
    )
    return agreement


def test_her_agreements_are_in_her_export(reported, trainee):
    (exported,) = privacy.graduate_export_all(graduate=trainee, by=trainee.user)["internships"][
        "internship_agreements"
    ]
    assert exported["host"] == "Hauts Numériques" and exported["report"]["missions"].startswith("Écrans")
    (version,) = exported["versions"]
    assert version["trainee_address"] == "8 rue Émile Zola, 62800 Liévin"
    assert {s["party"] for s in version["signatures"]} == {"school", "host", "trainee"}


def test_her_erasure_removes_her_from_the_agreements_and_keeps_the_signed_hashes(
    reported, trainee, officer, django_capture_on_commit_callbacks
):
    email = trainee.email
    version = reported.latest_version()
    hashes = (version.document_sha256, version.signed_pdf_sha256)
    request = privacy.erasure_request(graduate=trainee, by=trainee.user)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erasure_confirm(request=request, by=officer)

    found = []
    for model in apps.get_app_config("internships").get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.EmailField) and not f.is_relation
        ]
        for needle in ("Haddad", email, "Émile Zola", "06 12 34 56 78"):
            query = Q()
            for name in fields:
                query |= Q(**{f"{name}__icontains": needle})
            if fields and model.objects.filter(query).exists():
                found.append((model._meta.label, needle))
    assert found == []
    version = AgreementVersion.objects.get()
    assert version.document_pdf is None and version.signed_pdf is None
    assert (version.document_sha256, version.signed_pdf_sha256) == hashes
    assert Signature.objects.count() == 3 and not TraineeReport.objects.exists()
