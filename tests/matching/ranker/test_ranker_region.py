"""Whole-region scoring by blocks: exact merge of partial top lists, block-size invariance, the cache."""

import numpy as np
import pytest

from matching.ranker.engine import Matcher
from matching.ranker.region import (
    MatcherCache,
    TopKMerger,
    TopPairs,
    merge_top_k,
    score_block,
    score_offer_block,
    score_region,
    top_k_per_key,
)
from matching.ranker.retrieval import retrieve_offers_for


def brute_force_top_k(key, other, score, k):
    """Reference: sort each key's pairs by score descending, then ``other`` ascending."""
    out = {}
    for kk, o, s in sorted(
        zip(key.tolist(), other.tolist(), score.tolist(), strict=True), key=lambda t: (t[0], -t[2], t[1])
    ):
        if len(out.setdefault(kk, [])) < k:
            out[kk].append((o, s))
    return out


def tied_pairs(seed, n=3000, keys=40, others=500):
    """Random pairs with many exact ties (scores on a coarse grid), as an isotonic calibration gives."""
    rng = np.random.default_rng(seed)
    pair = rng.choice(keys * others, size=n, replace=False)  # each (key, other) pair once
    key, other = pair // others, pair % others
    score = np.round(rng.random(n), 1)
    return key, other, score


def test_top_k_per_key_sorts_by_score_then_other_id():
    key, other, score = tied_pairs(0)

    got = top_k_per_key(key, other, score, 5).groups()

    assert got == brute_force_top_k(key, other, score, 5)


def test_keep_ties_keeps_every_pair_scoring_as_much_as_the_kth():
    got = top_k_per_key(
        np.array([1, 1, 1, 1, 2]),
        np.array([10, 11, 12, 13, 20]),
        np.array([0.9, 0.5, 0.5, 0.1, 0.3]),
        2,
        keep_ties=True,
    )

    assert got.groups() == {1: [(10, 0.9), (11, 0.5), (12, 0.5)], 2: [(20, 0.3)]}


@pytest.mark.parametrize("seed", range(5))
def test_merging_partial_lists_gives_the_exact_top_k_whatever_the_split(seed):
    key, other, score = tied_pairs(seed)
    rng = np.random.default_rng(100 + seed)
    part_of = rng.integers(0, 7, len(key))
    parts = [
        top_k_per_key(key[part_of == p], other[part_of == p], score[part_of == p], 4, keep_ties=True)
        for p in range(7)
    ]

    merged = merge_top_k(parts, 4)

    assert merged.groups() == brute_force_top_k(key, other, score, 4)
    # In two steps (merge of merges) too.
    halves = [merge_top_k(parts[:3], 4, keep_ties=True), merge_top_k(parts[3:], 4, keep_ties=True)]
    assert merge_top_k(halves, 4).groups() == merged.groups()


def test_partial_lists_must_keep_their_ties_for_the_merge_to_stay_exact_after_mapping_ids():
    # One offer; block A holds rows 0 and 1 tied at 0.5, block B row 2 at 0.4. Rows become ids
    # 30, 20, 10: the exact top-1 by (score, id) is id 20, which block A ranks second by row.
    ids = np.array([30, 20, 10])
    block_a = (np.array([0, 0]), np.array([0, 1]), np.array([0.5, 0.5]))
    block_b = (np.array([0]), np.array([2]), np.array([0.4]))

    def merged(keep_ties):
        parts = [top_k_per_key(*b, 1, keep_ties=keep_ties).map([7], ids) for b in (block_a, block_b)]
        return merge_top_k(parts, 1).groups()

    assert merged(keep_ties=True) == {7: [(20, 0.5)]}
    assert merged(keep_ties=False) == {7: [(30, 0.5)]}  # what a plain cut would give: wrong


def test_the_binary_form_round_trips_with_large_ids():
    pairs = top_k_per_key(np.array([3, 2**40, 3]), np.array([-1, 7, 2**33]), np.array([0.25, 1 / 3, 0.5]), 5)

    back = TopPairs.from_bytes(pairs.to_bytes())

    assert back.triples() == pairs.triples() == [(3, 2**33, 0.5), (3, -1, 0.25), (2**40, 7, 1 / 3)]
    assert TopPairs.from_bytes(TopPairs.empty().to_bytes()).triples() == []


def test_the_streaming_merger_equals_the_merge_in_one_go():
    key, other, score = tied_pairs(7, n=20_000, keys=300)
    part_of = np.random.default_rng(7).integers(0, 40, len(key))
    parts = [
        top_k_per_key(key[part_of == p], other[part_of == p], score[part_of == p], 6, keep_ties=True)
        for p in range(40)
    ]
    merger = TopKMerger(6, buffer=1000)  # compacts many times

    for part in parts:
        merger.add(part)

    assert merger.result().triples() == merge_top_k(parts, 6).triples()
    assert merger.result().groups() == brute_force_top_k(key, other, score, 6)


