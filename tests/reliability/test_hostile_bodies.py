"""Hostile request bodies on the API (issue #10): deeply nested JSON, invalid UTF-8, a 1 MB text — a
French 4xx or a normal answer, never a server error."""

import ast
from pathlib import Path

import pytest

from employers.models import Offer

pytestmark = pytest.mark.django_db

OFFERS = "/api/v1/employer/offers/"
ROOT = Path(__file__).resolve().parents[2]
APPS = ("backend", "employers", "graduates", "placements", "matching", "territory", "agenda")


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_deeply_nested_json_is_a_french_400_not_a_500(api_client_for, employer_user, depth):
    body = '{"title": ' + "[" * depth + "]" * depth + "}"
    response = api_client_for(employer_user).generic("POST", OFFERS, body, content_type="application/json")
    assert response.status_code == 400
    assert "imbriqué trop profondément" in response.json()["message"]
    assert not Offer.objects.exists()


def test_invalid_utf8_is_a_french_400(api_client_for, employer_user):
    body = b'{"title": "caf\xe9 \xff\xfe"}'
    response = api_client_for(employer_user).generic("POST", OFFERS, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Le corps de la requête n'est pas du texte UTF-8 valide."


def test_broken_json_says_so_in_french(api_client_for, employer_user):
    response = api_client_for(employer_user).generic(
        "POST", OFFERS, '{"title": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("Le corps de la requête n'est pas un JSON valide")


def test_a_one_megabyte_offer_text_is_answered_without_a_server_error(api_client_for, employer_user):
    body = {
        "title": "Développeur·se web",
        "description": "Nous recrutons. " * 65_000,  # ~1 MB
        "contract_type": "CDI",
        "salary_min": "2000",
        "salary_max": "2500",
        "commune": "62498",
    }
    response = api_client_for(employer_user).post(OFFERS, body, format="json")
    assert response.status_code in (201, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["message"]  # a French reason, not a stack trace


def test_no_view_pins_drf_s_own_json_parser():
    """A view naming ``rest_framework.parsers.JSONParser`` would bring the 500 back for that endpoint."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module == "rest_framework.parsers"
                    and any(alias.name == "JSONParser" for alias in node.names)
                ):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.parametrize(
    "filename",
    ["../../../etc/passwd.pdf", "..\\..\\windows\\cv.pdf", "%2e%2e%2fcv.pdf", "....//cv.pdf"],
)
def test_a_cv_named_to_climb_out_of_the_media_folder_stays_in_it(
    api_client_for, settings, tmp_path, filename
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.graduates import GraduateFactory
    from tests.graduates.conftest import make_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    graduate = GraduateFactory()
    upload = SimpleUploadedFile(filename, make_pdf(), content_type="application/pdf")
    response = api_client_for(graduate.user).post(
        "/api/v1/graduates/me/cv/", {"file": upload}, format="multipart"
    )
    assert response.status_code in (200, 400), response.content[:300]
    graduate.refresh_from_db()
    if response.status_code == 200:
        stored = (settings.MEDIA_ROOT / graduate.cv_file.name).resolve()
        assert stored.is_file() and stored.is_relative_to((settings.MEDIA_ROOT / "cv").resolve())
        assert ".." not in graduate.cv_file.name and "/" not in graduate.cv_filename
    # Nothing was written anywhere else under the test's folder.
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.is_relative_to(settings.MEDIA_ROOT / "cv") for p in written), written


def test_a_file_name_of_dots_only_is_stored_as_cv(settings, tmp_path):
    """Django's multipart parser never hands ".." to a view, but the service takes any name it is given
    (an import, a script): it was a SuspiciousFileOperation."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from graduates.services import graduate_cv_upload
    from tests.factories.graduates import GraduateFactory
    from tests.graduates.conftest import make_pdf

    settings.MEDIA_ROOT = tmp_path
    graduate = GraduateFactory()
    for typed in ("cv.pdf/..", "..", "..\\.."):
        upload = SimpleUploadedFile("x.pdf", make_pdf(), content_type="application/pdf")
        graduate = graduate_cv_upload(graduate=graduate, by=graduate.user, file=upload, filename=typed)
        assert graduate.cv_filename == "cv.pdf"
