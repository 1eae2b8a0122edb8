"""The entry point the platform and the CLI use: retrieve, rank, explain, both ways and by chunks."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from .content import content_blend, pair_evidence
from .docs import CONTRACT_TYPES, MAX_RADIUS_KM, REMOTE_FULL, CandidateDoc, OfferDoc, SkillGraph
from .explain import opening_fr, pair_details, reasons_fr, summary_fr
from .exposure import CohortView, exposure_rerank
from .features import TEXT_COLUMN, _sparsetools, gather_dot, pair_features
from .impute import MissingImputer
from .model import build_prior
from .region import score_block, score_offer_block
from .retrieval import (
    MAX_START_DELAY_DAYS,
    RADIUS_SLACK,
    _candidate_mask,
    _offer_mask,
    _squared_km,
    retrieve_candidates_for,
    retrieve_offers_for,
)
from .scoring import compile_scorer
from .space import _REMOTE_CODE, SkillSpace, row_dense

# Share of an offer's required skills a graduate must hold for the offer to count as "open" to
# them in the skill-opening hint.
OPENING_COVERAGE = 0.75
# Offers within reach are counted exactly up to this many offers, estimated from a sample beyond.
REACH_SAMPLE = 16_384
# The hint lists the offers a skill would open, nearest first, up to this many (n_offers counts all).
MAX_OPENING_IDS = 20
# Below this many suggestions with a real reason, the list says why and what would open more.
MIN_SUGGESTIONS = 3
# "What would open more": the radius a graduate could try (x this factor, capped by the mobility mode's
# realistic maximum) and the contracts they do not ask for.
WIDER_RADIUS_FACTOR = 1.5


@dataclass
class Suggestion:
    """One ranked pair with its probability-like score and its reasons in French."""

    offer_id: str
    candidate_id: str
    score: float
    summary: str
    reasons: list[str]
    details: dict = field(default_factory=dict)
    # Standing, for telling chances honestly (filled by suggest_offers / shortlist):
    rank: int = 0  # 1 = the best of this list
    percentile: float | None = None  # share (0-100) of the pairs within reach this one scores above
    n_in_reach: int = 0  # offers within the graduate's reach (or graduates within the offer's)
    chance_out_of_10: int = 0  # round(10 x score): "sur 10 profils comme le vôtre, N obtiennent un entretien"
    chance_out_of_100: int = 0  # round(100 x score), for the officers' raw figures
    has_reason: bool = True  # passes the real-reason predicate (see Matcher.real_reasons)

    def as_ranking_item(self, side: str) -> dict:
        """``{"id", "score", "reasons"}`` as in the CLI output (``id`` is the other side's id)."""
        other = self.candidate_id if side == "offer" else self.offer_id
        return {"id": other, "score": round(self.score, 4), "reasons": self.reasons}


def _gather_columns(m: sp.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column indices of CSR rows ``rows``, concatenated, and each row's length."""
    start = m.indptr[rows]
    lens = m.indptr[rows + 1] - start
    if len(rows) == 0:
        return np.zeros(0, dtype=m.indices.dtype), lens
    if _sparsetools is not None:
        indptr = np.empty(len(rows) + 1, dtype=m.indptr.dtype)
        indptr[0] = 0
        np.cumsum(lens, out=indptr[1:])
        cols = np.empty(int(indptr[-1]), dtype=m.indices.dtype)
        data = np.empty(int(indptr[-1]), dtype=m.data.dtype)
        _sparsetools.csr_row_index(
            len(rows), rows.astype(m.indices.dtype), m.indptr, m.indices, m.data, cols, data
        )
        return cols, lens
    offsets = np.cumsum(lens) - lens
    return m.indices[np.arange(int(lens.sum())) + np.repeat(start - offsets, lens)], lens


@dataclass
class SkillOpening:
    """A missing skill and how many more nearby offers it would open (``offer_ids``: which ones)."""

    skill_id: str
    label: str
    n_offers: int
    radius_km: float
    text: str
    offer_ids: tuple[str, ...] = ()  # the offers it would open, nearest first, at most MAX_OPENING_IDS
    kind: str | None = None  # the taxonomy's kind of the skill (never a soft skill)
    n_open: int = 0  # of n_offers, those it would bring to 75 % of their required skills


@dataclass
class Shortfall:
    """Why a list holds fewer than ``MIN_SUGGESTIONS`` entries, and what would open more.

    Numbers and ids only; the platform words them. ``why`` holds codes:
    ``no_offer_in_reach`` (nothing passes distance, contract and dates), ``no_skill_in_common``
    (offers are within reach but none asks for a skill held, implied or close),
    ``already_applied`` (offers left out because of an open candidacy). Graduate side:
    ``wider_radius_km`` / ``n_more_with_wider_radius`` (offers with a real reason the wider radius
    would add), ``contracts`` (contract not asked for -> offers with a real reason it would add,
    best first), ``skill`` (the skill that would open the most offers, or None). Employer side:
    ``n_in_reach`` counts graduates, and the graduate-side fields stay empty.
    """

    n_shown: int
    n_in_reach: int
    n_in_reach_without_reason: int
    n_excluded: int
    why: list[str] = field(default_factory=list)
    radius_km: float | None = None
    wider_radius_km: float | None = None
    n_more_with_wider_radius: int = 0
    contracts: dict[str, int] = field(default_factory=dict)
    skill: SkillOpening | None = None

    def with_counts(self, n_shown: int, n_excluded: int) -> Shortfall:
        """The same shortfall for a list of ``n_shown`` entries with ``n_excluded`` left out for an
        open candidacy (``why`` follows): what a page needs from one computed with zeros."""
        why = []
        if self.n_in_reach == 0:
            why.append("no_offer_in_reach")
        elif self.n_in_reach - self.n_in_reach_without_reason - n_excluded < MIN_SUGGESTIONS:
            why.append("no_skill_in_common")
        if n_excluded:
            why.append("already_applied")
        return replace(self, n_shown=n_shown, n_excluded=n_excluded, why=why)


class SuggestionList(list):
    """A list of :class:`Suggestion` (backwards compatible) with how it was drawn.

    ``n_in_reach``: pairs passing the hard filters; ``n_without_reason``: retrieved pairs dropped by
    the real-reason predicate; ``n_excluded``: dropped by ``exclude_*_ids``; ``shortfall``: a
    :class:`Shortfall` when fewer than ``MIN_SUGGESTIONS`` pass (None otherwise).
    """

    def __init__(self, items=(), *, n_in_reach=0, n_without_reason=0, n_excluded=0, shortfall=None):
        super().__init__(items)
        self.n_in_reach = n_in_reach
        self.n_without_reason = n_without_reason
        self.n_excluded = n_excluded
        self.shortfall = shortfall


class Matcher:
    """Retrieve-then-rank over a fixed set of offers and graduates.

    Build it once per corpus snapshot (open offers, visible graduates) and keep it while they do not
    change; every query then costs one sparse matrix–vector product, masks, and features and model
    for a few hundred pairs.
    """

    def __init__(
        self,
        offers: Sequence[OfferDoc],
        candidates: Sequence[CandidateDoc],
        *,
        graph: SkillGraph | None = None,
        model=None,
        today: dt.date | None = None,
        retrieve_n: int = 300,
        space: SkillSpace | None = None,
    ):
        self.space = space if space is not None else SkillSpace(graph).fit(offers, candidates)
        self.graph = self.space.graph
        self.offers = self.space.encode_offers(offers)
        self.candidates = self.space.encode_candidates(candidates)
        self.model = model if model is not None else build_prior()
        self.today = today or dt.date.today()
        self.retrieve_n = retrieve_n
        self.imputer = None
        ob, cb = self.offers, self.candidates
        self.imputer = MissingImputer.fit(
            self.features,
            has_req=ob.n_req > 0,
            has_skills=np.diff(cb.has.indptr) > 0,
            lat_o=ob.lat,
            lat_c=cb.lat,
        )
        self._derive()

    def _derive(self) -> None:
        """Arrays derived from the encoded documents (recomputed when an older pickle lacks them)."""
        # Required skills an offer needs held to be "open" (skill openings); what learning a skill
        # brings (itself and what it implies), soft skills, and how many offers ask for each skill.
        self._open_at = np.maximum(1, np.ceil(OPENING_COVERAGE * self.offers.n_req - 1e-9)).astype(np.int16)
        n_vocab = len(self.space.vocab_)
        implies = getattr(self.space, "implies_", None)
        learns = sp.identity(n_vocab, format="csr", dtype=np.float64)
        if implies is not None and implies.nnz:
            learns = (learns + implies).tocsr()
        self._learns = sp.csr_matrix(learns.T)
        self._soft = np.array([self.graph.is_soft(v) for v in self.space.vocab_], dtype=bool)
        # 1 on the skills that may be a real reason (every skill but the soft ones: two people who
        # both "work in a team" share nothing that makes an offer worth reading).
        self._hard = (~self._soft).astype(np.float64)
        self._demand = np.asarray(self.offers.req.sum(axis=0)).ravel() if n_vocab else np.zeros(0)
        # Closures (in the vocabulary) of the skills implying others, for the hint.
        self._closures: dict[int, np.ndarray] = {}
        if implies is not None and implies.nnz:
            implies = implies.tocsr()
            for j in np.flatnonzero(np.diff(implies.indptr)):
                row = implies.indices[implies.indptr[j] : implies.indptr[j + 1]]
                self._closures[int(j)] = np.unique(np.r_[row, j]).astype(np.int64)
        self._has_req = self.offers.n_req > 0

    @property
    def model(self):
        """The serving model (any classifier with ``predict_proba`` on ``FEATURES``)."""
        return self._model

    @model.setter
    def model(self, model) -> None:
        """Swap the model (e.g. after a promotion); its fast scoring path is compiled here."""
        self._model = model
        self._score = compile_scorer(model)

    def __getstate__(self):
        # The compiled scorer is a closure: rebuild it from the model rather than pickle it.
        state = dict(self.__dict__)
        state.pop("_score", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._score = compile_scorer(self._model)
        if "_hard" not in state or state["_open_at"].dtype != np.int16:
            self._derive()

    # -- scoring --------------------------------------------------------------------------------
    def features(self, offer_rows, candidate_rows, distance_km=None) -> np.ndarray:
        """Pair features for row indices (not ids) of the two sides."""
        return pair_features(
            self.space,
            self.offers,
            np.asarray(offer_rows),
            self.candidates,
            np.asarray(candidate_rows),
            today=self.today,
            distance_km=distance_km,
            imputer=getattr(self, "imputer", None),
        )

    def model_scores(self, X: np.ndarray) -> np.ndarray:
        """The serving model's probabilities for pair feature rows ``X`` (from :meth:`features`)."""
        return self._score(X)

    def rank_scores(self, X: np.ndarray, offer_rows, candidate_rows, groups=None) -> np.ndarray:
        """The model's probabilities, blended with the text similarity where structured evidence
        is missing (``content.content_blend``; ``groups``: the list each pair is ranked in, None for
        one query's list). Unchanged when skills, place and contract are known. Used for lists of
        graduates (an offer's shortlist): a recruiter reads the CV against the offer, while a
        graduate's choice among offers follows the commute and contract the model already sees
        (on the second simulator the blend gains per offer and loses per graduate; docs/ranker.md)."""
        prob = self._score(X)
        ev_o = getattr(self.offers, "skill_evidence", None)
        ev_c = getattr(self.candidates, "skill_evidence", None)
        if ev_o is None or ev_c is None:
            return prob
        return content_blend(prob, X[:, TEXT_COLUMN], self.evidence(offer_rows, candidate_rows), groups)

    def evidence(self, offer_rows, candidate_rows) -> np.ndarray:
        """Each pair's structured evidence (``content.pair_evidence``): skills, place, contract."""
        ob, cb = self.offers, self.candidates
        oi, ci = np.asarray(offer_rows, dtype=np.int64), np.asarray(candidate_rows, dtype=np.int64)
        full_remote = ob.remote[oi] == _REMOTE_CODE[REMOTE_FULL]
        place = full_remote | (~np.isnan(ob.lat[oi]) & ~cb.nowhere[ci])
        return pair_evidence(ob.skill_evidence[oi], cb.skill_evidence[ci], place, ob.contract[oi] >= 0)

    def score_pairs(self, offer_ids: Sequence[str], candidate_ids: Sequence[str]) -> np.ndarray:
        """Scores (probabilities) for explicit pairs of ids."""
        oi = np.array([self.offers.index[o] for o in offer_ids], dtype=np.int64)
        ci = np.array([self.candidates.index[c] for c in candidate_ids], dtype=np.int64)
        if len(oi) == 0:
            return np.zeros(0)
        return self._score(self.features(oi, ci))

    # -- the real-reason predicate --------------------------------------------------------------
    def real_reasons(self, offer_rows, candidate_rows) -> np.ndarray:
        """Whether each pair (row indices) has a real reason to be suggested, skill-wise.

        The documented predicate: at least one of the offer's required skills is held by the
        graduate, implied by a skill they hold (Symfony ⇒ PHP) or close to one they hold (related
        credit from the taxonomy); for an offer listing no required skill, a nice-to-have skill held
        or close, or the graduate's own training track. Soft skills are no reason: « travail en
        équipe » held and required does not make a web developer's offer worth a digital coach's
        reading (nor an offer requiring only soft skills anyone's). Reach (distance for the mobility mode) and
        a contract the graduate accepts are the retrieval's hard filters, which every suggested pair
        has already passed.
        """
        ob, cb = self.offers, self.candidates
        oi = np.asarray(offer_rows, dtype=np.int64)
        ci = np.asarray(candidate_rows, dtype=np.int64)
        if len(oi) == 0:
            return np.zeros(0, dtype=bool)
        if np.all(oi == oi[0]):  # one offer's shortlist: two row gathers
            o = int(oi[0])
            q = np.column_stack([row_dense(ob.req, o), row_dense(ob.nice, o)]) * self._hard[:, None]
            hit = (gather_dot(cb.has, ci, q) + gather_dot(cb.related, ci, q)) > 0
            same_track = (ob.track[o] >= 0) & (cb.track[ci] == ob.track[o])
            return np.where(ob.n_req[o] > 0, hit[:, 0], hit[:, 1] | same_track)
        near = (cb.has[ci] + cb.related[ci]) @ sp.diags(self._hard)
        req = np.asarray(ob.req[oi].multiply(near).sum(axis=1)).ravel() > 0
        nice = np.asarray(ob.nice[oi].multiply(near).sum(axis=1)).ravel() > 0
        same_track = (ob.track[oi] >= 0) & (ob.track[oi] == cb.track[ci])
        return np.where(ob.n_req[oi] > 0, req, nice | same_track)

    def offer_reasons_for(self, c: int, rows: np.ndarray) -> np.ndarray:
        """``real_reasons`` of graduate ``c`` against offers ``rows`` (one product per side)."""
        ob, cb = self.offers, self.candidates
        if len(rows) == 0:
            return np.zeros(0, dtype=bool)
        near = (row_dense(cb.has, c) + row_dense(cb.related, c)) * self._hard
        req = gather_dot(ob.req, rows, near[:, None])[:, 0] > 0
        nice = gather_dot(ob.nice, rows, near[:, None])[:, 0] > 0
        same_track = (ob.track[rows] >= 0) & (ob.track[rows] == cb.track[c])
        return np.where(ob.n_req[rows] > 0, req, nice | same_track)

    # -- graduate side --------------------------------------------------------------------------
    def suggest_offers(
        self,
        candidate_id: str,
        k: int = 10,
        *,
        explain: bool = True,
        require_reason: bool = True,
        exclude_offer_ids=(),
        standing: bool = True,
    ) -> SuggestionList:
        """The top ``k`` offers for a graduate, explained for the graduate.

        ``require_reason`` (default): only offers passing :meth:`real_reasons` (switch it off to
        evaluate the bare ranking). ``exclude_offer_ids``: offers never to suggest (those with an
        open candidacy of the graduate). ``standing``: fill each suggestion's rank, percentile among
        the offers within reach and chance out of 10. When fewer than ``MIN_SUGGESTIONS`` pass, the
        list's ``shortfall`` says why and what would open more.
        """
        c = self.candidates.index[candidate_id]
        got = retrieve_offers_for(self.offers, self.candidates, c, top_n=self.retrieve_n)
        rows, dist = got.index, got.distance_km
        n_excluded = 0
        if exclude_offer_ids and len(rows):
            excluded = {self.offers.index[o] for o in exclude_offer_ids if o in self.offers.index}
            keep = np.array([int(r) not in excluded for r in rows], dtype=bool)
            n_excluded = int((~keep).sum())
            rows, dist = rows[keep], dist[keep]
        n_without = 0
        reason = self.offer_reasons_for(c, rows)
        if require_reason and len(rows):
            n_without = int((~reason).sum())
            rows, dist, reason = rows[reason], dist[reason], reason[reason]
        n_in_reach = self.offers_in_reach(c) if (standing or require_reason) else 0
        out = SuggestionList(n_in_reach=n_in_reach, n_without_reason=n_without, n_excluded=n_excluded)
        if len(rows):
            ci = np.full(len(rows), c, dtype=np.int64)
            # A graduate's offers: the model alone (the content blend orders graduates for an offer).
            scores = self._score(self.features(rows, ci, dist))
            order = np.argsort(-scores, kind="stable")
            for pos, j in enumerate(order[:k]):
                sug = self._suggestion(int(rows[j]), c, float(scores[j]), float(dist[j]), "graduate", explain)
                if standing:
                    self._standing(sug, pos, n_in_reach)
                sug.has_reason = bool(reason[j])
                out.append(sug)
        if require_reason and len(out) < MIN_SUGGESTIONS:
            out.shortfall = self.offer_shortfall(candidate_id, n_shown=len(out), n_excluded=n_excluded)
        return out

    # -- employer side --------------------------------------------------------------------------
    def shortlist(
        self,
        offer_id: str,
        k: int = 10,
        *,
        explain: bool = True,
        require_reason: bool = True,
        exclude_candidate_ids=(),
        standing: bool = True,
    ) -> SuggestionList:
        """The top ``k`` graduates for an offer, explained for the employer (same rules as
        :meth:`suggest_offers`, seen from the offer)."""
        o = self.offers.index[offer_id]
        got = retrieve_candidates_for(self.offers, self.candidates, o, top_n=self.retrieve_n)
        rows, dist = got.index, got.distance_km
        n_excluded = 0
        if exclude_candidate_ids and len(rows):
            excluded = {self.candidates.index[x] for x in exclude_candidate_ids if x in self.candidates.index}
            keep = np.array([int(r) not in excluded for r in rows], dtype=bool)
            n_excluded = int((~keep).sum())
            rows, dist = rows[keep], dist[keep]
        n_without = 0
        reason = self.real_reasons(np.full(len(rows), o, dtype=np.int64), rows)
        if require_reason and len(rows):
            n_without = int((~reason).sum())
            rows, dist, reason = rows[reason], dist[reason], reason[reason]
        n_in_reach = self.candidates_in_reach(o) if (standing or require_reason) else 0
        out = SuggestionList(n_in_reach=n_in_reach, n_without_reason=n_without, n_excluded=n_excluded)
        if len(rows):
            oi = np.full(len(rows), o, dtype=np.int64)
            scores = self.rank_scores(self.features(oi, rows, dist), oi, rows)
            order = np.argsort(-scores, kind="stable")
            for pos, j in enumerate(order[:k]):
                sug = self._suggestion(o, int(rows[j]), float(scores[j]), float(dist[j]), "employer", explain)
                if standing:
                    self._standing(sug, pos, n_in_reach)
                sug.has_reason = bool(reason[j])
                out.append(sug)
        if require_reason and len(out) < MIN_SUGGESTIONS:
            why = []
            if n_in_reach == 0:
                why.append("no_offer_in_reach")
            elif n_without or len(out) < n_in_reach:
                why.append("no_skill_in_common")
            if n_excluded:
                why.append("already_applied")
            out.shortfall = Shortfall(
                n_shown=len(out),
                n_in_reach=n_in_reach,
                n_in_reach_without_reason=max(0, n_in_reach - len(rows) - n_excluded),
                n_excluded=n_excluded,
                why=why,
            )
        return out

    @staticmethod
    def _standing(sug: Suggestion, pos: int, n_in_reach: int) -> None:
        """Rank in the list, percentile among the pairs within reach, chance out of 10 and 100.

        Pairs within reach but not retrieved (they share fewer skills) are counted below the
        retrieved ones: the percentile is ``100 x (n_in_reach - rank) / n_in_reach``.
        """
        sug.rank = pos + 1
        sug.n_in_reach = int(n_in_reach)
        if n_in_reach > 0:
            sug.percentile = round(100.0 * max(0, n_in_reach - sug.rank) / n_in_reach, 1)
        sug.chance_out_of_10 = int(round(10 * sug.score))
        sug.chance_out_of_100 = int(round(100 * sug.score))

    def offers_in_reach(self, c: int, *, exact: bool = False) -> int:
        """Offers passing graduate row ``c``'s hard filters (distance, contract, dates).

        Exact up to ``REACH_SAMPLE`` offers; beyond (unless ``exact``), estimated from a strided sample
        of that many offers (about ±1 % for a share of a third), which keeps the count out of the
        suggestions' latency.
        """
        n = len(self.offers)
        if exact or n <= REACH_SAMPLE:
            return int(np.count_nonzero(self._reach_rows(c, None, RADIUS_SLACK)))
        step = n // REACH_SAMPLE
        rows = np.arange(0, n, step)
        return int(round(np.count_nonzero(self._reach_rows(c, rows, RADIUS_SLACK)) * n / len(rows)))

    def candidates_in_reach(self, o: int) -> int:
        """Graduates passing offer row ``o``'s hard filters."""
        ok, _ = _candidate_mask(self.offers, self.candidates, o, None, RADIUS_SLACK, MAX_START_DELAY_DAYS)
        return int(ok.sum())

    def offer_shortfall(self, candidate_id: str, *, n_shown: int = 0, n_excluded: int = 0) -> Shortfall:
        """Why a graduate's list is short and what would open more: a wider radius, other
        contracts, the skill to learn."""
        ob, cb = self.offers, self.candidates
        c = cb.index[candidate_id]
        ok, _ = _offer_mask(ob, cb, c, None, RADIUS_SLACK, MAX_START_DELAY_DAYS)
        rows = np.flatnonzero(ok)
        with_reason = self.offer_reasons_for(c, rows)
        n_in_reach = len(rows)
        doc = cb.docs[c]
        radius = float(cb.radius[c])
        wider = float(min(radius * WIDER_RADIUS_FACTOR, MAX_RADIUS_KM[doc.mobility]))
        n_wider = 0
        if wider > radius and not np.isnan(cb.lat[c]):
            slack = RADIUS_SLACK * wider / radius
            ok_w, _ = _offer_mask(ob, cb, c, None, slack, MAX_START_DELAY_DAYS)
            extra = np.flatnonzero(ok_w & ~ok)
            n_wider = int(self.offer_reasons_for(c, extra).sum())
        contracts: dict[str, int] = {}
        if cb.contract_bits[c] != 0xFF:
            saved = cb.contract_bits[c]
            try:
                cb.contract_bits[c] = 0xFF
                ok_any, _ = _offer_mask(ob, cb, c, None, RADIUS_SLACK, MAX_START_DELAY_DAYS)
            finally:
                cb.contract_bits[c] = saved
            extra = np.flatnonzero(ok_any & ~ok)
            extra = extra[self.offer_reasons_for(c, extra)]
            codes = ob.contract[extra]
            for code in np.unique(codes[codes >= 0]):
                contracts[CONTRACT_TYPES[int(code)]] = int((codes == code).sum())
            contracts = dict(sorted(contracts.items(), key=lambda kv: -kv[1]))
        best = self.skill_openings(candidate_id, top=1)
        return Shortfall(
            n_shown=n_shown,
            n_in_reach=n_in_reach,
            n_in_reach_without_reason=int((~with_reason).sum()),
            n_excluded=n_excluded,
            radius_km=radius,
            wider_radius_km=wider if wider > radius else None,
            n_more_with_wider_radius=n_wider,
            contracts=contracts,
            skill=best[0] if best else None,
        ).with_counts(n_shown, n_excluded)

    def _suggestion(
        self, o: int, c: int, score: float, dist: float, audience: str, explain: bool
    ) -> Suggestion:
        offer, cand = self.offers.docs[o], self.candidates.docs[c]
        if not explain:
            return Suggestion(offer.id, cand.id, score, "", [], {})
        d = pair_details(offer, cand, self.graph, None if math.isnan(dist) else dist, today=self.today)
        return Suggestion(
            offer_id=offer.id,
            candidate_id=cand.id,
            score=score,
            summary=summary_fr(d, self.graph),
            reasons=reasons_fr(d, self.graph, cand, audience=audience),
            details=d.to_dict(),
        )

    # -- what would raise it ----------------------------------------------------------------------
    def skill_openings(self, candidate_id: str, top: int = 3) -> list[SkillOpening]:
        """Missing skills that would open the most offers within the graduate's radius, best first.

        An offer within the radius (or fully remote, or of unknown place) and of a contract the
        graduate accepts, listing required skills, is *closed* when the graduate holds (or is implied
        to hold) none of them, *within reach* when they hold some but less than ``OPENING_COVERAGE``
        of them, *open* beyond. Learning a skill (and what it implies: Symfony brings PHP) *opens* an
        offer when it moves it up one of these steps. Skills held or implied and soft skills are never
        proposed.

        The hint stays in the graduate's trade: skills are ranked on *her* offers — those of her own
        training track, or sharing at least one required skill with her (held or implied, soft skills
        aside) — and on every offer within reach only when no skill moves any of hers up a step (a
        web developer learns nothing useful from Wi-Fi for support jobs, even when one-skill support
        offers are "one skill short" of open); there, the skills close to one she holds (related
        credit) come first, the others only when none of them moves an offer. On the set used, whenever some skill opens an offer there is a
        first entry: the skill bringing the most offers to the open level or, when none would, the one
        bringing the most closed offers within reach (ties: the skill asked by the most offers in the
        region, then by id). The figures told are those of every offer within reach: ``n_open`` the
        offers the skill brings to the open level, ``n_offers`` every offer it moves up a step,
        ``offer_ids`` those, nearest first, at most ``MAX_OPENING_IDS``.

        Cost: one pass over the offers for the distances (shared with the suggestions of the same
        graduate), the held skills' columns, and one sparse product of the offers' required skills
        with a mask per set (two at most); skills that imply others are counted exactly from their
        columns.
        """
        ob, cb = self.offers, self.candidates
        c = cb.index[candidate_id]
        held = cb.has.indices[cb.has.indptr[c] : cb.has.indptr[c + 1]]
        csc = ob.req_csc
        # Required skills held (or implied), per offer, from the columns of the skills held.
        hits = [csc.indices[csc.indptr[s] : csc.indptr[s + 1]] for s in held]
        matched = (
            np.bincount(np.concatenate(hits), minlength=len(ob)) if hits else np.zeros(len(ob), np.int64)
        )
        matched = matched.astype(np.int16)
        need = self._open_at - matched  # > 0: not open yet
        blocked = self._soft.copy()
        blocked[held] = True
        reach = self._reach_rows(c, None, 1.0, dates=False)
        every = self._opening_counts(reach, matched, need, held, blocked)
        # Her offers share a skill with her that is not a soft one (a shared « travail en équipe »
        # does not make a support offer a web developer's).
        hard_held = held[~self._soft[held]]
        shared = np.zeros(len(ob), dtype=bool)
        for s in hard_held:
            shared[csc.indices[csc.indptr[s] : csc.indptr[s + 1]]] = True
        hers = reach & (((ob.track == cb.track[c]) & (cb.track[c] >= 0)) | shared)
        ranked = every
        if (reach & ~hers).any():
            own = self._opening_counts(hers, matched, need, held, blocked)
            if own[0].any():
                ranked = own
            else:
                # Nothing of hers moves up: among every offer within reach, the skills close to one
                # she holds first (a web developer is told about API REST, not about Wi-Fi), the
                # others only when none of those opens anything.
                near = row_dense(cb.related, c) > 0
                close = self._opening_counts(reach, matched, need, held, blocked | ~near)
                if close[0].any():
                    ranked = close
        score, _exact = ranked
        if not score.any():
            return []
        n_vocab = len(self.space.vocab_)
        order = np.lexsort((np.arange(n_vocab), -self._demand, -score))
        n_open, exact = every[1]
        radius = float(cb.radius[c])
        out = []
        for j in order[:top]:
            j = int(j)
            if score[j] <= 0:
                break
            opened = self._opened_by(j, matched, need, reach, exact)
            sid = self.space.vocab_[j]
            label = self.graph.label(sid)
            n = len(opened)
            offer_ids = tuple(ob.ids[int(r)] for r in self._nearest(c, opened, MAX_OPENING_IDS))
            out.append(
                SkillOpening(
                    sid,
                    label,
                    n,
                    radius,
                    opening_fr(label, n, radius),
                    offer_ids,
                    self.graph.kind(sid),
                    int(n_open[j]),
                )
            )
        return out

    def _opening_counts(self, reach, matched, need, held, blocked):
        """Per skill, on the offers (mask) ``reach``: the ranking score (offers brought to the open
        level, or when no skill would, closed offers brought within reach) and ``(n_open, exact)``
        (offers brought to the open level; the exact rows of the skills implying others)."""
        ob = self.offers
        n_vocab = len(self.space.vocab_)
        # 1. Offers one skill short of the open level: each of their missing skills opens them.
        short = np.flatnonzero((need == 1) & reach)
        cols, _lens = _gather_columns(ob.req, short)
        full = np.bincount(cols, minlength=n_vocab)
        # Skills implying others may open offers two or more skills short: counted exactly.
        exact: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for j, closure in self._closures.items():
            if not blocked[j]:
                rows, gain = self._gains(closure, held)
                ok = (need[rows] > 0) & reach[rows]
                rows, gain = rows[ok], gain[ok]
                exact[j] = (rows, gain >= need[rows])
                full[j] = int(np.count_nonzero(gain >= need[rows]))
        full[blocked] = 0
        if full.any():
            return full, (full, exact)
        # 2. Nothing reaches the open level: offers sharing no required skill (closed), which any of
        # their skills would bring within reach; counted the same way.
        closed = np.flatnonzero((matched == 0) & self._has_req & reach)
        cols, _lens = _gather_columns(ob.req, closed)
        counts = np.bincount(cols, minlength=n_vocab)
        for j, (rows, _reaches) in exact.items():
            counts[j] = int(np.count_nonzero(matched[rows] == 0))
        counts[blocked] = 0
        return counts, (full, exact)

    def _gains(self, closure, held) -> tuple[np.ndarray, np.ndarray]:
        """Offers (rows) requiring a skill of ``closure`` not held, and how many such skills each."""
        csc = self.offers.req_csc
        learnt = np.setdiff1d(closure, held, assume_unique=True)
        if len(learnt) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        cols = np.concatenate([csc.indices[csc.indptr[t] : csc.indptr[t + 1]] for t in learnt])
        return np.unique(cols, return_counts=True)

    def _opened_by(self, j, matched, need, reach, exact) -> np.ndarray:
        """Every offer (rows) learning skill ``j`` moves up a step: closed ones it brings within reach
        and those it brings to the open level."""
        if j in exact:
            rows, reaches = exact[j]
            return rows[reaches | (matched[rows] == 0)]
        csc = self.offers.req_csc
        col = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        col = col[reach[col] & ((need[col] == 1) | (matched[col] == 0))]
        return np.sort(col)

    def _nearest(self, c: int, rows: np.ndarray, n: int) -> np.ndarray:
        """The ``n`` rows nearest to graduate row ``c`` (remote and unknown places last), in order."""
        cb, ob = self.candidates, self.offers
        if math.isnan(cb.lat[c]) or math.isnan(cb.lon[c]):
            return rows[:n]
        d = _squared_km(cb.lat[c], cb.lon[c], ob.lat32[rows], ob.lon32[rows]).astype(np.float64)
        d = np.where(ob.anywhere[rows] | np.isnan(d), np.inf, d)
        if len(rows) > n:
            part = np.argpartition(d, n - 1)[:n]
            rows, d = rows[part], d[part]
        return rows[np.lexsort((rows, d))]

    def _reach_rows(self, c: int, rows, radius_slack: float, *, dates: bool = True) -> np.ndarray:
        """Whether offers ``rows`` (None: all) pass graduate row ``c``'s hard filters, as retrieval
        applies them (``radius_slack`` x the effective radius, remote and unknown places pass, an
        accepted contract, and with ``dates`` the start date)."""
        ok, _ = _offer_mask(
            self.offers, self.candidates, c, rows, radius_slack, MAX_START_DELAY_DAYS if dates else math.inf
        )
        return ok

    # -- whole region, by chunks --------------------------------------------------------------------
    def top_offers_for_rows(
        self, candidate_rows: Sequence[int], top: int = 50
    ) -> dict[str, list[tuple[str, float]]]:
        """Top ``top`` offers ``(offer_id, score)`` for each graduate row of a chunk.

        See :func:`matching.ranker.region.score_block`, which also gives the offers' partial lists.
        """
        rows = np.asarray(candidate_rows, dtype=np.int64)
        tops = score_block(self, rows, top=top).by_candidate.groups()
        ob, cb = self.offers, self.candidates
        return {cb.ids[int(c)]: [(ob.ids[o], s) for o, s in tops.get(int(c), [])[:top]] for c in rows}

    def top_candidates_for_rows(
        self, offer_rows: Sequence[int], top: int = 50
    ) -> dict[str, list[tuple[str, float]]]:
        """Top ``top`` graduates ``(candidate_id, score)`` for each offer row of a chunk.

        Retrieval from the offers' side, as :meth:`shortlist` does for one offer
        (:func:`matching.ranker.region.score_offer_block`).
        """
        rows = np.asarray(offer_rows, dtype=np.int64)
        tops = score_offer_block(self, rows, top=top).by_offer.groups()
        ob, cb = self.offers, self.candidates
        return {ob.ids[int(o)]: [(cb.ids[c], s) for c, s in tops.get(int(o), [])[:top]] for o in rows}

    # -- the placement officer's view --------------------------------------------------------------
    def cohort_view(
        self,
        candidate_ids: Sequence[str] | None = None,
        *,
        per_graduate: int = 5,
        min_score: float = 0.2,
        pool: int = 50,
        chunk: int = 256,
    ) -> CohortView:
        """Exposure-aware suggestions for a cohort (see :mod:`matching.ranker.exposure`)."""
        ids = list(candidate_ids) if candidate_ids is not None else list(self.candidates.ids)
        rows = [self.candidates.index[c] for c in ids]
        scores: dict[str, list[tuple[str, float]]] = {}
        for a in range(0, len(rows), chunk):
            scores.update(self.top_offers_for_rows(rows[a : a + chunk], top=pool))
        return exposure_rerank(
            scores, per_graduate=per_graduate, min_score=min_score, offer_ids=self.offers.ids
        )
