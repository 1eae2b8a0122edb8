"""The territory's figures on the public home page: counted from the offers, shown to anyone, cached."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from backend.taxonomy.models import Skill
from employers.models import Offer, OfferSkill
from territory.figures import territory_figures, territory_figures_compute

from ..factories import OfferFactory, commune
from .test_prospects import ARRAS, LENS, LIEVIN, LILLE, ft_offer, imported

pytestmark = pytest.mark.django_db

DUNKERQUE = "59183"


def ask(offer: Offer, *skills: Skill) -> None:
    for skill in skills:
        OfferSkill.objects.create(offer=offer, skill=skill, source=OfferSkill.Source.EXTRACTED)


@pytest.fixture
def skills():
    hard = list(Skill.objects.filter(Skill.concrete_q()).order_by("pk")[:3])
    soft = Skill.objects.filter(kind=Skill.Kind.SOFT_SKILL).order_by("pk").first()
    assert len(hard) == 3 and soft is not None
    return hard, soft


def test_open_offers_in_our_trades_within_30_km_of_lens_are_counted_with_beginners_and_top_skills(skills):
    (php, js, sql), soft = skills
    # Given partner and France Travail offers in and out of the figures' reach
    partner = OfferFactory(published=True, occupation_id="M1805", commune=commune(LIEVIN))
    OfferFactory(published=True, occupation_id="M1805", commune=commune(DUNKERQUE))  # 80 km away
    OfferFactory(published=True, occupation_id="K2111", commune=commune(LENS))  # another trade
    OfferFactory(status=Offer.Status.CLOSED, occupation_id="M1805", commune=commune(LENS))  # not open
    imported(
        ft_offer("A", LENS, beginner=True),
        ft_offer("B", ARRAS, beginner=True),
        ft_offer("C", LILLE),
        ft_offer("D", DUNKERQUE, beginner=True),
        ft_offer("E", LENS),  # repeats the partner's offer: counted once
    )
    Offer.objects.filter(published_employer="E").update(duplicate_of=partner)
    # The NLP read "débutant accepté" in the partner's text
    Offer.objects.filter(pk=partner.pk).update(
        extracted_facts={"beginner_ok": {"value": True, "evidence": "x"}}
    )
    a, b, c = (Offer.objects.get(published_employer=n) for n in "ABC")
    ask(partner, php, js, soft)
    ask(a, php, js, soft)
    ask(b, php, soft)
    ask(c, sql)

    figures = territory_figures_compute()

    # Then: partner + A (Lens) + B (Arras) + C (Lille, 27 km); three of the four open to beginners
    assert figures["offers"] == 4
    assert (figures["beginner"], figures["beginner_percent"]) == (3, 75)
    assert figures["skills"] == [(php.label_fr, 3), (js.label_fr, 2), (sql.label_fr, 1)]  # no soft skill
    assert (figures["radius_km"], figures["place"]) == (30, "Lens")


DOCUMENTATION_TASK = "http://data.europa.eu/esco/skill/04dfd9fb-e0cf-40f6-96c6-9d2280c4347e"  # ESCO


def test_the_most_asked_skills_are_concrete_not_tasks_nor_soft_skills():
    # « fournir une documentation technique » led the public list: an ESCO task, not a skill a young
    # person choosing a trade reads as in demand. Real taxonomy rows, told apart by their own fields.
    task = Skill.objects.get(uid=DOCUMENTATION_TASK)
    rome_task = Skill.objects.get(uid="tremplin:rome-competence-300126")  # Créer une documentation technique
    soft = Skill.objects.filter(kind=Skill.Kind.SOFT_SKILL).order_by("pk").first()
    voip = Skill.objects.get(uid="tremplin:voip")  # knowledge
    named = Skill.objects.get(uid="tremplin:acceptance-testing")  # know-how the school named: « recette »
    tool = Skill.objects.filter(kind=Skill.Kind.TOOL).order_by("pk").first()
    assert (task.kind, rome_task.kind, named.kind) == (Skill.Kind.HARD_SKILL,) * 3
    offers = [OfferFactory(published=True, occupation_id="M1805", commune=commune(LENS)) for _ in range(3)]
    for offer in offers:
        ask(offer, task, rome_task, soft)
    ask(offers[0], voip, named, tool)
    ask(offers[1], voip, named)
    ask(offers[2], voip)

    figures = territory_figures_compute()

    assert figures["skills"] == [(voip.label_fr, 3), (named.label_fr, 2), (tool.label_fr, 1)]


def test_no_offer_gives_zero_and_no_share():
    figures = territory_figures_compute()
    assert (figures["offers"], figures["beginner_percent"], figures["skills"]) == (0, None, [])


def test_the_home_page_shows_the_figures_to_anyone_from_the_cache(client, settings):
    settings.TERRITORY_FIGURES_CACHE_SECONDS = 600
    imported(ft_offer("A", LENS, beginner=True), ft_offer("B", LIEVIN))
    Offer.objects.filter(source="france_travail").update(occupation_id="M1805")
    cache.clear()

    html = client.get(reverse("home")).content.decode()
    assert 'id="figure-offers">2<' in html and 'id="figure-beginners">50&nbsp;%<' in html
    assert "L'emploi numérique à moins de 30 km de Lens" in html

    # A new offer is not counted until the cached figures expire…
    imported(ft_offer("C", LENS))
    assert 'id="figure-offers">2<' in client.get(reverse("home")).content.decode()
    assert territory_figures()["offers"] == 2
    # …and is once they do
    cache.clear()
    assert 'id="figure-offers">3<' in client.get(reverse("home")).content.decode()


def test_the_cached_figures_cost_the_home_page_no_query(client, django_assert_num_queries):
    imported(ft_offer("A", LENS, beginner=True))
    cache.clear()
    client.get(reverse("home"))  # computes and caches them
    with django_assert_num_queries(0):
        html = client.get(reverse("home")).content.decode()
    assert 'id="territory-figures"' in html
