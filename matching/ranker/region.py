"""Whole-region scoring by blocks, with an exact merge of the offers' top lists.

A region (50,000 graduates x 100,000 offers) is scored block by block, each block a Celery chunk on
the platform. A block of graduates (:func:`score_block`) is scored against every offer:

1. retrieval: the block's skill vectors times the offers' (a sparse x dense product, a few dozen
   graduates at a time to bound memory), then each graduate's hard filters (contract, distance by
   mobility mode, availability) and its ``retrieve_n`` best offers, exactly as for one graduate
   (:func:`matching.ranker.retrieval.retrieve_offers_for`);
2. ranking: pair features (per graduate, the interactive fast path) and one model call for all the
   block's retrieved pairs;
3. the top ``top`` offers of each graduate (complete: a graduate belongs to one block), and, for each
   offer, the top ``top`` graduates *of this block* — a partial list, ties at the last place kept.

A block of offers (:func:`score_offer_block`) is the same seen from the offers: each offer's
graduates retrieved as its shortlist retrieves them (:meth:`Matcher.shortlist`), its list complete.

What an offer's list ranks: from blocks of graduates alone, the graduates whose own retrieval reached
the offer (the offer is among their ``retrieve_n`` best reachable offers by skill similarity), a
mutual criterion that misses good graduates of offers no graduate ranks high; so blocks of offers go
into the same merge, and an offer's final list is the best of both (docs/ranker.md gives figures). A
pair both reach counts once, with its best score.

The lists from every block are merged with :func:`merge_top_k` (or, as they arrive, a
:class:`TopKMerger`). The merge is exact: an entry of an offer's final top-k has fewer than k entries
scoring strictly better in all, hence in its own block, so its block kept it (ties at the k-th place
are kept); the union of the kept entries therefore contains the whole final top-k, which is the first
k of that union in the same order (score descending, then the other side's id ascending).

The fitted index (the :class:`~matching.ranker.engine.Matcher`) is built once per corpus snapshot
and model, and kept by each worker process in a :class:`MatcherCache` keyed by model version and data
version, never rebuilt per block.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .retrieval import MAX_START_DELAY_DAYS, RADIUS_SLACK, _filter_candidates, _filter_offers
from .space import CandidateBlock, OfferBlock


class Matcher(Protocol):
    """What scoring a block reads of a :class:`matching.ranker.engine.Matcher` (its public side):
    ``engine`` imports this module, never the other way round."""

    offers: OfferBlock
    candidates: CandidateBlock
    retrieve_n: int

    def features(self, offer_rows, candidate_rows, distance_km=None) -> np.ndarray: ...

    def model_scores(self, X: np.ndarray) -> np.ndarray: ...

    def rank_scores(self, X: np.ndarray, offer_rows, candidate_rows, groups=None) -> np.ndarray: ...

    def real_reasons(self, offer_rows, candidate_rows) -> np.ndarray: ...

    def offer_reasons_for(self, c: int, rows: np.ndarray) -> np.ndarray: ...


# Graduates whose retrieval scores are computed together: the dense score block is
# offers x SUB_BLOCK float32 (100,000 offers: 12.8 MB), whatever the size of the Celery chunk.
SUB_BLOCK = 32


@dataclass(frozen=True)
class TopPairs:
    """Scored pairs grouped by ``key``: within a key, by score descending, then ``other`` ascending.

    ``key`` and ``other`` are integers: row indices in a :class:`Matcher`, or database ids once
    mapped with :meth:`map`.
    """

    key: np.ndarray  # int64
    other: np.ndarray  # int64
    score: np.ndarray  # float64

    def __len__(self) -> int:
        return len(self.key)

    @classmethod
    def empty(cls) -> TopPairs:
        """No pairs."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))

    def groups(self) -> dict[int, list[tuple[int, float]]]:
        """``{key: [(other, score), ...]}``, best first."""
        out: dict[int, list[tuple[int, float]]] = {}
        for k, o, s in zip(self.key.tolist(), self.other.tolist(), self.score.tolist(), strict=True):
            out.setdefault(k, []).append((o, s))
        return out

    def triples(self) -> list[tuple[int, int, float]]:
        """``[(key, other, score), ...]`` in order."""
        return list(zip(self.key.tolist(), self.other.tolist(), self.score.tolist(), strict=True))

    def top(self, k: int, *, keep_ties: bool = False) -> TopPairs:
        """Each key's ``k`` best pairs (see :func:`top_k_per_key`)."""
        return top_k_per_key(self.key, self.other, self.score, k, keep_ties=keep_ties)

    def map(self, key_ids: Sequence[int] | np.ndarray, other_ids: Sequence[int] | np.ndarray) -> TopPairs:
        """The same pairs with rows replaced by ids (``key_ids[row]``), re-sorted by the ids.

        Ties are re-broken by the new ``other`` ids; lists of partial blocks keep their ties at the
        last place, so a merge after mapping stays exact.
        """
        key_ids = np.asarray(key_ids, dtype=np.int64)
        other_ids = np.asarray(other_ids, dtype=np.int64)
        return _sorted(key_ids[self.key], other_ids[self.other], self.score)

    def to_bytes(self) -> bytes:
        """A compact binary form (``.npz``, no pickle) to park a chunk's partial lists in Redis.

        Keys are sorted, so they are stored once each with their number of pairs: about 12 bytes a
        pair for row or id numbers below 2**31.
        """
        keys, counts = np.unique(self.key, return_counts=True)
        buf = io.BytesIO()
        np.savez(
            buf,
            keys=keys.astype(_int_dtype(keys)),
            counts=counts.astype(np.int32),
            other=self.other.astype(_int_dtype(self.other)),
            score=self.score.astype(np.float64),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TopPairs:
        """Inverse of :meth:`to_bytes` (never unpickles)."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            key = np.repeat(z["keys"].astype(np.int64), z["counts"])
            other, score = z["other"].astype(np.int64), z["score"].astype(np.float64)
        if not len(key) == len(other) == len(score):
            raise ValueError("partial list arrays of different lengths")
        return cls(key, other, score)


def _int_dtype(a: np.ndarray):
    fits = len(a) == 0 or (a.min() >= np.iinfo(np.int32).min and a.max() <= np.iinfo(np.int32).max)
    return np.int32 if fits else np.int64


def _sorted(key: np.ndarray, other: np.ndarray, score: np.ndarray, *, by_pair: bool = False) -> TopPairs:
    """Sorted by key, score descending, other. Stable argsorts chained (faster than ``lexsort``
    here); ``by_pair``: the input is already sorted by (key, other)."""
    order = np.arange(len(key)) if by_pair else np.argsort(other, kind="stable")
    order = order[np.argsort(-score[order], kind="stable")]
    order = order[np.argsort(key[order], kind="stable")]
    return TopPairs(key[order], other[order], score[order])


def top_k_per_key(
    key: np.ndarray,
    other: np.ndarray,
    score: np.ndarray,
    k: int,
    *,
    keep_ties: bool = False,
    by_pair: bool = False,
) -> TopPairs:
    """The ``k`` best pairs of each key (score descending, then ``other`` ascending).

    With ``keep_ties``, every pair scoring as much as a key's k-th is kept too: what a partial list
    must keep for a later :func:`merge_top_k` to be exact whatever its tie-break.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    pairs = _sorted(
        np.asarray(key, dtype=np.int64),
        np.asarray(other, dtype=np.int64),
        np.asarray(score, dtype=np.float64),
        by_pair=by_pair,
    )
    n = len(pairs)
    if n == 0:
        return pairs
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(pairs.key[1:], pairs.key[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    rank = np.arange(n) - starts[group]
    keep = rank < k
    if keep_ties:
        sizes = np.diff(np.append(starts, n))
        long = sizes > k
        kth = np.full(len(starts), np.inf)
        kth[long] = pairs.score[starts[long] + k - 1]
        keep |= pairs.score >= kth[group]
    return TopPairs(pairs.key[keep], pairs.other[keep], pairs.score[keep])


def merge_top_k(parts: Iterable[TopPairs], k: int, *, keep_ties: bool = False) -> TopPairs:
    """Merge partial top lists (each with ties at the k-th place kept) into each key's exact top ``k``.

    A pair in several parts counts once, with its best score. ``keep_ties=True`` gives again a
    partial list, for a merge in several steps.
    """
    parts = [p for p in parts if len(p)]
    if not parts:
        return TopPairs.empty()
    key, other, score = (np.concatenate([getattr(p, f) for p in parts]) for f in ("key", "other", "score"))
    if len(parts) == 1:
        return top_k_per_key(key, other, score, k, keep_ties=keep_ties)
    key, other, score = _unique_pairs(key, other, score)
    return top_k_per_key(key, other, score, k, keep_ties=keep_ties, by_pair=True)


def _unique_pairs(key: np.ndarray, other: np.ndarray, score: np.ndarray):
    """Each (key, other) pair once, with its best score, sorted by (key, other): blocks of graduates
    and blocks of offers both score the pairs that both sides' retrieval reached."""
    small = len(key) and min(key.min(), other.min()) >= 0 and max(key.max(), other.max()) < 2**31
    # Ids below 2**31: one argsort of an int64 code of the pair.
    order = np.argsort((key << 32) | other, kind="stable") if small else np.lexsort((other, key))
    key, other, score = key[order], other[order], score[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = (key[1:] != key[:-1]) | (other[1:] != other[:-1])
    starts = np.flatnonzero(first)
    return key[starts], other[starts], np.maximum.reduceat(score, starts) if len(starts) else score[:0]


class TopKMerger:
    """Merges partial top lists as they arrive, in bounded memory: once the pairs held exceed twice
    the last merge (or ``buffer``), they are merged down to each key's top ``k`` (exact: every part
    is already in the final ids and order)."""

    def __init__(self, k: int, *, buffer: int = 2_000_000):
        self.k = k
        self.buffer = buffer
        self._parts: list[TopPairs] = []
        self._held = 0
        self._merged = 0

    def add(self, part: TopPairs) -> None:
        """Take one partial list (ties at the k-th place kept, see :func:`score_block`)."""
        self._parts.append(part)
        self._held += len(part)
        if self._held > max(self.buffer, 2 * self._merged):
            merged = merge_top_k(self._parts, self.k)
            self._parts, self._held, self._merged = [merged], len(merged), len(merged)

    def result(self) -> TopPairs:
        """Each key's exact top ``k``."""
        return merge_top_k(self._parts, self.k)


@dataclass
class BlockScores:
    """What scoring one block gives: a block of graduates (``side="candidate"``) against every offer,
    or a block of offers (``side="offer"``) against every graduate.

    The block's own side has complete lists, the other side partial ones (its pairs with this
    block); both keep the pairs tied with the last place.
    """

    side: str  # "candidate" or "offer": what ``rows`` are
    rows: np.ndarray
    by_candidate: TopPairs  # key: graduate row, other: offer row
    by_offer: TopPairs  # key: offer row, other: graduate row
    pairs_considered: int  # block x other side: every pair went through the product and filters
    pairs_scored: int  # pairs that went through features and model


def score_block(
    matcher: Matcher, candidate_rows: Sequence[int], *, top: int = 50, require_reason: bool = True
) -> BlockScores:
    """Score graduates ``candidate_rows`` (rows of ``matcher.candidates``) against every offer.

    Returns each graduate's top ``top`` offers and each offer's top ``top`` graduates of the block,
    as rows, both with the pairs tied with the last place kept: the caller cuts again once rows are
    mapped to its own ids (:meth:`TopPairs.map`, then :meth:`TopPairs.top` or :func:`merge_top_k`),
    so that ties are broken by those ids. Scores equal those of :meth:`Matcher.suggest_offers`;
    ``require_reason`` applies the same real-reason predicate (:meth:`Matcher.real_reasons`).
    """
    return _block(matcher, candidate_rows, top, side="candidate", require_reason=require_reason)


def score_offer_block(
    matcher: Matcher, offer_rows: Sequence[int], *, top: int = 50, require_reason: bool = True
) -> BlockScores:
    """Score offers ``offer_rows`` against every graduate, retrieving from the offers' side.

    Each offer's top ``top`` graduates (complete) and each graduate's top offers of the block
    (partial), ties at the last place kept. Scores and lists equal :meth:`Matcher.shortlist`'s.
    """
    return _block(matcher, offer_rows, top, side="offer", require_reason=require_reason)


def _block(
    matcher: Matcher, block_rows: Sequence[int], top: int, *, side: str, require_reason: bool = True
) -> BlockScores:
    ob, cb = matcher.offers, matcher.candidates
    mine, theirs = (cb, ob) if side == "candidate" else (ob, cb)
    select = _filter_offers if side == "candidate" else _filter_candidates
    rows = np.asarray(block_rows, dtype=np.int64)
    considered = len(rows) * len(theirs)
    empty = BlockScores(side, rows, TopPairs.empty(), TopPairs.empty(), considered, 0)
    if len(rows) == 0 or len(theirs) == 0:
        return empty
    queries = mine.retrieval[rows]
    got_parts = []
    for a in range(0, len(rows), SUB_BLOCK):
        dense = queries[a : a + SUB_BLOCK].T.toarray()  # skills x queries, float32
        # Other side x queries, transposed once so that each query's scores are contiguous.
        block = np.ascontiguousarray((theirs.retrieval @ dense).T)
        for j, q in enumerate(rows[a : a + SUB_BLOCK]):
            q = int(q)
            got = select(ob, cb, q, block[j], matcher.retrieve_n, RADIUS_SLACK, MAX_START_DELAY_DAYS)
            other, dist = got.index.astype(np.int64), got.distance_km
            if require_reason and len(other):
                # The real-reason predicate, as on the graduate's page and the offer's shortlist.
                if side == "candidate":
                    keep = matcher.offer_reasons_for(q, other)
                else:
                    keep = matcher.real_reasons(np.full(len(other), q, dtype=np.int64), other)
                other, dist = other[keep], dist[keep]
            got_parts.append((q, other, dist))
        del block
    # Features one query at a time: their fast path (one row gather and one small product per
    # query) is as quick as the element-wise path over the whole block here, and it is the
    # interactive query's arithmetic, so a pair scores exactly as on the graduate's page (or in
    # the offer's shortlist).
    oi, ci, parts = [], [], []
    for q, other, dist in got_parts:
        if len(other) == 0:
            continue
        same = np.full(len(other), q, dtype=np.int64)
        o, c = (other, same) if side == "candidate" else (same, other)
        oi.append(o)
        ci.append(c)
        parts.append(matcher.features(o, c, dist))
    if not parts:
        return empty
    oi, ci = np.concatenate(oi), np.concatenate(ci)
    # As on the pages: an offer's graduates through the content blend (one list per offer), a
    # graduate's offers through the model alone.
    X = np.vstack(parts)
    prob = matcher.rank_scores(X, oi, ci, groups=oi) if side == "offer" else matcher.model_scores(X)
    prob = np.asarray(prob, dtype=np.float64)
    return BlockScores(
        side=side,
        rows=rows,
        by_candidate=top_k_per_key(ci, oi, prob, top, keep_ties=True),
        by_offer=top_k_per_key(oi, ci, prob, top, keep_ties=True),
        pairs_considered=considered,
        pairs_scored=len(oi),
    )


@dataclass
class RegionScores:
    """A whole region scored in one process: both sides' top lists, as rows."""

    by_candidate: TopPairs
    by_offer: TopPairs
    pairs_considered: int
    pairs_scored: int


def score_region(
    matcher: Matcher, *, chunk: int = 256, top: int = 50, offer_side: bool = True
) -> RegionScores:
    """Every graduate against every offer, block by block, in this process: the reference for the
    chunked run (a Celery worker runs one block, the merge step :func:`merge_top_k`).

    A graduate's list: the best of the offers their retrieval reached (exactly their page). An
    offer's list: the best of the graduates whose retrieval reached the offer and, with
    ``offer_side``, of the graduates the offer's own retrieval reached (its shortlist) — blocks of
    offers through :func:`score_offer_block`, about the same cost again.
    """
    graduates = np.arange(len(matcher.candidates))
    blocks = [
        score_block(matcher, graduates[a : a + chunk], top=top) for a in range(0, len(graduates), chunk)
    ]
    if offer_side:
        offers = np.arange(len(matcher.offers))
        blocks += [
            score_offer_block(matcher, offers[a : a + chunk], top=top) for a in range(0, len(offers), chunk)
        ]
    return RegionScores(
        # A graduate is in one block of graduates: its list is complete there.
        by_candidate=merge_top_k((b.by_candidate for b in blocks if b.side == "candidate"), top),
        by_offer=merge_top_k((b.by_offer for b in blocks), top),
        pairs_considered=sum(b.pairs_considered for b in blocks),
        pairs_scored=sum(b.pairs_scored for b in blocks),
    )


class MatcherCache:
    """Fitted matchers kept by a worker process, keyed by (model version, data version, …).

    ``get(key, build)`` returns the cached matcher or builds it once; only the ``size`` most recent
    keys are kept (a matcher over a whole region weighs hundreds of MB). ``builds`` counts builds.
    """

    def __init__(self, size: int = 1):
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self.builds = 0
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Matcher]) -> Matcher:
        """The matcher for ``key``, built with ``build()`` the first time."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            # Drop the old matcher before building the new one: never two region indexes at once.
            while len(self._items) >= self.size:
                self._items.popitem(last=False)
            matcher = build()
            self.builds += 1
            self._items[key] = matcher
            return matcher

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def clear(self) -> None:
        """Forget every matcher."""
        with self._lock:
            self._items.clear()
