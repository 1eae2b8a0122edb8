"""The officer's cohort view is exposure-aware: no graduate left with none while two offers collect everyone."""

from collections import Counter

import pytest

from matching import selectors
from matching.models import MatchScore
from matching.services import scores
from tests.factories import OfferFactory
from tests.factories.graduates import CohortFactory
from tests.matching.conftest import make_graduate

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded_cohort(employer):
    """Twelve graduates who all score best on offers A and B; the first ten also have three niche
    offers each (thirty in all), the last two only A and B."""
    version = scores.ranker_current().version
    cohort = CohortFactory(name="Promo Affluence")
    graduates = [make_graduate(cohort, f"G{i:02d}", visible=True) for i in range(12)]
    a = OfferFactory(employer=employer, published=True, title="Offre A")
    b = OfferFactory(employer=employer, published=True, title="Offre B")
    niches = [OfferFactory(employer=employer, published=True, title=f"Niche {i}") for i in range(30)]
    rows = []
    for i, g in enumerate(graduates):
        rows += [(a, g, 0.95 - i * 0.01), (b, g, 0.9 - i * 0.01)]
        if i < 10:
            rows += [(niches[3 * i + j], g, 0.5 - j * 0.05) for j in range(3)]
    # Every pair has a real reason (a required skill held, within reach): exposure alone is tested.
    reason = {"required_matched": ["1"], "required_missing": [], "within_radius": True}
    MatchScore.objects.bulk_create(
        MatchScore(offer=o, graduate=g, model_version=version, score=s, details=reason) for o, g, s in rows
    )
    return {"cohort": cohort, "graduates": graduates, "a": a, "b": b}


def test_the_cohort_view_caps_each_offers_exposure_and_leaves_nobody_without(crowded_cohort):
    view = selectors.cohort_matching_view(cohort=crowded_cohort["cohort"])

    exposure = Counter(offer.pk for row in view.rows for offer, _ in row["suggestions"])
    # 12 graduates x 5 suggestions over 32 viable offers: cap = max(5, ceil(1.5 * 5 * 12 / 32)) = 5.
    assert view.cap == selectors.PER_GRADUATE == 5
    assert max(exposure.values()) <= view.cap
    assert exposure[crowded_cohort["a"].pk] == exposure[crowded_cohort["b"].pk] == view.cap
    assert view.graduates_without == []
    by_name = {row["graduate"].first_name: row for row in view.rows}
    # The two graduates whose only options are A and B are served first (the floor), before A and B
    # fill up with better-scored graduates who have other options.
    for name in ("G10", "G11"):
        offers = {o.pk for o, _ in by_name[name]["suggestions"]}
        assert offers and offers <= {crowded_cohort["a"].pk, crowded_cohort["b"].pk}


def test_without_the_cap_the_two_offers_would_be_in_every_list(crowded_cohort):
    # The reference the view improves on: each graduate's own top five.
    lists = {}
    for pair in MatchScore.objects.order_by("-score"):
        lists.setdefault(pair.graduate_id, [])
        if len(lists[pair.graduate_id]) < selectors.PER_GRADUATE:
            lists[pair.graduate_id].append(pair.offer_id)

    exposure = Counter(o for items in lists.values() for o in items)

    assert exposure[crowded_cohort["a"].pk] == exposure[crowded_cohort["b"].pk] == 12
