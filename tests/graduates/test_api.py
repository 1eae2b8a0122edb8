"""API scoping: the graduate sees only themself, employers only visible graduates and shared fields."""

import json

import pytest

from backend.core.models import AuditLog
from graduates.models import Graduate, GraduateSkill

from .conftest import make_pdf, make_pdf_with_javascript, make_zip_bomb, skill

SENSITIVE = [
    "birth_date",
    "gender",
    "diploma_level",
    "entry_situation",
    "qpv_resident",
    "disability_recognised",
    "email",
]


def walk_keys(data) -> set[str]:
    keys = set()
    if isinstance(data, dict):
        for key, value in data.items():
            keys.add(key)
            keys |= walk_keys(value)
    elif isinstance(data, list):
        for value in data:
            keys |= walk_keys(value)
    return keys


# ---------------------------------------------------------------- employers


def test_employer_lists_only_visible_graduates(api_client_for, employer_user, graduate, visible_graduate):
    response = api_client_for(employer_user).get("/api/v1/graduates/")
    assert response.status_code == 200
    assert [g["id"] for g in response.json()["results"]] == [visible_graduate.pk]


def test_employer_gets_404_for_an_invisible_graduate(api_client_for, employer_user, graduate):
    response = api_client_for(employer_user).get(f"/api/v1/graduates/{graduate.pk}/")
    assert response.status_code == 404


