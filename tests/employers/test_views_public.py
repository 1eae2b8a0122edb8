"""The public offer list and detail: filters, distance, sanitised text, pinned SQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backend.geo.models import Commune
from backend.taxonomy.models import Skill
from employers import services
from employers.models import Offer
from tests.factories import OfferFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LENS, LIEVIN, LILLE, DUNKERQUE = "62498", "62510", "59350", "59183"


@pytest.fixture
def react():
    return Skill.objects.get(uid="tremplin:react")


@pytest.fixture
def offers(employer, react):
    """Four published offers around the region, and one draft that must never show."""
    lens = OfferFactory(
        employer=employer,
        published=True,
        title="Développeur React",
        commune_id=LENS,
        search_text="developpeur react lens",
        remote=Offer.Remote.HYBRID,
    )
    lens.offer_skills.create(skill=react, level="required")
    lille = OfferFactory(
        employer=employer,
        published=True,
        title="Technicien domotique",
        commune_id=LILLE,
        contract_type=Offer.ContractType.APPRENTISSAGE,
        search_text="technicien domotique knx lille",
    )
    dunkerque = OfferFactory(
        employer=employer,
        published=True,
        title="Référent numérique",
        commune_id=DUNKERQUE,
        contract_type=Offer.ContractType.CDD,
        contract_months=6,
        search_text="referent numerique mediation",
        remote=Offer.Remote.FULL,
    )
    lievin = OfferFactory(
        employer=employer,
        published=True,
        title="Stage support",
        commune_id=LIEVIN,
        contract_type=Offer.ContractType.STAGE,
        contract_months=2,
        search_text="stage support informatique",
    )
    OfferFactory(
        employer=employer, title="Brouillon secret", commune_id=LENS, search_text="brouillon secret react"
    )
    return {"lens": lens, "lille": lille, "dunkerque": dunkerque, "lievin": lievin}


def titles(response) -> list[str]:
    return [o.title for o in response.context["page"].object_list]


def test_list_shows_only_published_offers_with_salary_commune_and_contract(client, offers):
    response = client.get(reverse("offers:public_list"))
    assert response.status_code == 200
    assert sorted(titles(response)) == [
        "Développeur React",
        "Référent numérique",
        "Stage support",
        "Technicien domotique",
    ]
    page = response.content.decode()
    assert "Brouillon secret" not in page
    assert "24\u202f000 – 30\u202f000 € brut par an" in page
    assert "Lens (62300)" in page
    assert "CDD · 6 mois" in page
    assert "4 offres" in page


def test_text_search_finds_words_without_accents(client, offers):
    assert titles(client.get(reverse("offers:public_list"), {"q": "référent"})) == ["Référent numérique"]
    assert titles(client.get(reverse("offers:public_list"), {"q": "domotique"})) == ["Technicien domotique"]


def test_filters_by_contract_types_remote_and_skill(client, offers, react):
    url = reverse("offers:public_list")
    assert sorted(titles(client.get(url, {"contract": ["CDD", "STAGE"]}))) == [
        "Référent numérique",
        "Stage support",
    ]
    assert titles(client.get(url, {"remote": ["full"]})) == ["Référent numérique"]
    response = client.get(url, {"skill": [str(react.pk)]})
    assert titles(response) == ["Développeur React"]
    # The chosen skill stays in the picker.
    assert f'name="skill" value="{react.pk}"' in response.content.decode()


def test_distance_filter_around_lievin_with_radius_and_sort_by_distance(client, offers):
    url = reverse("offers:public_list")
    response = client.get(
        url, {"near_label": "Liévin (62800)", "near": LIEVIN, "radius": "20", "sort": "distance"}
    )
    assert titles(response) == ["Stage support", "Développeur React"]
    page = response.content.decode()
    assert "2 offres à moins de 20 km de Liévin" in page
    assert "sur place" in page and "à 4 km" in page
    wider = client.get(url, {"near": LIEVIN, "radius": "50", "sort": "distance"})
    assert titles(wider) == ["Stage support", "Développeur React", "Technicien domotique"]


def test_commune_typed_without_the_autocomplete_is_understood(client, offers):
    response = client.get(reverse("offers:public_list"), {"near_label": "Lievin", "radius": "10"})
    assert sorted(titles(response)) == ["Développeur React", "Stage support"]


def test_unknown_commune_is_explained_and_other_filters_still_apply(client, offers):
    response = client.get(reverse("offers:public_list"), {"near_label": "Atlantide", "contract": ["CDI"]})
    page = response.content.decode()
    assert "Commune « Atlantide » introuvable" in page
    assert titles(response) == ["Développeur React"]


def test_invalid_radius_falls_back_to_twenty_kilometres(client, offers):
    response = client.get(reverse("offers:public_list"), {"near": LIEVIN, "radius": "7"})
    assert response.status_code == 200
    assert response.context["search"].radius_km == 20


def test_list_is_paginated_keeping_the_filters(client, employer):
    for i in range(23):
        OfferFactory(
            employer=employer, published=True, title=f"Offre {i}", contract_type=Offer.ContractType.CDI
        )
    response = client.get(reverse("offers:public_list"), {"contract": ["CDI"]})
    assert len(titles(response)) == 20
    assert "contract=CDI&amp;page=2" in response.content.decode()
    assert len(titles(client.get(reverse("offers:public_list"), {"contract": ["CDI"], "page": "2"}))) == 3


def test_detail_shows_sanitised_description_skills_and_facts(client, employer, employer_user, react):
    symfony = Skill.objects.get(uid="tremplin:symfony")
    offer = services.offer_create(
        employer=employer,
        by=employer_user,
        title="Développeur·se full-stack",
        description="Vous coderez en **React**.<script>alert('x')</script><img src=x onerror=alert(1)>",
        contract_type=Offer.ContractType.CDI,
        salary_min=2000,
        salary_max=2500,
        salary_period=Offer.SalaryPeriod.MONTH,
        commune=Commune.objects.get(insee=LIEVIN),
        disability_friendly=True,
        skills=[(react, "required"), (symfony, "nice")],
    )
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED, published_at=offer.created_at)
    response = client.get(reverse("offers:detail", kwargs={"pk": offer.pk}))
    page = response.content.decode()
    assert "<strong>React</strong>" in page
    assert "<script>alert" not in page and "onerror" not in page
    assert [s.skill for s in response.context["required_skills"]] == [react]
    assert [s.skill for s in response.context["nice_skills"]] == [symfony]
    assert "2\u202f000 – 2\u202f500 € brut par mois" in page
    assert "Ouvert aux travailleurs handicapés (RQTH)" in page
    assert "Liévin (62800)" in page
    assert "Gérer cette offre" not in page


def test_soft_skills_are_shown_apart_on_the_offer_and_left_off_the_list_card(client, employer, react):
    team = Skill.objects.create(uid="test:equipe", label_fr="Travail en équipe", kind=Skill.Kind.SOFT_SKILL)
    offer = OfferFactory(employer=employer, published=True, title="Développeuse React", commune_id=LENS)
    offer.offer_skills.create(skill=react, level="required")
    offer.offer_skills.create(skill=team, level="required")

    detail = client.get(reverse("offers:detail", kwargs={"pk": offer.pk}))
    assert [s.skill for s in detail.context["required_skills"]] == [react]
    assert [s.skill for s in detail.context["soft_skills"]] == [team]
    page = detail.content.decode()
    required = page.index("Compétences requises")
    soft = page.index("Qualités recherchées")
    assert required < page.index(">React<", required) < soft < page.index("Travail en équipe")
    assert "Travail en équipe" not in page[required:soft]

    listing = client.get(reverse("offers:public_list")).content.decode()
    assert "<strong>React</strong>" in listing
    assert "Travail en équipe" not in listing


def test_detail_offers_a_manage_link_to_its_own_employer_only(
    client_for, employer_user, other_employer_user, employer
):
    offer = OfferFactory(employer=employer, published=True)
    url = reverse("offers:detail", kwargs={"pk": offer.pk})
    assert "Gérer cette offre" in client_for(employer_user).get(url).content.decode()
    assert "Gérer cette offre" not in client_for(other_employer_user).get(url).content.decode()


def test_unknown_offer_is_404(client):
    assert client.get(reverse("offers:detail", kwargs={"pk": 987654})).status_code == 404


@pytest.mark.parametrize("count", [5, 30])
def test_public_list_query_count_does_not_grow_with_offers(client, employer, react, count):
    for i in range(count):
        offer = OfferFactory(
            employer=employer,
            published=True,
            title=f"Développeur {i}",
            commune_id=LENS,
            search_text="developpeur web",
        )
        offer.offer_skills.create(skill=react, level="required")
    params = {
        "q": "developpeur",
        "near": LIEVIN,
        "radius": "20",
        "contract": ["CDI"],
        "skill": [str(react.pk)],
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("offers:public_list"), params)
    assert response.status_code == 200
    assert len(titles(response)) == min(count, 20)
    # chosen skills' labels, the commune, the count, the page, the page's skills
    assert len(queries) == 5, [q["sql"] for q in queries]


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (Offer.Status.FILLED, "Ce poste a été pourvu"),
        (Offer.Status.CLOSED, "Cette offre a été fermée"),
        (Offer.Status.EXPIRED, "Cette offre a expiré"),
    ],
)
def test_an_ended_offer_says_so_and_points_to_similar_open_offers(client, employer, status, says):
    ended = OfferFactory(employer=employer, published=True, title="Technicien support", commune_id=LENS)
    Offer.objects.filter(pk=ended.pk).update(status=status)
    similar = OfferFactory(
        employer=employer,
        published=True,
        title="Technicienne helpdesk",
        commune_id=LIEVIN,
        contract_type=ended.contract_type,
    )
    response = client.get(reverse("offers:detail", kwargs={"pk": ended.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert says in page and "Postuler" not in page
    assert reverse("offers:detail", kwargs={"pk": similar.pk}) in page


def test_a_draft_or_refused_offer_stays_a_404(client, employer):
    draft = OfferFactory(employer=employer)
    assert client.get(reverse("offers:detail", kwargs={"pk": draft.pk})).status_code == 404


def test_a_graduate_finds_postuler_at_the_top_of_an_offer(client_for, employer):
    from backend.accounts.models import User
    from tests.factories import UserFactory

    offer = OfferFactory(employer=employer, published=True)
    page = client_for(UserFactory(role=User.Role.GRADUATE)).get(
        reverse("offers:detail", kwargs={"pk": offer.pk})
    )
    html = page.content.decode()
    assert html.index("Postuler") < html.index("Le poste")