def test_scoring_by_blocks_equals_scoring_in_one_block(region_matcher):
    m = region_matcher

    one = score_region(m, chunk=len(m.candidates), top=10)
    blocks = score_region(m, chunk=37, top=10)

    # Both passes: blocks of graduates, then blocks of offers.
    assert one.pairs_considered == blocks.pairs_considered == 2 * len(m.candidates) * len(m.offers)
    assert one.pairs_scored == blocks.pairs_scored > 0
    for side in ("by_candidate", "by_offer"):
        a, b = getattr(one, side), getattr(blocks, side)
        assert a.key.tolist() == b.key.tolist()
        assert a.other.tolist() == b.other.tolist()
        np.testing.assert_allclose(a.score, b.score, rtol=0, atol=1e-12)
    # The top-10 cut binds on both sides: the merge had something to do.
    sizes = np.bincount(blocks.by_offer.key)
    assert sizes.max() == 10 and (sizes > 0).sum() > 100


def test_block_scores_are_the_interactive_scores(region_matcher):
    m = region_matcher
    rows = np.arange(40, 60)

    tops = score_block(m, rows, top=10).by_candidate.groups()

    for c in rows:
        interactive = m.suggest_offers(m.candidates.ids[c], 10, explain=False)
        mine = tops.get(int(c), [])
        assert [s for _, s in mine] == pytest.approx([s.score for s in interactive], abs=1e-12)
        if mine:
            # Same offers above the last place (ties at the last place may be broken differently).
            # (Scores are compared 1e-9 above it: batched products may differ in the last bits.)
            last = mine[-1][1] + 1e-9
            assert {m.offers.ids[o] for o, s in mine if s > last} == {
                s.offer_id for s in interactive if s.score > last
            }


def test_an_offers_list_ranks_the_graduates_whose_retrieval_reached_it(region_matcher):
    m = region_matcher
    rows = np.arange(0, 80)
    block = score_block(m, rows, top=5)
    # Each graduate's retrieved offers, with the scores of the graduate's own page.
    reached = {
        int(c): {
            m.offers.index[s.offer_id]: s.score
            for s in m.suggest_offers(m.candidates.ids[c], m.retrieve_n, explain=False)
        }
        for c in rows
    }
    assert {len(r) for r in reached.values()} != {0}
    for c in rows[:5]:
        retrieved = retrieve_offers_for(m.offers, m.candidates, int(c), top_n=m.retrieve_n).index
        with_reason = retrieved[m.real_reasons(retrieved, np.full(len(retrieved), c))]
        assert set(with_reason.tolist()) == set(reached[int(c)])

    assert block.pairs_scored == sum(len(r) for r in reached.values())
    for o, items in block.by_offer.groups().items():
        assert all(o in reached[c] for c, _ in items)
        # The best of them: nobody left out scores more than the last one kept.
        kept = {c for c, _ in items}
        left_out = [reached[c][o] for c in reached if o in reached[c] and c not in kept]
        assert max(left_out, default=0.0) <= items[-1][1]


def test_offer_blocks_give_the_offers_shortlists(region_matcher):
    m = region_matcher
    rows = np.arange(10, 30)

    lists = score_offer_block(m, rows, top=10).by_offer.groups()

    for o in rows:
        short = m.shortlist(m.offers.ids[o], 10, explain=False)
        mine = lists.get(int(o), [])[:10]
        assert [s for _, s in mine] == pytest.approx([s.score for s in short], abs=1e-12)


def test_an_offers_region_list_is_the_best_of_both_retrievals(region, region_matcher):
    # A narrow retrieval (20 per query) makes the two sides reach different pairs.
    m = Matcher(
        region.offers, region.candidates, space=region_matcher.space, today=region.today, retrieve_n=20
    )
    top = 5

    lists = score_region(m, chunk=97, top=top).by_offer.groups()
    mutual_only = score_region(m, chunk=97, top=top, offer_side=False).by_offer.groups()

    # Reference: every pair either side's retrieval reached, with the score its page shows (the
    # graduate's and the offer's computations may differ in the last bits: the best counts).
    reached = {}
    for c, cid in enumerate(m.candidates.ids):
        for s in m.suggest_offers(cid, m.retrieve_n, explain=False):
            reached[(m.offers.index[s.offer_id], c)] = s.score
    for o, oid in enumerate(m.offers.ids):
        for s in m.shortlist(oid, m.retrieve_n, explain=False):
            pair = (o, m.candidates.index[s.candidate_id])
            reached[pair] = max(reached.get(pair, 0.0), s.score)
    keys, others, scores = (
        np.array(col) for col in zip(*((o, c, s) for (o, c), s in reached.items()), strict=True)
    )
    expected = brute_force_top_k(keys, others, scores, top)
    assert {o: [c for c, _ in items] for o, items in lists.items()} == {
        o: [c for c, _ in items] for o, items in expected.items()
    }
    # The offers' own retrieval adds graduates the mutual criterion missed.
    assert sum(len(v) for v in lists.values()) > sum(len(v) for v in mutual_only.values())


def test_the_cache_builds_once_per_key_and_keeps_the_latest():
    cache = MatcherCache(size=1)
    built = []

    def build(tag):
        built.append(tag)
        return object()

    first = cache.get(("m1", "d1"), lambda: build("a"))
    again = cache.get(("m1", "d1"), lambda: build("b"))
    other = cache.get(("m1", "d2"), lambda: build("c"))

    assert first is again and other is not first
    assert built == ["a", "c"] and cache.builds == 2
    assert ("m1", "d1") not in cache and ("m1", "d2") in cache