def test_employer_payload_has_no_sensitive_field_and_only_accepted_skills(
    api_client_for, employer_user, visible_graduate
):
    response = api_client_for(employer_user).get(f"/api/v1/graduates/{visible_graduate.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert walk_keys(data).isdisjoint(SENSITIVE + ["cv", "cv_text", "visibility_changed_at"])
    raw = json.dumps(data)
    assert "2003-03-14" not in raw and "kylian@example.fr" not in raw and "neet" not in raw
    assert data["skills"] == [{"uid": "tremplin:react", "label": "React", "level": 3, "confirmed": False}]
    assert data["first_name"] == "Kylian"
    assert data["commune"]["insee"] == "62510"


def test_employer_sees_the_disability_only_when_the_graduate_discloses_it(
    api_client_for, employer_user, visible_graduate
):
    client = api_client_for(employer_user)
    assert "disability_recognised" not in client.get(f"/api/v1/graduates/{visible_graduate.pk}/").json()
    Graduate.objects.filter(pk=visible_graduate.pk).update(disability_disclosed=True)
    assert client.get(f"/api/v1/graduates/{visible_graduate.pk}/").json()["disability_recognised"] is True


def test_each_profile_view_by_an_employer_is_logged(api_client_for, employer_user, visible_graduate):
    api_client_for(employer_user).get(f"/api/v1/graduates/{visible_graduate.pk}/")
    log = AuditLog.objects.get(action="graduate.profile_viewed")
    assert (log.actor, log.target_id, log.data) == (
        employer_user,
        str(visible_graduate.pk),
        {"channel": "api", "role": "employer"},
    )


def test_an_employer_not_yet_approved_sees_no_graduate(
    api_client_for, employer, employer_user, visible_graduate
):
    employer.status = "pending"
    employer.save()
    client = api_client_for(employer_user)
    assert client.get("/api/v1/graduates/").json()["results"] == []
    assert client.get(f"/api/v1/graduates/{visible_graduate.pk}/").status_code == 404


def test_employer_filters_by_skill_and_track(api_client_for, employer_user, visible_graduate):
    client = api_client_for(employer_user)
    assert client.get("/api/v1/graduates/?skill=tremplin:react").json()["count"] == 1
    assert client.get("/api/v1/graduates/?skill=tremplin:docker").json()["count"] == 0  # only proposed
    assert client.get("/api/v1/graduates/?track=digital_coach").json()["count"] == 0


def test_employer_cannot_use_graduate_or_cohort_endpoints(api_client_for, employer_user, cohort):
    client = api_client_for(employer_user)
    assert client.get("/api/v1/graduates/me/").status_code == 403
    assert client.get("/api/v1/cohorts/").status_code == 403
    assert client.get(f"/api/v1/cohorts/{cohort.pk}/").status_code == 403


def test_anonymous_gets_401(api_client_for, visible_graduate):
    assert api_client_for().get("/api/v1/graduates/").status_code == 401


# ---------------------------------------------------------------- graduates


def test_graduate_reads_own_profile_with_everything(api_client_for, graduate):
    data = api_client_for(graduate.user).get("/api/v1/graduates/me/").json()
    assert (data["id"], data["email"], data["birth_date"], data["visible_to_employers"]) == (
        graduate.pk,
        "ines@example.fr",
        "2003-03-14",
        False,
    )


def test_graduate_never_sees_another_graduate(api_client_for, graduate, visible_graduate):
    client = api_client_for(graduate.user)
    assert client.get(f"/api/v1/graduates/{visible_graduate.pk}/").status_code == 404
    assert [g["id"] for g in client.get("/api/v1/graduates/").json()["results"]] == [graduate.pk]


def test_graduate_cannot_touch_another_graduates_skill(api_client_for, graduate, visible_graduate):
    other_row = visible_graduate.skills.get(skill__uid="tremplin:docker")
    client = api_client_for(graduate.user)
    assert (
        client.post(
            f"/api/v1/graduates/me/skills/{other_row.pk}/review/", {"accept": True}, format="json"
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/graduates/me/skills/{other_row.pk}/").status_code == 404
    other_row.refresh_from_db()
    assert other_row.status == "proposed"


def test_graduate_edits_profile_through_the_api(api_client_for, graduate):
    response = api_client_for(graduate.user).patch(
        "/api/v1/graduates/me/",
        {
            "commune": "62498",
            "mobility_mode": "car",
            "mobility_radius_km": 35,
            "contract_types": ["CDI", "ALTERNANCE"],
            "available_from": "2026-09-01",
            "desired_appellations": ["14156"],
            "languages": [{"name": "anglais", "level": "B1"}],
            "driving_licence": True,
            "github_url": "https://github.com/ines",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["commune"]["insee"] == "62498"
    assert (data["radius_km"], data["contract_types"], data["available_from"]) == (
        35,
        ["CDI", "ALTERNANCE"],
        "2026-09-01",
    )
    assert [a["code"] for a in data["desired_appellations"]] == ["14156"]
    assert data["languages"] == [{"name": "Anglais", "level": "B1"}]


def test_bad_contract_type_gets_a_400_with_a_message(api_client_for, graduate):
    response = api_client_for(graduate.user).patch(
        "/api/v1/graduates/me/", {"contract_types": ["CDI", "X"]}, format="json"
    )
    assert response.status_code == 400
    assert "contract_types" in response.json()["extra"]["fields"]


def test_graduate_turns_visibility_on_and_off(api_client_for, graduate):
    client = api_client_for(graduate.user)
    data = client.post("/api/v1/graduates/me/visibility/", {"visible": True}, format="json").json()
    assert data["visible_to_employers"] is True and data["visibility_changed_at"]
    data = client.post("/api/v1/graduates/me/visibility/", {"visible": False}, format="json").json()
    assert data["visible_to_employers"] is False


def test_graduate_declares_reviews_and_removes_skills(api_client_for, graduate):
    client = api_client_for(graduate.user)
    created = client.post(
        "/api/v1/graduates/me/skills/", {"skill": "tremplin:react", "level": 3}, format="json"
    )
    assert created.status_code == 201
    assert (created.json()["source"], created.json()["status"], created.json()["level"]) == (
        "declared",
        "accepted",
        3,
    )
    row = GraduateSkill.objects.create(
        graduate=graduate, skill=skill("tremplin:git"), source="extracted", status="proposed"
    )
    reviewed = client.post(
        f"/api/v1/graduates/me/skills/{row.pk}/review/", {"accept": True, "level": 2}, format="json"
    )
    assert (reviewed.json()["status"], reviewed.json()["level"]) == ("accepted", 2)
    assert client.delete(f"/api/v1/graduates/me/skills/{row.pk}/").status_code == 204
    assert GraduateSkill.objects.get(pk=row.pk).status == "dismissed"  # stays dismissed for the next analysis


def test_graduate_adds_a_project_with_skills(api_client_for, graduate):
    response = api_client_for(graduate.user).post(
        "/api/v1/graduates/me/projects/",
        {
            "title": "Appli covoiturage",
            "description": "React + Node",
            "skills": ["tremplin:react", "tremplin:nodejs"],
        },
        format="json",
    )
    assert response.status_code == 201
    assert sorted(s["uid"] for s in response.json()["skills"]) == ["tremplin:nodejs", "tremplin:react"]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [(b"hello, je suis un CV texte", "PDF ou Word"), ("js", "JavaScript"), ("bomb", "archive piégée")],
)
def test_cv_upload_refusals_are_400_with_a_clear_message(
    api_client_for, graduate, settings, tmp_path, payload, reason
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    data = {"js": make_pdf_with_javascript, "bomb": make_zip_bomb}.get(payload, lambda: payload)()
    upload = SimpleUploadedFile("cv.pdf", data, content_type="application/pdf")
    response = api_client_for(graduate.user).post(
        "/api/v1/graduates/me/cv/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert reason in response.json()["message"]


def test_cv_upload_accepts_a_pdf(api_client_for, graduate, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("cv.pdf", make_pdf("React"), content_type="application/octet-stream")
    response = api_client_for(graduate.user).post(
        "/api/v1/graduates/me/cv/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 200
    assert response.json()["cv"]["filename"] == "cv.pdf"


def test_graduate_downloads_their_data(api_client_for, graduate):
    response = api_client_for(graduate.user).get("/api/v1/graduates/me/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["profile"]["email"] == "ines@example.fr"


# ---------------------------------------------------------------- officers


def test_officer_sees_every_graduate_with_entry_characteristics(
    api_client_for, officer, graduate, visible_graduate
):
    data = api_client_for(officer).get("/api/v1/graduates/").json()
    assert sorted(g["id"] for g in data["results"]) == sorted([graduate.pk, visible_graduate.pk])
    assert {g["entry_situation"] for g in data["results"]} == {"neet"}


def test_officer_confirms_a_skill_and_employers_see_it_confirmed(
    api_client_for, officer, employer_user, visible_graduate
):
    response = api_client_for(officer).post(
        f"/api/v1/graduates/{visible_graduate.pk}/confirm-skill/", {"skill": "tremplin:react"}, format="json"
    )
    assert response.status_code == 200 and response.json()["confirmed"] is True
    skills = api_client_for(employer_user).get(f"/api/v1/graduates/{visible_graduate.pk}/").json()["skills"]
    assert skills == [{"uid": "tremplin:react", "label": "React", "level": 3, "confirmed": True}]


def test_graduate_cannot_confirm_skills(api_client_for, graduate):
    response = api_client_for(graduate.user).post(
        f"/api/v1/graduates/{graduate.pk}/confirm-skill/", {"skill": "tremplin:react"}, format="json"
    )
    assert response.status_code == 403


def test_officer_creates_a_cohort_imports_and_invites(
    api_client_for, officer, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_client_for(officer)
    created = client.post(
        "/api/v1/cohorts/",
        {
            "name": "Promo 2026-2",
            "track": "home_automation",
            "training_start": "2026-09-07",
            "training_end": "2026-12-18",
            "internship_start": "2027-01-04",
            "internship_end": "2027-02-26",
            "trainers": [officer.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    cohort_id = created.json()["id"]
    assert created.json()["trainers"][0]["id"] == officer.pk

    bad = SimpleUploadedFile("p.csv", "nom;prénom;e-mail\nMartin;Léa;pas-un-email\n".encode())
    refused = client.post(f"/api/v1/cohorts/{cohort_id}/import/", {"file": bad}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["extra"]["errors"][0]["line"] == 2
    assert Graduate.objects.count() == 0

    good = SimpleUploadedFile("p.csv", "nom;prénom;e-mail\nMartin;Léa;lea@example.fr\n".encode())
    assert client.post(f"/api/v1/cohorts/{cohort_id}/import/", {"file": good}, format="multipart").json() == {
        "created": 1
    }
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(f"/api/v1/cohorts/{cohort_id}/invite/").json()
    assert invited == {"invited": ["lea@example.fr"]}
    board = client.get(f"/api/v1/cohorts/{cohort_id}/board/").json()
    assert [(r["name"], r["has_account"], r["completeness"]) for r in board] == [("Léa Martin", False, 0)]


def test_schema_documents_the_graduate_endpoints(api_client_for, officer):
    response = api_client_for(officer).get("/api/v1/schema/?format=json")
    paths = response.json()["paths"]
    assert "/api/v1/graduates/me/" in paths and "/api/v1/cohorts/{id}/import/" in paths
