"""Scores: compute an offer's or a graduate's pairs with the current ranker and upsert them.

Every write is keyed by (offer, graduate, model version): running a refresh twice leaves the same
rows; a new model version writes new rows and leaves the old ones to its predecessor.

A whole region is scored by chunks of graduates (``region_plan`` → ``region_score_chunk`` on each
chunk → ``region_merge``; the Celery fan-out is in ``tasks.score_region``): each chunk stores its
graduates' top pairs and returns each offer's partial top list, the merge keeps each offer's exact
top list, stores it and deletes the rows of the version that the run did not write again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import asdict, dataclass, field

import numpy as np
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from employers.models import Offer
from graduates.models import Graduate
from matching.ranker import (
    Matcher,
    MatcherCache,
    Shortfall,
    SkillOpening,
    Suggestion,
    TopKMerger,
    TopPairs,
    score_block,
    score_offer_block,
)
from matching.ranker.explain import pair_details, reasons_fr, summary_fr
from matching.ranker.features import pair_distance

from .. import ranker_bridge
from ..models import MatchScore, RankerVersion, SkillHint
from ..serving import ranker_current, ranker_model

logger = logging.getLogger(__name__)

# Pairs kept per offer and per graduate: far more than any page shows, few enough to stay cheap.
# A refresh from one side also rescores the pairs the other side kept, as long as the pair still
# passes retrieval (distance, contract, availability), so neither side erases the other's rows.
TOP_PER_SIDE = 50

# Graduates per Celery chunk of a region run: a chunk scores them against every offer (about
# 1 s of CPU per 500 graduates x 100,000 offers) and stores 50 explained pairs each.
REGION_CHUNK = 500
# Offers per chunk of the offers' pass (retrieval from the offers' side, as their shortlists).
REGION_OFFER_CHUNK = 1000
# Rows per INSERT … ON CONFLICT statement.
WRITE_BATCH = 2000
# How long a chunk's partial lists wait in the cache for the merge.
REGION_PARTIAL_TTL = 12 * 60 * 60

# The region index of this worker process, keyed by (model version, data snapshot): built by the
# first chunk of a run that lands here, reused by the next ones.
_region_matchers = MatcherCache(size=1)


def _explained(matcher: Matcher, s: Suggestion) -> tuple[dict, dict]:
    return _explained_rows(
        matcher,
        matcher.offers.index[s.offer_id],
        matcher.candidates.index[s.candidate_id],
        s.details.get("distance_km"),
    )


def _explained_rows(matcher: Matcher, o: int, c: int, distance_km: float | None) -> tuple[dict, dict]:
    offer = matcher.offers.docs[o]
    cand = matcher.candidates.docs[c]
    d = pair_details(offer, cand, matcher.graph, distance_km, today=matcher.today)
    reasons = {
        "summary": summary_fr(d, matcher.graph),
        "graduate": reasons_fr(d, matcher.graph, cand, audience="graduate"),
        "employer": reasons_fr(d, matcher.graph, cand, audience="employer"),
    }
    details = d.to_dict()
    details["skill_labels"] = {
        sid: matcher.graph.label(sid) for sid in (*d.required_matched, *d.required_missing, *d.nice_matched)
    }
    return reasons, details


def _db_now() -> dt.datetime:
    """The database's clock: every worker stamps ``computed_at`` with it, so that a region run can
    tell the rows it wrote from older ones whatever the workers' clocks say."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            return cursor.fetchone()[0]
    return timezone.now()


def _standings(retrieved: list[Suggestion]) -> list[dict]:
    """Each retrieved pair's standing on its side, as the ranker measured it: the share of the pairs
    in reach (hard filters passed, retrieved or not) it scores above, and how many there are."""
    return [
        {
            "better_than": None if s.percentile is None else round(s.percentile / 100.0, 4),
            "in_reach": s.n_in_reach,
        }
        for s in retrieved
    ]


