"""Whole-region scoring: a chord of chunk tasks on the matching queue, an exact merge, idempotent upserts.

Real PostgreSQL, Celery eager (the chord runs in-process, as in embedded mode).
"""

import datetime as dt
import json

import numpy as np
import pytest

from backend.celery import app as celery_app
from matching import ranker_bridge
from matching.models import MatchScore, RankerVersion
from matching.ranker import MatcherCache, merge_top_k, score_block, score_offer_block
from matching.services import scores
from matching.tasks import score_chunk, score_offer_chunk, score_region
from tests.factories import OfferFactory
from tests.matching.conftest import give, make_graduate, require

pytestmark = pytest.mark.django_db

TOP = 2  # small enough for the top lists of both sides to be cut in this small region

# (commune, skills held) of the graduates; (commune, required, nice) of the offers. Lens 62498,
# Liévin 62510, Lille 59350, Arras 62041.
GRADUATES = [
    ("62510", ["react", "symfony"]),
    ("62510", ["react"]),
    ("62498", ["react", "git", "docker"]),
    ("62498", ["vuejs", "git"]),
    ("59350", ["symfony", "docker"]),
    ("59350", ["knx", "zigbee"]),
    ("62041", ["react", "nodejs", "laravel"]),
    ("62510", ["home-assistant", "knx"]),
    ("62498", ["git"]),
]
OFFERS = [
    ("62498", ["react", "symfony"], ["docker"]),
    ("62498", ["react"], ["git"]),
    ("59350", ["knx"], ["zigbee"]),
    ("62510", ["docker", "git"], []),
    ("62041", ["nodejs", "laravel"], ["react"]),
    ("59350", ["vuejs"], ["git"]),
]


@pytest.fixture(autouse=True)
def _fresh_worker_cache(monkeypatch, settings):
    """Each test starts as a fresh worker process: no region index cached yet. The partial lists
    wait in a cache of this process: the Redis test database is shared with other test runs, and
    each of their tests flushes it."""
    monkeypatch.setattr(scores, "_region_matchers", MatcherCache())
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "region"}
    }


@pytest.fixture
def wide_region(employer, other_employer):
    from tests.factories.graduates import CohortFactory

    cohort = CohortFactory(name="Promo Région")
    graduates = []
    for i, (commune, skills) in enumerate(GRADUATES):
        g = make_graduate(cohort, f"Diplômé{i}", visible=True, commune_id=commune, contract_types=["CDI"])
        for s in skills:
            give(g, f"tremplin:{s}")
        graduates.append(g)
    offers = []
    for i, (commune, required, nice) in enumerate(OFFERS):
        o = OfferFactory(
            employer=employer if i % 2 else other_employer,
            published=True,
            title=f"Offre {i}",
            commune_id=commune,
        )
        for s in required:
            require(o, f"tremplin:{s}")
        for s in nice:
            require(o, f"tremplin:{s}", level="nice")
        offers.append(o)
    return {"cohort": cohort, "graduates": graduates, "offers": offers}


def stored():
    return {
        (o, g): s
        for o, g, s in MatchScore.objects.filter(model_version=scores.ranker_current().version).values_list(
            "offer_id", "graduate_id", "score"
        )
    }


def reference(top=TOP):
    """Both sides' top lists computed in one process, ties broken by database id as the region run
    does: {(offer_id, graduate_id): score}, and the number of pairs scored."""
    matcher = ranker_bridge.build_matcher(model=scores.ranker_model(scores.ranker_current()))
    graduates = score_block(matcher, np.arange(len(matcher.candidates)), top=len(matcher.offers) + 1)
    offers = score_offer_block(matcher, np.arange(len(matcher.offers)), top=len(matcher.candidates) + 1)
    offer_pks = np.array([int(i) for i in matcher.offers.ids])
    graduate_pks = np.array([int(i) for i in matcher.candidates.ids])
    out = {}
    for g, o, s in graduates.by_candidate.map(graduate_pks, offer_pks).top(top).triples():
        out[(o, g)] = s
    # The merge writes last. A pair both passes reached keeps its best score: the distance is
    # computed around the graduate in one, around the offer in the other (a few 1e-6 apart).
    by_offer = merge_top_k([b.by_offer.map(offer_pks, graduate_pks) for b in (graduates, offers)], top)
    for o, g, s in by_offer.triples():
        out[(o, g)] = s
    return out, graduates.pairs_scored


