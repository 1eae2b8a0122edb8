import datetime as dt

import numpy as np
import pytest
from ranker_world import LIEVIN, TODAY, candidate, offer

from matching.ranker.docs import CandidateDoc
from matching.ranker.engine import Matcher
from matching.ranker.features import FEATURES, pair_features

F = {name: i for i, name in enumerate(FEATURES)}


def feats(m, offer_id, cand_id):
    return m.features([m.offers.index[offer_id]], [m.candidates.index[cand_id]])[0]


def test_required_coverage_is_idf_weighted_share_of_required_skills_held(world):
    x = feats(world, "match", "ana")
    idf = dict(zip(world.space.vocab_, world.space.idf_, strict=True))
    expected = (idf["react"] + idf["git"]) / (idf["react"] + idf["git"] + idf["docker"])
    assert x[F["required_coverage"]] == pytest.approx(expected)
    assert x[F["nice_coverage"]] == pytest.approx(1.0)


def test_sibling_skill_gives_partial_credit_but_no_coverage(world):
    x = feats(world, "near", "bob")  # requires React, Bob knows Vue.js (same parent)
    assert x[F["required_coverage"]] == 0.0
    assert x[F["related_credit"]] == pytest.approx(world.graph.sibling_credit)


def test_confirmed_share_counts_trainer_confirmed_skills_among_matched(world):
    x = feats(world, "match", "ana")  # matched: react (confirmed), git (declared), sql (extracted)
    assert x[F["confirmed_share"]] == pytest.approx(1 / 3)


def test_distance_ratio_against_radius_and_remote_work(world):
    near, far, remote = (feats(world, o, "ana") for o in ("near", "far", "remote"))
    assert near[F["distance_ratio"]] == pytest.approx(3.6 / 30, abs=0.02)
    assert near[F["outside_radius"]] == 0.0
    assert far[F["distance_ratio"]] > 2.0
    assert far[F["outside_radius"]] == pytest.approx(far[F["distance_ratio"]] - 1.0)
    assert remote[F["distance_ratio"]] == 0.0


def test_contract_track_experience_start_and_age(world):
    assert feats(world, "match", "ana")[F["contract_fit"]] == 1.0
    assert feats(world, "stage", "ana")[F["contract_fit"]] == 0.0
    assert feats(world, "stage", "bob")[F["contract_fit"]] == 0.5  # Bob accepts any contract
    assert feats(world, "match", "ana")[F["track_fit"]] == 0.5  # offer track unknown
    late = feats(world, "late", "ana")
    assert late[F["start_gap"]] == pytest.approx(200 / 30.44)
    assert late[F["offer_age"]] == pytest.approx(10 / 30.44)


def test_experience_gap_counts_missing_years_only():
    from matching.ranker.engine import Matcher

    m = Matcher(
        [offer("senior", {"a": "required"}, experience_years_min=3)],
        [
            candidate("junior", {"a": "declared"}, experience_years=1),
            candidate("old", {"a": "declared"}, experience_years=5),
        ],
        today=TODAY,
    )
    assert feats(m, "senior", "junior")[F["experience_gap"]] == 2.0
    assert feats(m, "senior", "old")[F["experience_gap"]] == 0.0
    # Seniority as such: the years beyond the offer's minimum count too.
    assert feats(m, "senior", "junior")[F["experience_years"]] == 1.0
    assert feats(m, "senior", "old")[F["experience_years"]] == 5.0


def test_kilometres_as_such_beside_the_ratio_to_the_radius(world):
    near, far, remote = (feats(world, o, "ana") for o in ("near", "far", "remote"))
    assert near[F["distance_km"]] == pytest.approx(3.6, abs=0.6)
    assert far[F["distance_km"]] == pytest.approx(far[F["distance_ratio"]] * 30)
    assert remote[F["distance_km"]] == 0.0
    # An unknown place is neutral: two thirds of the radius, as for the ratio.
    nowhere = Matcher(
        [offer("x", {"react": "required"}, where=(None, None))], [candidate("ana", {})], today=TODAY
    )
    x = feats(nowhere, "x", "ana")
    assert x[F["distance_km"]] == pytest.approx(x[F["distance_ratio"]] * nowhere.candidates.radius[0])