def _upsert(
    matcher: Matcher,
    suggestions: list[Suggestion],
    version: str,
    *,
    offer_id=None,
    graduate_id=None,
    standings: list[dict] | None = None,
) -> int:
    now = _db_now()
    side = "offer" if offer_id is not None else "graduate"
    other = "graduate" if side == "offer" else "offer"
    # The other side's standing, computed when that side was scored, is kept.
    previous = {
        (o, g): (d or {}).get("standing", {}).get(other)
        for o, g, d in MatchScore.objects.filter(
            model_version=version,
            **({"offer_id": offer_id} if offer_id is not None else {"graduate_id": graduate_id}),
        ).values_list("offer_id", "graduate_id", "details")
    }
    rows = []
    for i, s in enumerate(suggestions):
        reasons, details = _explained(matcher, s)
        standing = {}
        if standings is not None:
            standing[side] = standings[i]
        kept = previous.get((int(s.offer_id), int(s.candidate_id)))
        if kept:
            standing[other] = kept
        if standing:
            details["standing"] = standing
        rows.append(
            MatchScore(
                offer_id=int(s.offer_id),
                graduate_id=int(s.candidate_id),
                model_version=version,
                score=min(1.0, max(0.0, float(s.score))),
                reasons=reasons,
                details=details,
                computed_at=now,
            )
        )
    with transaction.atomic():
        stale = MatchScore.objects.filter(model_version=version)
        if offer_id is not None:
            stale = stale.filter(offer_id=offer_id).exclude(graduate_id__in=[r.graduate_id for r in rows])
        else:
            stale = stale.filter(graduate_id=graduate_id).exclude(offer_id__in=[r.offer_id for r in rows])
        stale.delete()
        MatchScore.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["offer", "graduate", "model_version"],
            update_fields=["score", "reasons", "details", "computed_at"],
        )
    return len(rows)


def _matcher(version: RankerVersion) -> Matcher:
    # Always every published offer and every graduate: the text and skill weights are fitted on the
    # whole corpus, so a pair scores the same whichever side asked for it.
    return ranker_bridge.build_matcher(model=ranker_model(version))


def _score_offer(matcher: Matcher, version: str, offer_id: int) -> int:
    if str(offer_id) not in matcher.offers.index:
        # A closed, filled or expired offer is suggested to nobody any more.
        MatchScore.objects.filter(offer_id=offer_id, model_version=version).delete()
        return 0
    retrieved = matcher.shortlist(str(offer_id), k=matcher.retrieve_n) if len(matcher.candidates.ids) else []
    existing = {
        str(g)
        for g in MatchScore.objects.filter(offer_id=offer_id, model_version=version).values_list(
            "graduate_id", flat=True
        )
    }
    standings = _standings(retrieved)
    kept = [i for i, s in enumerate(retrieved) if i < TOP_PER_SIDE or s.candidate_id in existing]
    return _upsert(
        matcher,
        [retrieved[i] for i in kept],
        version,
        offer_id=offer_id,
        standings=[standings[i] for i in kept],
    )


def _score_graduate(matcher: Matcher, version: str, graduate_id: int) -> int:
    if str(graduate_id) not in matcher.candidates.index:
        MatchScore.objects.filter(graduate_id=graduate_id, model_version=version).delete()
        return 0
    retrieved = (
        matcher.suggest_offers(str(graduate_id), k=matcher.retrieve_n) if len(matcher.offers.ids) else []
    )
    existing = {
        str(o)
        for o in MatchScore.objects.filter(graduate_id=graduate_id, model_version=version).values_list(
            "offer_id", flat=True
        )
    }
    standings = _standings(retrieved)
    kept = [i for i, s in enumerate(retrieved) if i < TOP_PER_SIDE or s.offer_id in existing]
    written = _upsert(
        matcher,
        [retrieved[i] for i in kept],
        version,
        graduate_id=graduate_id,
        standings=[standings[i] for i in kept],
    )
    store_hints(matcher, [graduate_id], short_ids=[graduate_id] if len(kept) < SHORT_MARGIN else [])
    return written


def scores_refresh_for_offer(*, offer_id: int) -> int:
    """Score one offer against every graduate and keep its top pairs (idempotent)."""
    version = ranker_current()
    if not Offer.objects.filter(pk=offer_id, status=Offer.Status.PUBLISHED).exists():
        MatchScore.objects.filter(offer_id=offer_id, model_version=version.version).delete()
        return 0
    count = _score_offer(_matcher(version), version.version, offer_id)
    logger.debug("offer %s scored: %d pairs (%s)", offer_id, count, version.version)
    return count


def scores_refresh_for_graduate(*, graduate_id: int) -> int:
    """Score one graduate against every published offer and keep their top pairs (idempotent)."""
    version = ranker_current()
    if not Graduate.objects.filter(pk=graduate_id).exists():
        return 0
    count = _score_graduate(_matcher(version), version.version, graduate_id)
    logger.debug("graduate %s scored: %d pairs (%s)", graduate_id, count, version.version)
    return count


