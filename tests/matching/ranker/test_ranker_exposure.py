from collections import Counter

from matching.ranker.exposure import exposure_rerank, naive_top_k


def crowded_cohort():
    """Ten graduates all love offers A and B; most also have niche offers, g8 and g9 only A/B."""
    scores = {}
    for i in range(10):
        items = [("A", 0.95 - i * 0.01), ("B", 0.9 - i * 0.01)]
        if i < 8:
            items += [(f"N{i}", 0.5), (f"M{i % 4}", 0.4)]
        scores[f"g{i}"] = items
    return scores


def test_naive_top_k_floods_the_popular_offers():
    naive = naive_top_k(crowded_cohort(), per_graduate=3, min_score=0.2)
    exposure = Counter(o for items in naive.values() for o, _ in items)
    assert exposure["A"] == exposure["B"] == 10


def greedy_by_score_with_cap(scores, cap, per_graduate):
    """Reference: global greedy in score order under the same cap, with no floor phase."""
    load, out = Counter(), {g: [] for g in scores}
    for _s, g, o in sorted(((s, g, o) for g, items in scores.items() for o, s in items), reverse=True):
        if load[o] < cap and len(out[g]) < per_graduate:
            out[g].append(o)
            load[o] += 1
    return out


def test_exposure_cap_holds_and_no_graduate_with_options_is_left_without():
    scores = crowded_cohort()
    view = exposure_rerank(scores, per_graduate=3, min_score=0.2, cap=2, offer_ids=["A", "B", "N0", "Z"])
    assert max(view.exposure.values()) <= 2
    assert view.graduates_without == []
    # g8 and g9 only have A and B: the floor gives them those, before better-scored graduates fill up.
    assert {o for o, _ in view.suggestions["g8"]} <= {"A", "B"} and view.suggestions["g8"]
    assert view.suggestions["g9"]
    assert "Z" in view.offers_without
    # The same cap without the floor phase leaves the scarce graduates with nothing.
    greedy = greedy_by_score_with_cap(scores, cap=2, per_graduate=3)
    assert greedy["g8"] == [] and greedy["g9"] == []


def test_floor_reassigns_one_holder_to_free_a_slot():
    # h holds X (its best) but could take Y; s can only take X, and X has one slot.
    scores = {"h": [("X", 0.9), ("Y", 0.8)], "s": [("X", 0.3)]}
    view = exposure_rerank(scores, per_graduate=1, min_score=0.2, cap=1)
    assert view.suggestions == {"h": [("Y", 0.8)], "s": [("X", 0.3)]}


def test_below_min_score_is_not_viable_and_default_cap_is_a_fair_share():
    scores = {"g1": [("A", 0.1)], "g2": [("A", 0.6), ("B", 0.5)], "g3": [("A", 0.7)]}
    view = exposure_rerank(scores, per_graduate=1, min_score=0.2)
    assert view.graduates_without == ["g1"]
    # Two graduates with options, two viable offers: cap = max(1, ceil(1.5 * 1 * 2 / 2)) = 2.
    assert view.cap == 2
    assert view.suggestions["g2"] == [("A", 0.6)] and view.suggestions["g3"] == [("A", 0.7)]
    assert view.offers_without == ["B"]


def test_cohort_view_from_the_matcher(region_matcher):
    ids = region_matcher.candidates.ids[:120]
    view = region_matcher.cohort_view(ids, per_graduate=3, min_score=0.3)
    assert max(view.exposure.values()) <= view.cap
    naive = naive_top_k(
        {g: region_matcher.top_offers_for_rows([region_matcher.candidates.index[g]], top=50)[g] for g in ids},
        per_graduate=3,
        min_score=0.3,
    )
    with_options = {g for g, items in naive.items() if items}
    assert {g for g in ids if view.viable_count(g) > 0} == with_options
