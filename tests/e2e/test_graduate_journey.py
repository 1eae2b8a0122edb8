"""A graduate, on a phone, accepts the invitation, fills the profile, uploads a CV, keeps the skills
proposed from it and chooses to be visible to employers."""

import re

import pytest
from playwright.sync_api import expect

from graduates import services
from graduates.models import Graduate
from tests.factories import UserFactory
from tests.factories.graduates import CohortFactory
from tests.graduates.conftest import make_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_graduate_accepts_invitation_fills_profile_uploads_cv_keeps_skills_and_becomes_visible(
    live_server, phone, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Given a cohort imported by the school and an invitation sent to Léa
    officer = UserFactory(role="officer", email="charge@ecole.fr")
    cohort = CohortFactory(name="Promo Lens 2026-1")
    graduate = Graduate.objects.create(
        cohort=cohort, first_name="Léa", last_name="Martin", email="lea@example.fr"
    )
    invitation = services.graduate_invite(graduate=graduate, by=officer)

    # When she opens the link on her phone and creates her password
    phone.goto(f"{live_server.url}/comptes/invitation/{invitation.raw_token}/")
    phone.fill("#id_first_name", "Léa")
    phone.fill("#id_last_name", "Martin")
    phone.fill("#id_password", "un-mot-de-passe-solide-2026")
    phone.fill("#id_password_confirm", "un-mot-de-passe-solide-2026")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    graduate.refresh_from_db()
    assert graduate.user is not None and graduate.user.email == "lea@example.fr"

    # Her profile starts invisible to employers
    phone.get_by_role("link", name="Mon profil", exact=True).click()
    expect(phone.locator("[data-visibility=off]")).to_be_visible()

    # She fills her search: commune, mobility, contracts, availability, job title, languages
    phone.get_by_role("link", name="Modifier ma recherche et ma présentation").click()
    phone.type("#id_commune_label", "Liév", delay=60)
    phone.locator("#commune-suggestions button", has_text="Liévin").first.click()
    expect(phone.locator("#id_commune_label")).to_have_value(re.compile("Liévin"))
    phone.get_by_label("Transports en commun").check()
    phone.fill("#id_mobility_radius_km", "15")
    phone.get_by_label("CDI").check()
    phone.get_by_label("Alternance").check()
    phone.fill("#id_available_from", "2026-07-01")
    phone.type("#id_appellation_label_1", "developpeur web", delay=40)
    phone.locator(
        "#appellation-suggestions-1 button", has_text="Développeur / Développeuse web"
    ).first.click()
    phone.fill("#id_languages", "anglais B1")
    phone.fill(
        "#id_presentation", "Je construis des sites accessibles en React et j'aime travailler en équipe."
    )
    phone.get_by_role("button", name="Enregistrer").click()
    expect(phone.get_by_text("Profil enregistré.")).to_be_visible()
    graduate.refresh_from_db()
    assert graduate.commune_id == "62510"
    assert (graduate.mobility_mode, graduate.mobility_radius_km) == ("public_transport", 15)
    assert graduate.contract_types == ["CDI", "ALTERNANCE"]
    assert str(graduate.available_from) == "2026-07-01"
    assert [a.code for a in graduate.desired_appellations.all()] == ["14156"]
    assert graduate.languages == [{"name": "Anglais", "level": "B1"}]

    # She uploads her CV
    phone.set_input_files(
        "#id_cv",
        files=[
            {
                "name": "cv-lea.pdf",
                "mimeType": "application/pdf",
                "buffer": make_pdf("React, Git, HTML et CSS"),
            }
        ],
    )
    phone.get_by_role("button", name="Envoyer mon CV").click()
    expect(phone.get_by_text("CV enregistré.", exact=False)).to_be_visible()
    graduate.refresh_from_db()
    assert "React, Git" in graduate.cv_text

    # The NLP pipeline (matching's task, run in-process here) read her CV and proposes its skills
    proposed = {s.skill.uid for s in graduate.skills.select_related("skill").filter(status="proposed")}
    assert {"tremplin:react", "tremplin:git"} <= proposed

    # She keeps React at level 3 and sets Git aside
    phone.reload()
    react = phone.locator("[data-proposed='tremplin:react']")
    react.get_by_label("Niveau").select_option("3")
    react.get_by_role("button", name="Garder").click()
    expect(phone.locator("[data-accepted] [data-skill='tremplin:react']")).to_be_visible()
    phone.locator("[data-proposed='tremplin:git']").get_by_role("button", name="Écarter").click()
    expect(phone.locator("[data-proposed='tremplin:git']")).to_have_count(0)
    rows = {s.skill.uid: (s.status, s.level) for s in graduate.skills.select_related("skill")}
    assert rows["tremplin:react"] == ("accepted", 3)
    assert rows["tremplin:git"] == ("dismissed", None)

    # And she chooses to be visible to employers
    phone.get_by_role("button", name="Rendre mon profil visible").click()
    expect(phone.locator("[data-visibility=on]")).to_be_visible()
    graduate.refresh_from_db()
    assert graduate.visible_to_employers is True
    assert graduate.visibility_changed_at is not None

    # The page fits the phone: nothing wider than the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