def scores_refresh_all() -> dict[str, int]:
    """Score every published offer and every graduate with one matcher (after a promotion, for the demo)."""
    version = ranker_current()
    matcher = _matcher(version)
    pairs = 0
    for graduate_id in matcher.candidates.ids:
        pairs += _score_graduate(matcher, version.version, int(graduate_id))
    for offer_id in matcher.offers.ids:
        pairs += _score_offer(matcher, version.version, int(offer_id))
    # Offers no longer published keep no rows under the serving version.
    MatchScore.objects.filter(model_version=version.version).exclude(
        offer__status=Offer.Status.PUBLISHED
    ).delete()
    return {"offers": len(matcher.offers.ids), "graduates": len(matcher.candidates.ids), "pairs": pairs}


# ---------------------------------------------------------------- a whole region, by chunks


class RegionPartialMissing(RuntimeError):
    """A chunk's partial lists left the cache before the merge (evicted or expired)."""


@dataclass(frozen=True)
class RegionPlan:
    """A region run: the model version it writes under, its data snapshot, its chunks."""

    model_version: str
    snapshot: str  # the run's data version: the database time it started (ISO 8601)
    chunks: list[list[int]]  # graduate ids
    offer_chunks: list[list[int]]  # published offer ids


def region_plan(*, chunk_size: int = REGION_CHUNK, offer_chunk_size: int = REGION_OFFER_CHUNK) -> RegionPlan:
    """Pin the serving version and the run's start; cut every graduate and every published offer
    into chunks."""
    if chunk_size < 1 or offer_chunk_size < 1:
        raise ValueError("chunk sizes must be at least 1")
    version = ranker_current()
    started = _db_now()
    graduates = list(Graduate.objects.order_by("pk").values_list("pk", flat=True))
    offers = list(
        Offer.objects.filter(status=Offer.Status.PUBLISHED).order_by("pk").values_list("pk", flat=True)
    )
    return RegionPlan(
        model_version=version.version,
        snapshot=started.isoformat(),
        chunks=[graduates[a : a + chunk_size] for a in range(0, len(graduates), chunk_size)],
        offer_chunks=[offers[a : a + offer_chunk_size] for a in range(0, len(offers), offer_chunk_size)],
    )


def region_matcher(*, model_version: str, snapshot: str) -> Matcher:
    """This process's index for a run: built from the database by the first chunk of the run that
    lands in the process, then reused by its other chunks and by the merge."""

    def build() -> Matcher:
        version = RankerVersion.objects.get(version=model_version)
        return ranker_bridge.build_matcher(model=ranker_model(version))

    return _region_matchers.get((model_version, snapshot), build)


def _pks(ids: list[str]) -> np.ndarray:
    return np.fromiter((int(i) for i in ids), dtype=np.int64, count=len(ids))


def _list_standings(matcher: Matcher, offer_rows, candidate_rows, scores, side: str) -> list[dict]:
    """Each pair's standing in its ``side``'s list (a graduate's offers, an offer's graduates), as
    ``Matcher._standing`` words it on a page: rank by score in the list, then the share of the pairs
    in reach (the hard filters) it beats, ``(in_reach - rank) / in_reach``."""
    query = np.asarray(candidate_rows if side == "graduate" else offer_rows, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64)
    order = np.lexsort((-scores, query))
    rank = np.empty(len(query), dtype=np.int64)
    starts = np.r_[True, query[order][1:] != query[order][:-1]]
    pos = np.arange(len(order))
    rank[order] = pos - np.maximum.accumulate(np.where(starts, pos, 0)) + 1
    reach = {}
    for q in np.unique(query).tolist():
        reach[q] = matcher.offers_in_reach(q) if side == "graduate" else matcher.candidates_in_reach(q)
    out = []
    for q, r in zip(query.tolist(), rank.tolist(), strict=True):
        n = reach[q]
        out.append({"better_than": round(max(0, n - r) / n, 4) if n > 0 else None, "in_reach": n})
    return out


