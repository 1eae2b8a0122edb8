"""Suggestions people can trust: a real reason for each, no offer already in "Mes candidatures", a
short list that says why, standings and chances in words, implied and soft skills never to acquire."""

import pytest
from django.urls import reverse

from matching import selectors
from matching.models import MatchScore
from matching.services import scores
from placements.models import Application
from tests.factories import OfferFactory
from tests.matching.conftest import require

pytestmark = pytest.mark.django_db

SUGGESTIONS = "/analyse/pour-vous/"
PHP = "http://data.europa.eu/esco/skill/4350c38d-0fe9-4ca7-bab9-40ed7f72b04f"
CURIOSITY = "http://data.europa.eu/esco/skill/429062f1-a958-43ea-83dd-4e1af078c156"


def test_a_pair_without_a_real_reason_is_never_shown_and_a_short_list_says_why(
    scored, client_for, api_client_for
):
    # A stale row from before the rule: Inès holds nothing the KNX offer asks for.
    MatchScore.objects.create(
        offer=scored["knx"],
        graduate=scored["ines"],
        model_version="prior-1",
        score=0.9,
        details={"required_matched": [], "required_missing": ["1"], "related": [], "within_radius": True},
    )

    html = client_for(scored["ines"].user).get(SUGGESTIONS).content.decode()
    api = api_client_for(scored["ines"].user).get("/api/v1/suggestions/").json()

    assert f'data-offer="{scored["knx"].pk}"' not in html
    assert f'data-offer="{scored["react"].pk}"' in html
    assert "Une seule offre a une vraie raison de vous être proposée" in html
    assert [r["offer"]["id"] for r in api["results"]] == [scored["react"].pk]
    assert api["shortfall"]["shown"] == 1


@pytest.mark.parametrize("state, shown", [("interested", False), ("applied", False), ("withdrawn", True)])
def test_an_offer_with_an_open_candidacy_is_not_suggested_again(scored, client_for, state, shown):
    Application.objects.create(
        graduate=scored["kylian"], offer=scored["react"], state=state, origin=Application.Origin.GRADUATE
    )

    html = client_for(scored["kylian"].user).get(SUGGESTIONS).content.decode()
    view = selectors.cohort_matching_view(cohort=scored["cohort"], with_hints=False)

    assert (f'data-offer="{scored["react"].pk}"' in html) is shown
    kylian = next(r for r in view.rows if r["graduate"] == scored["kylian"])
    assert (scored["react"] in [o for o, _s in kylian["suggestions"]]) is shown


def test_standings_are_stored_for_both_sides_and_told_in_words(scored, client_for):
    scores.scores_refresh_for_graduate(graduate_id=scored["kylian"].pk)

    pair = MatchScore.objects.get(offer=scored["react"], graduate=scored["kylian"])
    html = client_for(scored["kylian"].user).get(SUGGESTIONS).content.decode()

    # The graduate's refresh wrote its side and kept the offer's (written by the offer's refresh).
    assert set(pair.details["standing"]) == {"graduate", "offer"}
    assert pair.details["standing"]["graduate"]["in_reach"] >= 1
    assert "Parmi vos 3 meilleures suggestions" in html
    assert "faibles" not in html


def test_chances_are_told_out_of_ten_or_a_hundred():
    assert MatchScore(score=0.31).chances_label == "Sur 10 profils comme le vôtre, 3 obtiennent un entretien"
    assert MatchScore(score=0.12).chances_label == "Sur 10 profils comme le vôtre, 1 obtient un entretien"
    assert MatchScore(score=0.04).chances_label == "Sur 100 profils comme le vôtre, 4 obtiennent un entretien"
    assert MatchScore(score=0.04).chances_label_employer.startswith("Sur 100 profils comme celui-ci")


@pytest.mark.parametrize(
    "rank, better_than, expected",
    [
        (1, 1.0, ["parmi vos 3 meilleures suggestions", "devant toutes les autres offres à votre portée"]),
        (5, 0.8, ["parmi vos 10 meilleures suggestions", "mieux que 80 % des offres à votre portée"]),
        (12, 0.3, []),
    ],
)
def test_standing_in_words(rank, better_than, expected):
    s = MatchScore(score=0.1)
    s.rank, s.better_than, s.in_reach = rank, better_than, 40

    assert s.standing == expected


def test_a_short_list_names_what_would_open_more(scored, client_for):
    # Inès asks for internships only: the React offer (a CDI) is out of her reach.
    ines = scored["ines"]
    ines.contract_types = ["STAGE"]
    ines.save()
    scored["react"].contract_type = "CDI"
    scored["react"].save()
    scores.scores_refresh_for_graduate(graduate_id=ines.pk)

    html = client_for(ines.user).get(SUGGESTIONS).content.decode()

    assert "Aucune offre n'a encore une vraie raison de vous être proposée" in html
    assert "Aucune offre en ligne n'est à votre portée" in html
    assert "En acceptant d&#x27;autres contrats : CDI (1)." in html