def test_fast_paths_equal_the_general_pairwise_computation(region_matcher):
    m = region_matcher
    rng = np.random.default_rng(0)
    oi = rng.choice(len(m.offers), 40, replace=False)
    c = 7
    single_candidate = m.features(oi, np.full(40, c))
    ci = rng.choice(len(m.candidates), 40, replace=False)
    single_offer = m.features(np.full(40, 5), ci)
    # Mixed pairs take the element-wise path; compare row by row.
    mixed = m.features(np.r_[oi, np.full(40, 5)], np.r_[np.full(40, c), ci])
    np.testing.assert_allclose(mixed[:40], single_candidate, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(mixed[40:], single_offer, rtol=1e-5, atol=1e-6)


def test_effective_radius_follows_mobility_mode():
    assert CandidateDoc("a", mobility="bike_foot").effective_radius_km == 8.0
    assert CandidateDoc("b", mobility="car", radius_km=200).effective_radius_km == 80.0
    assert CandidateDoc("c", mobility="public_transport", radius_km=12).effective_radius_km == 12.0


def test_retrieval_applies_hard_filters(world):
    got = {s.offer_id for s in world.suggest_offers("ana", k=20)}
    assert {"match", "near", "remote", "docker1", "docker2"} <= got
    assert "far" not in got  # 70 km for a 30 km radius by public transport
    assert "stage" not in got  # Ana looks for CDI or CDD only
    assert "late" not in got  # started 200 days before she is available


def test_shortlist_excludes_graduates_out_of_reach(world):
    assert [s.candidate_id for s in world.shortlist("far")] == []
    assert {s.candidate_id for s in world.shortlist("remote")} == {"ana", "bob"}


def test_unknown_place_and_missing_skills_are_neutral_not_penalised(world):
    from matching.ranker.engine import Matcher
    from matching.ranker.features import NEUTRAL_DISTANCE_RATIO

    m = Matcher(
        [offer("nowhere", {"a": "required"}, where=(None, None)), offer("bare", {}, where=LIEVIN)],
        [candidate("x", {"a": "declared"}), candidate("cv_only", {}, text="développeur")],
        today=TODAY,
    )
    x = pair_features(m.space, m.offers, np.array([0, 1, 0]), m.candidates, np.array([0, 0, 1]), today=TODAY)
    # An unknown place is the mean ratio of a point in the disc of the radius, not its edge.
    assert x[0, F["distance_ratio"]] == NEUTRAL_DISTANCE_RATIO and x[0, F["outside_radius"]] == 0
    # No required skill on the offer, or no skill on the profile: neither matched nor missed.
    assert x[1, F["required_coverage"]] == 0.5 and x[2, F["required_coverage"]] == 0.5
    assert [s.offer_id for s in m.suggest_offers("x")] == ["nowhere"]


def test_scores_rise_with_coverage_under_the_prior(world):
    s = dict(zip(["match", "docker2"], world.score_pairs(["match", "docker2"], ["ana", "ana"]), strict=True))
    assert 0.0 < s["docker2"] < s["match"] < 1.0


def test_offer_age_defaults_when_publication_unknown(world):
    from matching.ranker.engine import Matcher

    m = Matcher(
        [offer("o", {"a": "required"}, published_at=None)], [candidate("c", {})], today=dt.date(2026, 1, 1)
    )
    assert feats(m, "o", "c")[F["offer_age"]] == 1.0


@pytest.mark.parametrize("pass_rate", [0.3, 0.002])
def test_threshold_prefilter_returns_exactly_the_best_rows_passing_the_filters(pass_rate):
    from matching.ranker.retrieval import _select

    rng = np.random.default_rng(4)
    scores = np.round(rng.random(30_000), 3).astype(np.float32)  # rounded: many ties
    passes = rng.random(30_000) < pass_rate

    def mask(rows):
        ok = passes if rows is None else passes[rows]
        return ok, np.zeros(len(ok), dtype=np.float32)

    got = _select(mask, scores, 40)
    ok_rows = np.flatnonzero(passes)
    best = np.sort(scores[ok_rows])[::-1][: min(40, len(ok_rows))]
    assert passes[got.index].all()
    assert np.sort(scores[got.index])[::-1].tolist() == best.tolist()


def test_gather_dot_equals_the_public_sparse_product(monkeypatch):
    import scipy.sparse as sp

    from matching.ranker import features

    dense = sp.random(50, 30, density=0.1, format="csr", random_state=1).toarray()
    dense[7] = 0  # an empty row
    m = sp.csr_matrix(dense)
    q = np.random.default_rng(2).random((30, 4))
    rows = np.array([7, 3, 3, 49, 0])
    expected = dense[rows] @ q
    np.testing.assert_allclose(features.gather_dot(m, rows, q), expected)
    monkeypatch.setattr(features, "_sparsetools", None)
    np.testing.assert_allclose(features.gather_dot(m, rows, q), expected)


def test_empty_sides_and_missing_data_do_not_break_the_matcher():
    from matching.ranker.engine import Matcher

    lonely = candidate("c", {"a": "declared"}, where=(None, None), text="le la les")
    m = Matcher([], [lonely], today=TODAY)
    assert m.suggest_offers("c") == []
    assert m.skill_openings("c") == []
    assert m.top_offers_for_rows([0]) == {"c": []}
    m = Matcher([offer("o", {}, text="et ou")], [], today=TODAY)
    assert m.shortlist("o") == []
    assert m.cohort_view().suggestions == {}


def test_matcher_pickles_with_its_compiled_scorer(world):
    import pickle

    again = pickle.loads(pickle.dumps(world))  # noqa: S301 - our own object, in memory
    before = [(s.offer_id, round(s.score, 12)) for s in world.suggest_offers("ana")]
    assert [(s.offer_id, round(s.score, 12)) for s in again.suggest_offers("ana")] == before