def test_a_region_run_stores_both_sides_exact_top_pairs(wide_region):
    expected, pairs_scored = reference()

    report = score_region.delay(chunk_size=2, top=TOP).get()

    assert report["chunks"] == 5 and report["offer_chunks"] == 1 and report["graduates"] == len(GRADUATES)
    got = stored()
    assert set(got) == set(expected)
    assert [got[k] for k in sorted(got)] == pytest.approx([expected[k] for k in sorted(expected)], abs=1e-12)
    # Every offer's list was cut at TOP from pairs spread over several chunks: the merge mattered.
    # ... every offer but the Vue.js one in Lille, which no graduate within reach has a real reason
    # for (no Vue.js, nothing close): it is suggested to nobody rather than padded.
    per_offer = {o for o, _ in expected}
    assert len(per_offer) == len(OFFERS) - 1
    assert wide_region["offers"][5].pk not in per_offer
    # More pairs went through the model than were kept: the lists were cut at TOP.
    assert pairs_scored > len(expected)


def test_stored_pairs_carry_their_explanation_in_french(wide_region):
    score_region.delay(chunk_size=4, top=TOP)
    first, second = wide_region["graduates"][0], wide_region["offers"][0]

    pair = MatchScore.objects.get(offer=second, graduate=first)

    assert pair.summary.startswith("2 sur 2 compétences requises")
    assert "Compétences requises : 2 sur 2" in " ".join(pair.graduate_reasons)
    assert pair.details["distance_km"] is not None


def test_a_region_run_stores_each_pairs_standing_so_pages_do_not_recompute_it(wide_region):
    score_region.delay(chunk_size=2, top=TOP)
    matcher = ranker_bridge.build_matcher(model=scores.ranker_model(scores.ranker_current()))
    rows = list(MatchScore.objects.filter(model_version=scores.ranker_current().version))

    for side, key in (("graduate", "graduate_id"), ("offer", "offer_id")):
        lists = {}
        for r in rows:
            if "standing" in r.details and side in r.details["standing"]:
                lists.setdefault(getattr(r, key), []).append(r)
        assert lists, side
        for owner, items in lists.items():
            items.sort(key=lambda r: -r.score)
            if side == "graduate":
                reach = matcher.offers_in_reach(matcher.candidates.index[str(owner)])
            else:
                reach = matcher.candidates_in_reach(matcher.offers.index[str(owner)])
            for rank, r in enumerate(items, start=1):
                stored_standing = r.details["standing"][side]
                assert stored_standing["in_reach"] == reach
                # "mieux que X % des offres à votre portée": the share of the pairs in reach it beats.
                assert stored_standing["better_than"] == pytest.approx((reach - rank) / reach, abs=1e-4)
    # A pair in both sides' lists keeps both standings (the merge keeps the graduates' chunk's).
    both = [r for r in rows if {"graduate", "offer"} <= set(r.details.get("standing", {}))]
    assert both


def test_running_the_region_twice_leaves_the_same_rows(wide_region):
    score_region.delay(chunk_size=3, top=TOP)
    before = sorted(MatchScore.objects.values_list("pk", "offer_id", "graduate_id", "model_version", "score"))
    stamped = max(MatchScore.objects.values_list("computed_at", flat=True))

    score_region.delay(chunk_size=3, top=TOP)

    assert (
        sorted(MatchScore.objects.values_list("pk", "offer_id", "graduate_id", "model_version", "score"))
        == before
    )
    assert min(MatchScore.objects.values_list("computed_at", flat=True)) > stamped


def test_a_chunk_run_twice_writes_the_same_rows_and_returns_the_same_lists(wide_region):
    plan = scores.region_plan(chunk_size=4)
    kwargs = {
        "graduate_ids": plan.chunks[0],
        "model_version": plan.model_version,
        "snapshot": plan.snapshot,
        "top": TOP,
    }

    first = score_chunk.delay(**kwargs).get()
    rows = sorted(MatchScore.objects.values_list("pk", "offer_id", "graduate_id", "score"))
    second = score_chunk.delay(**kwargs).get()

    assert second == first
    assert sorted(MatchScore.objects.values_list("pk", "offer_id", "graduate_id", "score")) == rows
    assert {g for _, _, g, _ in rows} == set(plan.chunks[0])
    assert first["written"] == len(rows) == TOP * len(plan.chunks[0])