def _upsert_pairs(
    matcher: Matcher, offer_rows, candidate_rows, scores, version: str, *, side: str | None = None
) -> int:
    """Upsert explained pairs given as matcher rows; pairs of an offer no longer published or of a
    graduate deleted since the matcher was built are skipped. With ``side`` (``"graduate"``: the
    rows are graduates' lists, ``"offer"``: offers' lists), each pair's standing in that list is
    stored (``details["standing"][side]``, what the pages read), keeping the other side's."""
    ob, cb = matcher.offers, matcher.candidates
    offer_rows = np.asarray(offer_rows, dtype=np.int64)
    candidate_rows = np.asarray(candidate_rows, dtype=np.int64)
    if len(offer_rows) == 0:
        return 0
    standings = _list_standings(matcher, offer_rows, candidate_rows, scores, side) if side else None
    other = "offer" if side == "graduate" else "graduate"
    offer_pks, graduate_pks = _pks(ob.ids)[offer_rows], _pks(cb.ids)[candidate_rows]
    live_offers = set(
        Offer.objects.filter(pk__in=set(offer_pks.tolist()), status=Offer.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    live_graduates = set(
        Graduate.objects.filter(pk__in=set(graduate_pks.tolist())).values_list("pk", flat=True)
    )
    distance = pair_distance(ob, offer_rows, cb, candidate_rows)
    # Rows in key order: concurrent upserts then lock them in the same order.
    order = np.lexsort((graduate_pks, offer_pks))
    now = _db_now()
    written = 0
    for a in range(0, len(order), WRITE_BATCH):
        batch = []
        part = order[a : a + WRITE_BATCH]
        previous = {}
        if side:
            # The other side's standing, stored when that side was scored, is kept.
            previous = {
                (o, g): st
                for o, g, st in MatchScore.objects.filter(
                    model_version=version,
                    offer_id__in=set(offer_pks[part].tolist()),
                    graduate_id__in=set(graduate_pks[part].tolist()),
                ).values_list("offer_id", "graduate_id", f"details__standing__{other}")
                if st
            }
        for i in part:
            offer_pk, graduate_pk = int(offer_pks[i]), int(graduate_pks[i])
            if offer_pk not in live_offers or graduate_pk not in live_graduates:
                continue
            d = float(distance[i])
            reasons, details = _explained_rows(
                matcher, int(offer_rows[i]), int(candidate_rows[i]), None if np.isnan(d) else d
            )
            if side:
                details["standing"] = {side: standings[i]}
                kept = previous.get((offer_pk, graduate_pk))
                if kept:
                    details["standing"][other] = kept
            batch.append(
                MatchScore(
                    offer_id=offer_pk,
                    graduate_id=graduate_pk,
                    model_version=version,
                    score=min(1.0, max(0.0, float(scores[i]))),
                    reasons=reasons,
                    details=details,
                    computed_at=now,
                )
            )
        MatchScore.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["offer", "graduate", "model_version"],
            update_fields=["score", "reasons", "details", "computed_at"],
        )
        written += len(batch)
    return written


def region_score_chunk(
    *, graduate_ids: list[int], model_version: str, snapshot: str, top: int = TOP_PER_SIDE
) -> dict:
    """Score graduates against every published offer and store each one's ``top`` pairs (upserts:
    safe to run twice); park every offer's partial top list among them in the cache for
    ``region_merge`` and return its key with the chunk's figures."""
    matcher = region_matcher(model_version=model_version, snapshot=snapshot)
    index = matcher.candidates.index
    # A graduate created after the run's snapshot waits for its own refresh or the next run.
    rows = [index[str(g)] for g in graduate_ids if str(g) in index]
    block = score_block(matcher, rows, top=top)
    offer_pks, graduate_pks = _pks(matcher.offers.ids), _pks(matcher.candidates.ids)
    # Ties broken by database id, as the merge does (the block kept the pairs tied with the last).
    mine = block.by_candidate.map(np.arange(len(graduate_pks)), offer_pks).top(top)
    offer_rows = [matcher.offers.index[str(o)] for o in mine.other.tolist()]
    written = _upsert_pairs(matcher, offer_rows, mine.key, mine.score, model_version, side="graduate")
    listed = np.bincount(np.asarray(mine.key, dtype=np.int64), minlength=len(graduate_pks))
    store_hints(
        matcher,
        [int(graduate_pks[r]) for r in rows],
        short_ids=[int(graduate_pks[r]) for r in rows if listed[r] < SHORT_MARGIN],
    )
    partial = block.by_offer.map(offer_pks, graduate_pks)
    key = _park(partial, model_version, snapshot, f"g{graduate_ids[0] if graduate_ids else 0}")
    logger.debug("region chunk: %d graduates, %d pairs written (%s)", len(rows), written, model_version)
    return {
        "graduates": len(rows),
        "offers": 0,
        "pairs_considered": block.pairs_considered,
        "pairs_scored": block.pairs_scored,
        "written": written,
        "partial": key,
        "partial_pairs": len(partial),
    }


def region_score_offer_chunk(
    *, offer_ids: list[int], model_version: str, snapshot: str, top: int = TOP_PER_SIDE
) -> dict:
    """Score offers against every graduate, retrieving from the offers' side (their shortlists), and
    park their lists in the cache for ``region_merge``; nothing is written here (safe to run twice)."""
    matcher = region_matcher(model_version=model_version, snapshot=snapshot)
    index = matcher.offers.index
    rows = [index[str(o)] for o in offer_ids if str(o) in index]
    block = score_offer_block(matcher, rows, top=top)
    lists = block.by_offer.map(_pks(matcher.offers.ids), _pks(matcher.candidates.ids))
    key = _park(lists, model_version, snapshot, f"o{offer_ids[0] if offer_ids else 0}")
    return {
        "graduates": 0,
        "offers": len(rows),
        "pairs_considered": block.pairs_considered,
        "pairs_scored": block.pairs_scored,
        "written": 0,
        "partial": key,
        "partial_pairs": len(lists),
    }


def _park(lists: TopPairs, model_version: str, snapshot: str, chunk: str) -> str:
    # The lists wait in the cache (Redis) for the merge; the chord carries only their key, so that
    # its callback message stays small (a whole region's lists weigh ~250 MB).
    key = f"matching:region:{model_version}:{snapshot}:{chunk}"
    cache.set(key, lists.to_bytes(), timeout=REGION_PARTIAL_TTL)
    return key


def region_merge(
    *, results: list[dict], model_version: str, snapshot: str, top: int = TOP_PER_SIDE
) -> dict[str, int]:
    """Merge the chunks' lists (partial ones from the graduates' chunks, complete ones from the
    offers' chunks) into each offer's exact top ``top`` pairs and store them, then delete the rows of
    the version that the run did not write (pairs no longer in any top list, offers closed since):
    rows stamped before the run started."""
    merger = TopKMerger(top)
    for r in results:
        data = cache.get(r["partial"])
        if data is None:
            raise RegionPartialMissing(
                f"Liste partielle absente du cache ({r['partial']}) : relancer matching.score_region."
            )
        merger.add(TopPairs.from_bytes(data))
    merged = merger.result()
    matcher = region_matcher(model_version=model_version, snapshot=snapshot)
    o_index, c_index = matcher.offers.index, matcher.candidates.index
    keep = [
        (o_index[str(o)], c_index[str(g)], s)
        for o, g, s in merged.triples()
        if str(o) in o_index and str(g) in c_index
    ]
    offer_rows, candidate_rows, scores = (
        (np.array(col) for col in zip(*keep, strict=True)) if keep else ([], [], [])
    )
    written = _upsert_pairs(matcher, offer_rows, candidate_rows, scores, model_version, side="offer")
    started_at = dt.datetime.fromisoformat(snapshot)
    deleted, _ = MatchScore.objects.filter(model_version=model_version, computed_at__lt=started_at).delete()
    cache.delete_many([r["partial"] for r in results])
    report = {
        "graduates": sum(r["graduates"] for r in results),
        "offers_scored": sum(r["offers"] for r in results),
        "pairs_considered": sum(r["pairs_considered"] for r in results),
        "pairs_scored": sum(r["pairs_scored"] for r in results),
        "graduate_pairs": sum(r["written"] for r in results),
        "offers": len(set(merged.key.tolist())),
        "offer_pairs": written,
        "deleted": deleted,
    }
    logger.info("region scored under %s: %s", model_version, report)
    return report


@dataclass
class Openings:
    """What would open more offers to a graduate, on the region's live offers.

    ``hints``: the skills that would open the most offers in reach (the ranker's ``SkillOpening``:
    label, count, sentence, ``offer_ids``), with ``offers`` (pk → Offer) to name them; ``shortfall``
    (the ranker's, when asked for) and ``levers``: sentences for a short list (a wider radius,
    other contracts).
    """

    hints: list = field(default_factory=list)
    offers: dict = field(default_factory=dict)
    shortfall: object = None
    levers: list[str] = field(default_factory=list)


def _graduate_matcher(graduates) -> Matcher:
    # Openings depend on offers only (and these graduates): no need to fit on every profile.
    return ranker_bridge.build_matcher(graduates=graduates, model=ranker_model(ranker_current()))


def openings_for_graduate(
    *, graduate: Graduate, top: int = 3, short: tuple[int, int] | None = None, matcher: Matcher | None = None
) -> Openings:
    """The skill-opening hints for one graduate; with ``short = (shown, left out for an open
    candidacy)``, also why the list is short and the levers that would lengthen it."""
    if matcher is None:
        # Stored by the scoring task with the state it read: nothing to compute on a page view.
        stored = _stored_openings(graduate, top, short)
        if stored is not None:
            return stored
    if matcher is None:
        # Building the matcher fits every live offer: kept a few minutes while nothing it reads changed.
        key = _openings_key(graduate, top, short)
        found = cache.get(key)
        if found is None:
            matcher = _graduate_matcher(ranker_bridge.graduates_to_match().filter(pk=graduate.pk))
            found = openings_for_graduate(graduate=graduate, top=top, short=short, matcher=matcher)
            cache.set(key, found, OPENINGS_TTL)
        return found
    gid = str(graduate.pk)
    if len(matcher.offers.ids) == 0 or gid not in matcher.candidates.index:
        return Openings()
    result = _named(Openings(hints=list(matcher.skill_openings(gid, top=top))))
    if short is not None:
        result.shortfall = matcher.offer_shortfall(gid, n_shown=short[0], n_excluded=short[1])
        result.levers = levers_fr(result.shortfall)
    return result


def _named(result: Openings) -> Openings:
    """Name the first offers under each hint ("and which ones"): published ones only."""
    ids = {int(o) for h in result.hints for o in h.offer_ids[:OPENING_OFFERS_NAMED]}
    result.offers = {
        str(o.pk): o
        for o in Offer.objects.filter(pk__in=ids, status=Offer.Status.PUBLISHED).only("pk", "title")
    }
    for h in result.hints:
        h.named = [result.offers[o] for o in h.offer_ids[:OPENING_OFFERS_NAMED] if o in result.offers]
    return result


# Offers named under each hint ("and which ones").
OPENING_OFFERS_NAMED = 5
OPENINGS_TTL = 10 * 60


def _offers_state() -> str:
    """The live offers and their skills, and the serving version: what every graduate's openings read."""
    from django.db.models import Count, Max

    from employers.models import OfferSkill

    offers = Offer.objects.filter(status=Offer.Status.PUBLISHED).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    offer_skills = OfferSkill.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return f"{offers}|{offer_skills}|{ranker_current().version}"


def _openings_key(graduate: Graduate, top: int, short, offers_state: str | None = None) -> str:
    """What the openings read: the graduate and their skills, the live offers and their skills, the
    serving version (skills of an offer change with no trace on the offer: the TTL bounds that)."""
    from django.db.models import Count, Max

    from graduates.models import GraduateSkill

    skills = GraduateSkill.objects.filter(graduate=graduate).aggregate(n=Count("pk"), last=Max("updated_at"))
    offers_state = _offers_state() if offers_state is None else offers_state
    state = f"{graduate.pk}|{graduate.updated_at}|{skills}|{offers_state}|{top}|{short}"
    return "matching:openings:" + hashlib.sha256(state.encode()).hexdigest()


# Hints stored per graduate by the scoring tasks (SkillHint): the page shows at most this many.
HINT_TOP = 3
# The levers are stored too for a graduate whose stored list holds fewer pairs than this: their page
# may show fewer than MIN_SUGGESTIONS once open candidacies are left out (else the page computes them).
SHORT_MARGIN = 8


def _opening_dict(h: SkillOpening) -> dict:
    return asdict(h) | {"offer_ids": list(h.offer_ids)}


def _opening(d: dict) -> SkillOpening:
    return SkillOpening(**(d | {"offer_ids": tuple(d["offer_ids"])}))


def store_hints(matcher: Matcher, graduate_ids, *, short_ids=()) -> int:
    """Compute and store (``SkillHint``) the skill-opening hints of ``graduate_ids`` with the state
    they read; the pages read them back while that state holds (:func:`openings_for_graduate`).
    For ``short_ids`` (graduates whose list may be short), the levers too (``Matcher.offer_shortfall``)."""
    short_ids = {str(g) for g in short_ids}
    offers_state = _offers_state()
    now = _db_now()
    rows = []
    for graduate in Graduate.objects.filter(pk__in=list(graduate_ids)).order_by("pk"):
        gid = str(graduate.pk)
        if gid not in matcher.candidates.index:
            continue
        live = len(matcher.offers.ids) > 0
        hints = matcher.skill_openings(gid, top=HINT_TOP) if live else []
        shortfall = None
        if live and gid in short_ids:
            found = matcher.offer_shortfall(gid)
            shortfall = asdict(found) | {"skill": _opening_dict(found.skill) if found.skill else None}
        rows.append(
            SkillHint(
                graduate=graduate,
                hints=[_opening_dict(h) for h in hints],
                shortfall=shortfall,
                state=_openings_key(graduate, HINT_TOP, None, offers_state),
                computed_at=now,
            )
        )
    SkillHint.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["graduate"],
        update_fields=["hints", "shortfall", "state", "computed_at"],
    )
    return len(rows)