def test_an_employer_shortlist_with_nobody_says_why(scored, client_for, other_employer_user):
    html = (
        client_for(other_employer_user).get(f"/analyse/offres/{scored['knx'].pk}/candidats/").content.decode()
    )

    assert 'id="shortfall"' in html
    assert "n'a encore une vraie raison d'être proposé·e" in html


def test_the_cohort_view_gives_each_graduate_the_hint(scored, client_for, officer):
    html = client_for(officer).get(f"/analyse/promotions/{scored['cohort'].pk}/").content.decode()

    ines_row = html.split(f'data-graduate="{scored["ines"].pk}"')[1].split("</tr>")[0]
    assert "+1 offre à moins de 20 km" in ines_row
    api = client_for(officer).get(f"/api/v1/cohorts/{scored['cohort'].pk}/matching/").json()
    hint = {g["id"]: g["hint"] for g in api["graduates"]}[scored["ines"].pk]
    assert hint["n_offers"] == 1


def test_an_implied_skill_and_a_soft_skill_are_never_to_acquire(scored, employer, client_for):
    # Kylian holds Symfony, which implies PHP; curiosity is a soft skill.
    offer = OfferFactory(employer=employer, published=True, title="Développeur·se PHP", commune_id="62498")
    require(offer, PHP)
    require(offer, "tremplin:react")
    require(offer, CURIOSITY)
    scores.scores_refresh_for_offer(offer_id=offer.pk)

    pair = MatchScore.objects.get(offer=offer, graduate=scored["kylian"])
    to_acquire = [r for r in pair.graduate_reasons if r.startswith("À acquérir")]

    # Curiosity (soft, not held) is neither counted among the required skills nor listed anywhere.
    assert pair.graduate_reasons[0] == "Compétences requises : 2 sur 2 (PHP, React)"
    assert not any("PHP" in r for r in to_acquire)
    assert not any("uriosité" in r for r in pair.graduate_reasons)
    html = client_for(scored["kylian"].user).get(reverse("matching:suggestions")).content.decode()
    assert "PHP : acquis avec Symfony" in html


def test_the_hint_follows_a_new_skill_at_once(scored, client_for):
    from tests.matching.conftest import give

    client = client_for(scored["ines"].user)
    before = client.get(SUGGESTIONS).content.decode()
    give(scored["ines"], "tremplin:symfony")
    after = client.get(SUGGESTIONS).content.decode()

    assert "Symfony vous ouvrirait 1 offre de plus" in before
    assert "Symfony vous ouvrirait" not in after


def test_the_hint_is_stored_by_the_scoring_task_and_read_by_pages_while_nothing_changed(
    scored, client_for, employer, monkeypatch
):
    from dataclasses import asdict

    from matching import ranker_bridge
    from matching.models import SkillHint

    ines = scored["ines"]
    scores.scores_refresh_for_graduate(graduate_id=ines.pk)
    row = SkillHint.objects.get(graduate=ines)
    matcher = ranker_bridge.build_matcher(model=scores.ranker_model(scores.ranker_current()))
    expected = matcher.skill_openings(str(ines.pk), top=scores.HINT_TOP)
    assert [h["skill_id"] for h in row.hints] == [h.skill_id for h in expected]
    assert row.hints[0] == asdict(expected[0]) | {"offer_ids": list(expected[0].offer_ids)}

    # The page reads the stored hint: no matcher is built for it.
    built = []
    real = scores._graduate_matcher
    monkeypatch.setattr(scores, "_graduate_matcher", lambda gs: built.append(1) or real(gs))
    scores.cache.clear()
    html = client_for(ines.user).get(SUGGESTIONS).content.decode()
    assert "Symfony vous ouvrirait 1 offre de plus" in html
    assert built == []

    # A new offer changes what the hint read: the stored row is not used, the hint is computed again.
    other = OfferFactory(
        employer=employer, published=True, title="Développeur·se Symfony", commune_id="62498"
    )
    require(other, "tremplin:symfony")
    scores.cache.clear()
    html = client_for(ines.user).get(SUGGESTIONS).content.decode()
    assert "Symfony vous ouvrirait 2 offres de plus" in html
    assert built == [1]


def test_a_shortlist_whose_live_count_is_unknown_still_renders(rf, officer):
    """The page shows stored rows while the shortfall reads a live matcher: when the live list is not
    short (no count of graduates in reach), the box says why in general words instead of a 500."""
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = officer
    offer = OfferFactory()
    html = render_to_string(
        "matching/offer_shortlist.html",
        {
            "offer": offer,
            "rows": [],
            "is_officer": True,
            "grades": [],
            "in_candidacies": 0,
            "shortfall": selectors.Shortfall(shown=1),
        },
        request=request,
    )
    assert "Un·e seul·e diplômé·e a une vraie raison d'être proposé·e" in html
    assert "a l'offre à sa portée" not in html
