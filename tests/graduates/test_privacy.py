"""The graduate's personal-data pages: full export, who viewed her profile, erasure request and the
school's confirmation, bulk reads logged like single views, the public privacy notice."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from backend.accounts.models import User
from backend.core.models import AuditLog
from graduates import privacy, services
from graduates.models import ErasureRequest, Graduate
from matching.models import MatchScore
from placements.models import ApplicationTransition, Notification, OutcomeCheck
from tests.factories import PASSWORD, UserFactory
from tests.factories.placements import ApplicationFactory, OutcomeCheckFactory, PlacementFactory
from tests.graduates.conftest import make_pdf

pytestmark = pytest.mark.django_db


def views_of(graduate, channel=None):
    logs = AuditLog.objects.filter(
        action="graduate.profile_viewed", target_type="graduates.graduate", target_id=str(graduate.pk)
    )
    return logs.filter(data__channel=channel) if channel else logs


@pytest.fixture
def ines_history(graduate, employer_user, officer):
    """Inès's life on Tremplin: a candidacy with a note, a placement, an outcome answer, a
    notification, a score, and an employer who looked at her profile."""
    application = ApplicationFactory(graduate=graduate, message="Je suis disponible dès lundi.")
    ApplicationTransition.objects.create(
        application=application,
        transition="apply",
        from_state="interested",
        to_state="applied",
        note="Relancée",
    )
    PlacementFactory(graduate=graduate, job_title="Développeuse front")
    OutcomeCheckFactory(graduate=graduate, situation="employed", contract_type="CDI", note="Très contente")
    Notification.objects.create(
        user=graduate.user, kind="state_changed", subject="Entretien", body="Mardi 10 h"
    )
    MatchScore.objects.create(
        offer=application.offer,
        graduate=graduate,
        model_version="v1",
        score=0.81,
        reasons={"graduate": ["React"]},
    )
    services.graduate_view_record(graduate=graduate, by=employer_user, channel="web")
    return application


def test_the_export_holds_everything_tremplin_keeps_on_her(graduate, graduate_client, ines_history, employer):
    response = graduate_client.get(reverse("graduates:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ines@example.fr"
    [candidacy] = data["placements"]["candidacies"]
    assert candidacy["message"] == "Je suis disponible dès lundi."
    assert [h["note"] for h in candidacy["history"]] == ["", "Relancée"]
    assert data["placements"]["placements"][0]["job_title"] == "Développeuse front"
    assert data["placements"]["outcome_answers"][0]["note"] == "Très contente"
    assert data["placements"]["notifications"][0]["body"] == "Mardi 10 h"
    assert data["matching"]["scores"][0]["score"] == 0.81
    [view] = data["profile_views"]
    assert view["by"] == employer.name and view["channel"] == "web"
    assert "invitations" in data and "erasure_requests" in data


def test_the_zip_export_carries_the_cv_as_uploaded(graduate, graduate_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = make_pdf("Inès, développeuse React")
    services.graduate_cv_upload(graduate=graduate, by=graduate.user, file=pdf, filename="cv-ines.pdf")
    response = graduate_client.get(reverse("graduates:export_zip"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("cv/cv-ines.pdf") == pdf
    assert json.loads(archive.read("mes-donnees.json"))["cv"]["filename"] == "cv-ines.pdf"


def test_the_api_export_is_the_same_full_export(graduate, api_client_for, ines_history):
    response = api_client_for(graduate.user).get(reverse("api-graduate-export"))
    assert response.status_code == 200, response.content
    assert response.json()["placements"]["candidacies"][0]["message"] == "Je suis disponible dès lundi."


def test_only_the_graduate_herself_gets_her_export_and_views(client_for, employer_user, officer, graduate):
    for user in (employer_user, officer):
        for name in (
            "graduates:export",
            "graduates:export_zip",
            "graduates:profile_views",
            "graduates:erasure",
        ):
            assert client_for(user).get(reverse(name)).status_code == 403


def test_she_sees_which_employer_viewed_her_profile_and_when(
    graduate, graduate_client, ines_history, employer
):
    page = graduate_client.get(reverse("graduates:profile_views"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("data-view") == 1
    # The short French date of lists (« 7 déc. 2026 », backend/formats/fr), not « 07/12/2026 ».
    assert employer.name in html and date_format(timezone.localdate(), "SHORT_DATE_FORMAT") in html
    assert timezone.localdate().strftime("%d/%m/%Y") not in html


def test_the_employers_list_logs_each_profile_shown(visible_graduate, employer_user, client_for, employer):
    response = client_for(employer_user).get(reverse("graduates:employer_list"))
    assert response.status_code == 200 and visible_graduate.full_name in response.content.decode()
    assert views_of(visible_graduate, "web-list").filter(actor=employer_user).count() == 1
    labels = [v["by"] for v in privacy.profile_views(graduate=visible_graduate)]
    assert labels == [employer.name]


def test_the_api_list_and_the_cohort_board_log_their_reads(
    visible_graduate, employer_user, officer, api_client_for, client_for
):
    assert api_client_for(employer_user).get("/api/v1/graduates/").status_code == 200
    assert views_of(visible_graduate, "api-list").filter(actor=employer_user).count() == 1
    page = client_for(officer).get(reverse("graduates:cohort_board", args=[visible_graduate.cohort_id]))
    assert page.status_code == 200
    assert views_of(visible_graduate, "cohort-board").filter(actor=officer).count() == 1


def test_the_admin_list_logs_its_reads(visible_graduate, client):
    admin = User.objects.create_superuser(email="admin@ecole.fr", password=PASSWORD)
    client.force_login(admin)
    assert client.get(reverse("admin:graduates_graduate_changelist")).status_code == 200
    assert views_of(visible_graduate, "admin-list").filter(actor=admin).count() == 1
    change = reverse("admin:graduates_graduate_change", args=[visible_graduate.pk])
    assert client.get(change).status_code == 200
    assert views_of(visible_graduate, "admin").filter(actor=admin).count() == 1


def test_erasure_needs_her_confirmation_then_the_schools(
    graduate, graduate_client, officer, client_for, ines_history
):
    url = reverse("graduates:erasure")
    assert graduate_client.get(url).status_code == 200
    # Without ticking the box: a French error, nothing recorded.
    refused = graduate_client.post(url, {"reason": "Je déménage"})
    assert refused.status_code == 400 and "Cochez la case" in refused.content.decode()
    assert not ErasureRequest.objects.exists()

    assert graduate_client.post(url, {"confirm": "1", "reason": "Je déménage"}).status_code == 302
    request = ErasureRequest.objects.get(graduate=graduate)
    assert request.status == ErasureRequest.Status.PENDING and request.reason == "Je déménage"
    assert 'data-erasure="pending"' in graduate_client.get(url).content.decode()
    # Nothing is erased until the school confirms.
    graduate.refresh_from_db()
    assert graduate.anonymised_at is None

    school = client_for(officer)
    listing = school.get(reverse("graduates:erasure_list"))
    assert listing.status_code == 200 and graduate.full_name in listing.content.decode()
    user_pk = graduate.user_id
    with_confirm = school.post(reverse("graduates:erasure_decide", args=[request.pk]), {"action": "confirm"})
    assert with_confirm.status_code == 302
    graduate.refresh_from_db()
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE and request.reason == ""
    assert graduate.anonymised_at is not None and graduate.first_name == "Anonyme"
    assert not User.objects.filter(pk=user_pk).exists()
    # Her outcome answer stays for the report, without her words.
    check = OutcomeCheck.objects.get(graduate=graduate)
    assert (check.situation, check.note) == ("employed", "")


def test_she_is_told_by_email_when_the_school_erases(graduate, officer, django_capture_on_commit_callbacks):
    from django.core import mail

    request = privacy.erasure_request(graduate=graduate, by=graduate.user)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erasure_confirm(request=request, by=officer)
    assert [m.to for m in mail.outbox] == [["ines@example.fr"]]
    assert "effacées" in mail.outbox[0].subject


def test_she_may_cancel_and_the_school_may_decline(graduate, graduate_client, officer, client_for):
    graduate_client.post(reverse("graduates:erasure"), {"confirm": "1"})
    assert graduate_client.post(reverse("graduates:erasure_cancel")).status_code == 302
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.CANCELLED

    graduate_client.post(reverse("graduates:erasure"), {"confirm": "1"})
    pending = ErasureRequest.objects.get(status=ErasureRequest.Status.PENDING)
    client_for(officer).post(reverse("graduates:erasure_decide", args=[pending.pk]), {"action": "decline"})
    pending.refresh_from_db()
    assert pending.status == ErasureRequest.Status.CANCELLED
    assert Graduate.objects.get(pk=graduate.pk).anonymised_at is None


def test_only_officers_reach_the_erasure_pages(graduate, graduate_client, employer_user, client_for):
    graduate_client.post(reverse("graduates:erasure"), {"confirm": "1"})
    pending = ErasureRequest.objects.get()
    for client in (graduate_client, client_for(employer_user)):
        assert client.get(reverse("graduates:erasure_list")).status_code == 403
        assert (
            client.post(
                reverse("graduates:erasure_decide", args=[pending.pk]), {"action": "confirm"}
            ).status_code
            == 403
        )
    pending.refresh_from_db()
    assert pending.status == ErasureRequest.Status.PENDING


def test_a_second_request_is_refused_in_french(graduate):
    privacy.erasure_request(graduate=graduate, by=graduate.user)
    with pytest.raises(Exception, match="déjà enregistrée"):
        privacy.erasure_request(graduate=graduate, by=graduate.user)


def test_no_one_else_may_ask_for_her_erasure(graduate, officer):
    other = UserFactory(role=User.Role.GRADUATE)
    for user in (other, officer):
        with pytest.raises(Exception, match="Seule la personne concernée"):
            privacy.erasure_request(graduate=graduate, by=user)


def test_the_privacy_notice_is_public_french_and_in_every_footer(client):
    page = client.get(reverse("graduates:privacy"))
    assert page.status_code == 200
    html = page.content.decode()
    for words in (
        "Ce que nous gardons",
        "2 ans après le dernier contact",
        "Qui contacter",
        "mailto:",
        "CNIL",
    ):
        assert words in html
    home = client.get("/").content.decode()
    assert reverse("graduates:privacy") in home


def test_the_privacy_notice_names_the_schools_data_protection_contact(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@ecole-lens.fr"
    html = client.get(reverse("graduates:privacy")).content.decode()
    assert 'href="mailto:dpo@ecole-lens.fr"' in html
    assert "localhost" not in html

    # Development without the setting: the sender's bare address, never "Name <address>" in a link.
    settings.PRIVACY_CONTACT_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "Tremplin <tremplin@ecole-lens.fr>"
    html = client.get(reverse("graduates:privacy")).content.decode()
    assert 'href="mailto:tremplin@ecole-lens.fr"' in html