def _stored_row(graduate: Graduate, top: int, offers_state: str | None = None) -> SkillHint | None:
    """The stored hint row if its state is still the live one, else None."""
    row = SkillHint.objects.filter(graduate=graduate).first()
    if row is None or top > HINT_TOP or row.state != _openings_key(graduate, HINT_TOP, None, offers_state):
        return None
    return row


def _stored_hints(graduate: Graduate, top: int, offers_state: str | None = None) -> list | None:
    """The stored hints (``SkillOpening``) if their state is still the live one, else None."""
    row = _stored_row(graduate, top, offers_state)
    return None if row is None else [_opening(h) for h in row.hints[:top]]


def _stored_openings(graduate: Graduate, top: int, short) -> Openings | None:
    """``openings_for_graduate`` from the stored row, or None when it is stale or lacks the levers."""
    row = _stored_row(graduate, top)
    if row is None or (short is not None and row.shortfall is None):
        return None
    result = _named(Openings(hints=[_opening(h) for h in row.hints[:top]]))
    if short is not None:
        d = dict(row.shortfall)
        d["skill"] = _opening(d["skill"]) if d.get("skill") else None
        result.shortfall = Shortfall(**d).with_counts(short[0], short[1])
        result.levers = levers_fr(result.shortfall)
    return result


