"""Pages: the same scoping as the API, asserted on the HTML."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.core.models import AuditLog
from graduates.models import Graduate, GraduateSkill
from tests.factories.graduates import GraduateFactory

from .conftest import make_pdf, make_zip_bomb, skill

# ---------------------------------------------------------------- employers


def test_employer_list_shows_only_visible_graduates(client_for, employer_user, graduate, visible_graduate):
    html = client_for(employer_user).get("/diplomes/profils/").content.decode()
    assert "Kylian Nowak" in html
    assert "Inès Dupont" not in html


def test_employer_list_and_profile_show_contracts_as_words_not_codes(
    client_for, employer_user, visible_graduate
):
    visible_graduate.contract_types = ["CDD", "INTERIM", "ALTERNANCE"]
    visible_graduate.save(update_fields=["contract_types"])
    client = client_for(employer_user)
    for url in ("/diplomes/profils/", f"/diplomes/profils/{visible_graduate.pk}/"):
        html = client.get(url).content.decode()
        assert "CDD, Intérim, Alternance" in html
        assert "INTERIM" not in html and "ALTERNANCE" not in html


def test_employer_gets_404_on_an_invisible_graduates_page(client_for, employer_user, graduate):
    assert client_for(employer_user).get(f"/diplomes/profils/{graduate.pk}/").status_code == 404


def test_employer_page_shows_shared_fields_and_never_sensitive_ones(
    client_for, employer_user, visible_graduate
):
    response = client_for(employer_user).get(f"/diplomes/profils/{visible_graduate.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Développeur React passionné" in html and "React" in html and "Liévin" in html
    for secret in ["14/03/2003", "2003", "kylian@example.fr", "NEET", "QPV", "RQTH", "Docker"]:
        assert secret not in html, secret
    assert AuditLog.objects.filter(action="graduate.profile_viewed", actor=employer_user).count() == 1


def test_employer_page_shows_rqth_only_when_disclosed(client_for, employer_user, visible_graduate):
    Graduate.objects.filter(pk=visible_graduate.pk).update(disability_disclosed=True)
    html = client_for(employer_user).get(f"/diplomes/profils/{visible_graduate.pk}/").content.decode()
    assert 'data-field="rqth"' in html


@pytest.mark.parametrize("persona", ["graduate", "anonymous"])
def test_only_employers_browse_profiles(client, client_for, graduate, visible_graduate, persona):
    c = client_for(graduate.user) if persona == "graduate" else client
    response = c.get(f"/diplomes/profils/{visible_graduate.pk}/")
    assert response.status_code == (403 if persona == "graduate" else 302)


# ---------------------------------------------------------------- graduates


def test_graduate_profile_page_is_off_by_default_and_lists_what_is_missing(graduate_client):
    html = graduate_client.get("/diplomes/").content.decode()
    assert 'data-visibility="off"' in html
    assert "Profil complété à" in html and "votre CV" in html


def test_graduate_cannot_open_the_officer_page_of_another_graduate(graduate_client, visible_graduate):
    assert graduate_client.get(f"/diplomes/ecole/diplomes/{visible_graduate.pk}/").status_code == 403


def test_graduate_cannot_act_on_another_graduates_skill(graduate_client, visible_graduate):
    row = visible_graduate.skills.get(skill__uid="tremplin:docker")
    response = graduate_client.post(f"/diplomes/competences/{row.pk}/", {"action": "accept"})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == "proposed"


def test_graduate_fills_the_profile_form(graduate_client, graduate):
    response = graduate_client.post(
        "/diplomes/profil/modifier/",
        {
            "commune_label": "Avion",
            "commune": "",
            "mobility_mode": "public_transport",
            "mobility_radius_km": "20",
            "contract_types": ["CDI", "STAGE"],
            "available_from": "2026-07-01",
            "languages": "anglais B1, arabe natif",
            "presentation": "J'aime construire des sites accessibles et travailler en équipe.",
            "appellation_label": ["Développeur / Développeuse web", "", ""],
            "appellation": ["", "", ""],
            "github_url": "github.com/ines",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    graduate.refresh_from_db()
    assert graduate.commune_id == "62065"
    assert graduate.contract_types == ["CDI", "STAGE"]
    assert graduate.languages == [{"name": "Anglais", "level": "B1"}, {"name": "Arabe", "level": "NATIF"}]
    assert [a.code for a in graduate.desired_appellations.all()] == ["14156"]
    assert graduate.github_url == "https://github.com/ines"


def test_profile_form_reports_an_unknown_commune(graduate_client):
    response = graduate_client.post(
        "/diplomes/profil/modifier/",
        {"commune_label": "Nulle-Part-sur-Mer", "mobility_mode": "car", "mobility_radius_km": "20"},
    )
    assert response.status_code == 200
    assert "Nulle-Part-sur-Mer » introuvable" in response.content.decode()


def test_graduate_uploads_a_cv_and_a_zip_bomb_is_refused_on_the_page(
    graduate_client, graduate, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    bad = graduate_client.post("/diplomes/cv/", {"cv": SimpleUploadedFile("cv.docx", make_zip_bomb())})
    assert bad.status_code == 400
    assert "archive piégée" in bad.content.decode()
    good = graduate_client.post("/diplomes/cv/", {"cv": SimpleUploadedFile("cv.pdf", make_pdf("React"))})
    assert good.status_code == 302
    graduate.refresh_from_db()
    assert "React" in graduate.cv_text


def test_graduate_accepts_a_proposed_skill_with_a_level(graduate_client, graduate):
    row = GraduateSkill.objects.create(
        graduate=graduate, skill=skill("tremplin:react"), source="extracted", status="proposed"
    )
    html = graduate_client.get("/diplomes/").content.decode()
    assert 'data-proposed="tremplin:react"' in html
    graduate_client.post(f"/diplomes/competences/{row.pk}/", {"action": "accept", "level": "3"})
    row.refresh_from_db()
    assert (row.status, row.level) == ("accepted", 3)


def test_skills_proposed_without_a_cv_do_not_claim_to_come_from_a_cv(graduate_client, graduate):
    GraduateSkill.objects.create(
        graduate=graduate, skill=skill("tremplin:react"), source="extracted", status="proposed"
    )
    html = graduate_client.get("/diplomes/").content.decode()
    assert "1 compétence repérée dans votre présentation et vos projets" in html
    assert "dans votre CV" not in html


def test_graduate_declares_skills_with_the_picker(graduate_client, graduate):
    react = skill("tremplin:react")
    graduate_client.post(
        "/diplomes/competences/ajouter/", {"skills": [str(react.pk)], f"level_{react.pk}": "4"}
    )
    assert graduate.skills.get().level == 4


def test_graduate_turns_visibility_on(graduate_client, graduate):
    graduate_client.post("/diplomes/visibilite/", {"visible": "1"})
    graduate.refresh_from_db()
    assert graduate.visible_to_employers is True
    assert 'data-visibility="on"' in graduate_client.get("/diplomes/").content.decode()


def test_graduate_adds_a_project(graduate_client, graduate):
    react = skill("tremplin:react")
    response = graduate_client.post(
        "/diplomes/projets/nouveau/",
        {"title": "Appli covoiturage", "description": "React", "skills": [str(react.pk)]},
    )
    assert response.status_code == 302
    assert [s.uid for s in graduate.projects.get().skills.all()] == ["tremplin:react"]


def test_graduate_downloads_their_data_as_json(graduate_client):
    import json

    response = graduate_client.get("/diplomes/mes-donnees.json")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["profile"]["email"] == "ines@example.fr"


def test_employer_cannot_open_the_graduate_space(client_for, employer_user):
    assert client_for(employer_user).get("/diplomes/").status_code == 403


# ---------------------------------------------------------------- officers


def test_officer_board_shows_completeness_and_availability(
    client_for, officer, cohort, graduate, visible_graduate
):
    from datetime import date

    Graduate.objects.filter(pk=graduate.pk).update(available_from=date(2020, 1, 1))
    html = client_for(officer).get(f"/diplomes/ecole/promotions/{cohort.pk}/").content.decode()
    assert "Inès Dupont" in html and "Kylian Nowak" in html
    assert f'data-graduate="{graduate.pk}"' in html
    assert "disponible" in html
    assert 'data-completeness="' in html


def test_officer_import_page_reports_errors_and_imports_nothing(client_for, officer, cohort):
    data = "nom;prénom;e-mail;date de naissance\nMartin;Léa;lea@example.fr;2003-13-45\n".encode()
    response = client_for(officer).post(
        f"/diplomes/ecole/promotions/{cohort.pk}/import/", {"file": SimpleUploadedFile("p.csv", data)}
    )
    assert response.status_code == 400
    assert "JJ/MM/AAAA" in response.content.decode()
    assert Graduate.objects.count() == 0


def test_officer_imports_an_excel_file(client_for, officer, cohort):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Nom", "Prénom", "E-mail", "Commune"])
    workbook.active.append(["Martin", "Léa", "lea@example.fr", "Liévin"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client_for(officer).post(
        f"/diplomes/ecole/promotions/{cohort.pk}/import/",
        {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    assert Graduate.objects.get().commune_id == "62510"


def test_officer_creates_a_cohort_from_the_page(client_for, officer):
    response = client_for(officer).post(
        "/diplomes/ecole/promotions/",
        {
            "name": "Promo 2027-1",
            "track": "digital_coach",
            "training_start": "2027-01-04",
            "training_end": "2027-04-30",
            "trainers": [officer.pk],
        },
    )
    assert response.status_code == 302
    from graduates.models import Cohort

    assert list(Cohort.objects.get(name="Promo 2027-1").trainers.all()) == [officer]


def test_officer_confirms_a_skill_from_the_graduate_page(client_for, officer, visible_graduate):
    row = visible_graduate.skills.get(skill__uid="tremplin:react")
    client = client_for(officer)
    html = client.get(f"/diplomes/ecole/diplomes/{visible_graduate.pk}/").content.decode()
    assert "14 mars 2003" in html  # the school sees the entry characteristics
    client.post(
        f"/diplomes/ecole/diplomes/{visible_graduate.pk}/competences/",
        {"graduate_skill": row.pk, "confirmed": "1"},
    )
    row.refresh_from_db()
    assert row.is_confirmed


def test_officer_edits_a_cohort_and_a_wrong_date_keeps_what_was_saved(client_for, officer, cohort):
    client = client_for(officer)
    page = client.get(f"/diplomes/ecole/promotions/{cohort.pk}/modifier/").content.decode()
    assert 'value="Promo Lens 2026-1"' in page
    data = {
        "name": "Promo Lens 2026-1 (renommée)",
        "track": cohort.track,
        "training_start": cohort.training_start.isoformat(),
        "training_end": cohort.training_end.isoformat(),
        "internship_start": "",
        "internship_end": "",
        "trainers": [officer.pk],
    }
    assert client.post(f"/diplomes/ecole/promotions/{cohort.pk}/modifier/", data).status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "Promo Lens 2026-1 (renommée)" and list(cohort.trainers.all()) == [officer]

    bad = dict(data, training_end="2000-01-01")
    response = client.post(f"/diplomes/ecole/promotions/{cohort.pk}/modifier/", bad)
    assert response.status_code == 400
    cohort.refresh_from_db()
    assert cohort.training_end.isoformat() == data["training_end"]


def test_officer_invites_one_graduate_from_the_board(
    client_for, officer, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    pending = GraduateFactory(
        cohort=cohort, user=None, first_name="Léa", last_name="Martin", email="sans.compte@example.fr"
    )
    client = client_for(officer)
    board = client.get(f"/diplomes/ecole/promotions/{cohort.pk}/").content.decode()
    assert f"/diplomes/ecole/diplomes/{pending.pk}/inviter/" in board
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/diplomes/ecole/diplomes/{pending.pk}/inviter/", follow=True)
    assert "Invitation envoyée" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["sans.compte@example.fr"]]


def test_inviting_a_graduate_who_has_an_account_says_so(client_for, officer, graduate, mailoutbox):
    response = client_for(officer).post(f"/diplomes/ecole/diplomes/{graduate.pk}/inviter/", follow=True)
    assert "a déjà son compte" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "path",
    [
        "/diplomes/ecole/promotions/",
        "/diplomes/ecole/promotions/{cohort}/",
        "/diplomes/ecole/promotions/{cohort}/modifier/",
    ],
)
def test_school_pages_are_forbidden_to_employers_and_graduates(
    client_for, employer_user, graduate, cohort, path
):
    url = path.format(cohort=cohort.pk)
    assert client_for(employer_user).get(url).status_code == 403
    assert client_for(graduate.user).get(url).status_code == 403


def test_only_the_school_invites_a_graduate(client, client_for, employer_user, graduate, mailoutbox):
    url = f"/diplomes/ecole/diplomes/{graduate.pk}/inviter/"
    assert client_for(employer_user).post(url).status_code == 403
    assert client_for(graduate.user).post(url).status_code == 403
    assert client.post(url).status_code == 302  # to the login page
    assert mailoutbox == []


def test_the_nav_links_each_role_to_its_graduate_pages(client_for, officer, graduate, employer_user):
    assert (
        'href="/diplomes/ecole/promotions/"'
        in client_for(officer).get("/diplomes/ecole/promotions/").content.decode()
    )
    assert 'href="/diplomes/"' in client_for(graduate.user).get("/diplomes/").content.decode()
    assert 'href="/diplomes/profils/"' in client_for(employer_user).get("/diplomes/profils/").content.decode()


def _close_without_signal(response) -> None:
    """Close the streamed file; response.close() would also fire request_finished and drop the DB connection."""
    for closer in response._resource_closers:
        closer()


def test_cv_is_downloaded_by_its_owner_and_the_school_only(
    client_for, graduate, officer, employer_user, settings, tmp_path
):
    from graduates import services

    settings.MEDIA_ROOT = tmp_path
    services.graduate_cv_upload(
        graduate=graduate, by=graduate.user, file=make_pdf("React"), filename="cv.pdf"
    )
    own = client_for(graduate.user).get("/diplomes/cv/telecharger/")
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF-")
    _close_without_signal(own)
    school = client_for(officer).get(f"/diplomes/ecole/diplomes/{graduate.pk}/cv/")
    assert school.status_code == 200
    assert school["Content-Disposition"].startswith('attachment; filename="cv.pdf"')
    _close_without_signal(school)
    assert AuditLog.objects.filter(action="graduate.cv_downloaded", actor=officer).count() == 1
    assert client_for(employer_user).get(f"/diplomes/ecole/diplomes/{graduate.pk}/cv/").status_code == 403


def test_key_pages_run_a_constant_number_of_queries(
    client_for, officer, employer_user, cohort, django_assert_max_num_queries
):
    from django.utils import timezone

    for i in range(12):
        g = GraduateFactory(cohort=cohort, visible_to_employers=True, visibility_changed_at=timezone.now())
        GraduateSkill.objects.create(
            graduate=g, skill=skill("tremplin:react"), source="declared", status="accepted", level=2
        )
        g.projects.create(title=f"Projet {i}")
    officer_client, employer_client = client_for(officer), client_for(employer_user)
    with django_assert_max_num_queries(16):
        assert officer_client.get(f"/diplomes/ecole/promotions/{cohort.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert employer_client.get("/diplomes/profils/").status_code == 200