def test_an_offer_chunk_run_twice_writes_nothing_and_returns_the_same_result(wide_region):
    from django.core.cache import cache

    plan = scores.region_plan(offer_chunk_size=4)
    kwargs = {"model_version": plan.model_version, "snapshot": plan.snapshot, "top": TOP}

    first = score_offer_chunk.delay(offer_ids=plan.offer_chunks[0], **kwargs).get()
    parked = cache.get(first["partial"])
    second = score_offer_chunk.delay(offer_ids=plan.offer_chunks[0], **kwargs).get()

    assert second == first and cache.get(second["partial"]) == parked
    assert first["offers"] == 4 and first["partial_pairs"] >= TOP * 4
    assert not MatchScore.objects.exists()


def test_the_merge_reads_chunk_results_that_went_through_json(wide_region):
    plan = scores.region_plan(chunk_size=2)
    common = {"model_version": plan.model_version, "snapshot": plan.snapshot, "top": TOP}
    results = [scores.region_score_chunk(graduate_ids=ids, **common) for ids in plan.chunks]
    results += [scores.region_score_offer_chunk(offer_ids=ids, **common) for ids in plan.offer_chunks]

    report = scores.region_merge(results=json.loads(json.dumps(results)), **common)

    expected = reference()[0]
    assert set(stored()) == set(expected)
    assert report["graduates"] == len(GRADUATES) and report["offers"] == len(OFFERS) - 1  # not Vue.js
    # Each offer's list: its TOP best graduates with a real reason (fewer when fewer have one).
    by_offer = {}
    for o, _g in expected:
        by_offer[o] = by_offer.get(o, 0) + 1
    assert report["offer_pairs"] == sum(min(TOP, n) for n in by_offer.values()) < TOP * len(OFFERS)


def test_the_run_deletes_the_rows_it_did_not_write_again_and_keeps_other_versions(wide_region):
    version = scores.ranker_current().version
    closed = OfferFactory(published=True, title="Offre close", commune_id="62498")
    graduate = wide_region["graduates"][0]
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    MatchScore.objects.create(
        offer=closed, graduate=graduate, model_version=version, score=0.9, computed_at=long_ago
    )
    MatchScore.objects.create(
        offer=closed, graduate=graduate, model_version="old-1", score=0.9, computed_at=long_ago
    )
    # Closed by a direct update, as a batch job would: no event, no refresh.
    type(closed).objects.filter(pk=closed.pk).update(status=closed.Status.CLOSED)

    report = score_region.delay(chunk_size=4, top=TOP).get()

    assert not MatchScore.objects.filter(offer=closed, model_version=version).exists()
    assert MatchScore.objects.filter(offer=closed, model_version="old-1").exists()
    assert set(stored()) == set(reference()[0])
    assert report["chunks"] == 3


def test_the_chunks_of_a_run_reuse_the_worker_index_and_a_new_run_rebuilds_it(wide_region):
    score_region.delay(chunk_size=2, top=TOP)
    assert scores._region_matchers.builds == 1  # six chunks and the merge, one build

    score_region.delay(chunk_size=2, top=TOP)
    assert scores._region_matchers.builds == 2  # a new run is a new data snapshot


def test_a_merge_whose_partial_lists_left_the_cache_fails_with_a_reason(wide_region):
    from django.core.cache import cache

    plan = scores.region_plan(chunk_size=5)
    common = {"model_version": plan.model_version, "snapshot": plan.snapshot, "top": TOP}
    results = [scores.region_score_chunk(graduate_ids=ids, **common) for ids in plan.chunks]
    cache.delete(results[1]["partial"])
    before = stored()

    with pytest.raises(scores.RegionPartialMissing, match="relancer matching.score_region"):
        scores.region_merge(results=results, **common)
    # Nothing deleted: the graduates' pairs the chunks wrote stay.
    assert stored() == before


def test_a_run_writes_under_the_version_it_started_with(wide_region):
    plan = scores.region_plan(chunk_size=9)
    RankerVersion.objects.update(is_current=False, status=RankerVersion.Status.RETIRED)
    RankerVersion.objects.create(version="prior-2", is_prior=True, is_current=True)
    common = {"model_version": plan.model_version, "snapshot": plan.snapshot, "top": TOP}

    results = [scores.region_score_chunk(graduate_ids=ids, **common) for ids in plan.chunks]
    scores.region_merge(results=results, **common)

    assert set(MatchScore.objects.values_list("model_version", flat=True)) == {plan.model_version}


def test_the_region_tasks_go_to_the_matching_queue():
    router = celery_app.amqp.router
    for name in (
        "matching.score_region",
        "matching.score_chunk",
        "matching.score_offer_chunk",
        "matching.merge_region",
    ):
        assert router.route({}, name)["queue"].name == "matching"
