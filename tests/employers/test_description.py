"""An offer's description renders as its employer meant it (issue #13): lists typed right under their
lead-in, the next paragraph typed right under the last item, one task a line."""

import pytest

from employers import services
from employers.models import Offer
from employers.services import render_description
from tests.factories import OfferFactory


def test_the_line_after_a_list_is_a_paragraph_not_part_of_the_last_item():
    html = render_description("Missions :\n- Développer le site\n- Maintenir l'API\nProfil : curieux")

    assert "<li>Maintenir l'API</li>" in html
    assert "<p>Profil : curieux</p>" in html


def test_lines_typed_one_under_the_other_stay_on_their_own_lines():
    html = render_description("Missions :\nDévelopper le site\nMaintenir l'API\n\nProfil : curieux")

    assert "<p>Missions :<br>\nDévelopper le site<br>\nMaintenir l'API</p>" in html
    assert "<p>Profil : curieux</p>" in html


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("Avantages :\n1) Tickets restaurant\n2) Mutuelle", "ol"),
        ("Avantages :\n1. Tickets restaurant\n2. Mutuelle", "ol"),
        ("Avantages :\n– Tickets restaurant\n– Mutuelle", "ul"),
        ("Avantages :\n• Tickets restaurant\n• Mutuelle", "ul"),
        ("Avantages :\n* Tickets restaurant\n* Mutuelle", "ul"),
    ],
)
def test_the_bullets_people_paste_become_lists(typed, tag):
    html = render_description(typed)

    assert f"<{tag}>\n<li>Tickets restaurant</li>\n<li>Mutuelle</li>\n</{tag}>" in html
    assert "<p>Avantages :</p>" in html


def test_an_indented_line_continues_its_item():
    html = render_description("Missions :\n- Développer le site\n  en React\n- Tester")

    assert html.count("<li>") == 2
    assert "en React</li>" in html


def test_a_year_or_a_sum_at_the_start_of_a_line_is_not_a_list():
    html = render_description("Historique :\n2023 : création\n35 h par semaine")

    assert "<li>" not in html


def test_the_public_offer_page_shows_the_list_typed_under_missions(client, employer, employer_user):
    offer = OfferFactory(employer=employer, published=True)
    services.offer_update(
        offer=offer,
        by=employer_user,
        description="Missions :\n- Installer les box domotiques\n- Former les clients\nProfil : autonome.",
    )
    # A non-partner's new text goes back to the school's validation: the school approves it again.
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)

    page = client.get(f"/offres/{offer.pk}/").content.decode()

    prose = page.split('<div class="prose">')[1].split("</div>")[0]
    assert "<li>Installer les box domotiques</li>" in prose
    assert "<li>Former les clients</li>" in prose
    assert "<p>Profil : autonome.</p>" in prose


def test_the_offer_form_shows_what_it_read_right_under_the_description(client_for, employer_user):
    page = client_for(employer_user).get("/entreprise/offres/nouvelle/").content.decode()

    description = page.index('id="id_description"')
    reading = page.index('id="text-analysis"')
    first_field_after = min(page.index('id="id_contract_type"'), page.index('id="id_salary_min"'))
    assert description < reading < first_field_after


@pytest.mark.django_db
def test_offers_saved_before_the_fix_are_rendered_again_by_the_migration(employer):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("employers.migrations.0009_render_descriptions_again")
    typed = "Missions :\n- installer les postes\n- former les utilisateurs\nProfil : autonome"
    old = OfferFactory(employer=employer, description=typed)
    Offer.objects.filter(pk=old.pk).update(description_html="<p>Missions :\n- installer les postes</p>")
    fine = OfferFactory(employer=employer, description="Une ligne.")

    migration.render_again(apps, None)

    old.refresh_from_db()
    assert old.description_html == render_description(typed)
    assert "<li>installer les postes</li>" in old.description_html
    fine.refresh_from_db()
    assert fine.description_html == render_description("Une ligne.")
