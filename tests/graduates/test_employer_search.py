"""An employer searches the visible graduates by skill, by commune and distance, by track (issue #13)."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from graduates.models import GraduateSkill
from tests.factories.graduates import GraduateFactory

from .conftest import skill

pytestmark = pytest.mark.django_db

URL = reverse("graduates:employer_list")


def names(response) -> list[str]:
    page = unescape(response.content.decode())
    results = page.split('id="results"')[1]
    return [chunk.split("</strong>")[0] for chunk in results.split('offer-card"><a href=')[1:] if chunk]


def shown(response) -> set[str]:
    return {name.split("<strong>")[1] for name in names(response)}


@pytest.fixture
def arras_graduate(cohort):
    """Visible, lives in Arras (about 15 km from Liévin), holds Docker but not React."""
    g = GraduateFactory(
        cohort=cohort,
        visible_to_employers=True,
        visibility_changed_at=timezone.now(),
        commune_id="62041",
        contract_types=["CDI"],
    )
    GraduateSkill.objects.create(
        graduate=g, skill=skill("tremplin:docker"), source="declared", status="accepted", level=2
    )
    return g


def test_the_employer_finds_graduates_by_a_skill_they_kept_on_their_profile(
    client_for, employer_user, visible_graduate, arras_graduate
):
    client = client_for(employer_user)

    react = client.get(URL, {"skill": skill("tremplin:react").pk})
    docker = client.get(URL, {"skill": skill("tremplin:docker").pk})

    assert shown(react) == {visible_graduate.full_name}
    # Kylian's Docker is only proposed (read in his CV, not kept): it does not count.
    assert shown(docker) == {arras_graduate.full_name}
    assert "React" in unescape(react.content.decode()).split("data-chosen>")[1].split("</ul>")[0]


def test_the_employer_finds_graduates_living_near_a_commune_nearest_first(
    client_for, employer_user, visible_graduate, arras_graduate
):
    client = client_for(employer_user)

    near_lievin = client.get(URL, {"near": "62510", "radius": "10"})
    wider = client.get(URL, {"near_label": "Liévin (62800)", "radius": "30"})
    dunkirk = client.get(URL, {"near": "59183", "radius": "50"})

    assert shown(near_lievin) == {visible_graduate.full_name}
    assert "sur place" in unescape(near_lievin.content.decode())
    assert [n.split("<strong>")[1] for n in names(wider)] == [
        visible_graduate.full_name,
        arras_graduate.full_name,
    ]
    assert "à 15 km" in unescape(wider.content.decode())
    assert "2 profils à moins de 30 km de Liévin" in unescape(wider.content.decode())
    assert shown(dunkirk) == set()


def test_an_unknown_commune_is_explained_in_french_and_filters_nothing(
    client_for, employer_user, visible_graduate
):
    response = client_for(employer_user).get(URL, {"near_label": "Atlantide"})

    page = unescape(response.content.decode())
    assert "Commune « Atlantide » introuvable" in page
    assert visible_graduate.full_name in page


def test_an_old_link_naming_a_skill_by_its_taxonomy_id_still_filters(
    client_for, employer_user, visible_graduate, arras_graduate
):
    response = client_for(employer_user).get(URL, {"skill": "tremplin:react"})

    assert shown(response) == {visible_graduate.full_name}


def test_invisible_graduates_stay_out_of_every_search(client_for, employer_user, graduate, visible_graduate):
    response = client_for(employer_user).get(URL, {"near": "62510", "radius": "50"})

    assert graduate.full_name not in unescape(response.content.decode())