def levers_fr(short) -> list[str]:
    """The ranker's shortfall as sentences: a wider radius, other contracts."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from matching.ranker.explain import CONTRACT_FR

    out = []
    if short.wider_radius_km and short.n_more_with_wider_radius:
        n = short.n_more_with_wider_radius
        out.append(
            ngettext(
                "En élargissant votre rayon à %(km)s km, %(n)s offre de plus vous serait proposée.",
                "En élargissant votre rayon à %(km)s km, %(n)s offres de plus vous seraient proposées.",
                n,
            )
            % {"km": round(short.wider_radius_km), "n": n}
        )
    if short.contracts:
        listed = ", ".join(f"{CONTRACT_FR.get(c, c)} ({n})" for c, n in short.contracts.items())
        out.append(_("En acceptant d'autres contrats : %(contracts)s.") % {"contracts": listed})
    return out


def openings_for_cohort(*, graduate_ids: list[int], top: int = 1) -> dict[int, Openings]:
    """The hint for every graduate of a cohort, with one matcher (the officer's cohort view); for a
    graduate no skill would open anything to, the levers (a wider radius, other contracts) instead."""
    if not graduate_ids:
        return {}
    out = {}
    if top <= HINT_TOP:
        offers_state = _offers_state()
        for graduate in Graduate.objects.filter(pk__in=graduate_ids):
            stored = _stored_hints(graduate, top, offers_state)
            if stored:  # stored by the scoring task, still valid: no matcher for this graduate
                out[graduate.pk] = _named(Openings(hints=stored))
    missing = [pk for pk in graduate_ids if pk not in out]
    if not missing:
        return out
    matcher = _graduate_matcher(ranker_bridge.graduates_to_match().filter(pk__in=missing))
    for pk in missing:
        gid = str(pk)
        found = Openings()
        if len(matcher.offers.ids) and gid in matcher.candidates.index:
            found.hints = list(matcher.skill_openings(gid, top=top))
            if not found.hints:
                found.shortfall = matcher.offer_shortfall(gid)
                found.levers = levers_fr(found.shortfall)
        out[pk] = found
    return out
