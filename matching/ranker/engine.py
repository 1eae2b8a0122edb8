"""The entry point the platform and the CLI use: retrieve, rank, explain, both ways and by chunks."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .docs import CandidateDoc, OfferDoc, SkillGraph
from .explain import opening_fr, pair_details, reasons_fr, summary_fr
from .exposure import CohortView, exposure_rerank
from .features import pair_features
from .model import build_prior
from .region import score_block, score_offer_block
from .retrieval import (
    _squared_km,
    retrieve_candidates_for,
    retrieve_offers_for,
)
from .scoring import compile_scorer
from .space import SkillSpace

# Share of an offer's required skills a graduate must hold for the offer to count as "open" to
# them in the skill-opening hint.
OPENING_COVERAGE = 0.75


@dataclass
class Suggestion:
    """One ranked pair with its probability-like score and its reasons in French."""

    offer_id: str
    candidate_id: str
    score: float
    summary: str
    reasons: list[str]
    details: dict = field(default_factory=dict)

    def as_ranking_item(self, side: str) -> dict:
        """``{"id", "score", "reasons"}`` as in the CLI output (``id`` is the other side's id)."""
        other = self.candidate_id if side == "offer" else self.offer_id
        return {"id": other, "score": round(self.score, 4), "reasons": self.reasons}


@dataclass
class SkillOpening:
    """A missing skill and how many more nearby offers it would open."""

    skill_id: str
    label: str
    n_offers: int
    radius_km: float
    text: str


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
        # Required skills an offer needs held to be "open" (skill openings), minus one; -1 for none.
        open_at = np.ceil(OPENING_COVERAGE * self.offers.n_req - 1e-9).astype(np.int64)
        self._one_short = np.where(self.offers.n_req > 0, open_at - 1, -1)

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
        )

    def score_pairs(self, offer_ids: Sequence[str], candidate_ids: Sequence[str]) -> np.ndarray:
        """Scores (probabilities) for explicit pairs of ids."""
        oi = np.array([self.offers.index[o] for o in offer_ids], dtype=np.int64)
        ci = np.array([self.candidates.index[c] for c in candidate_ids], dtype=np.int64)
        if len(oi) == 0:
            return np.zeros(0)
        return self._score(self.features(oi, ci))

    # -- graduate side --------------------------------------------------------------------------
    def suggest_offers(self, candidate_id: str, k: int = 10, *, explain: bool = True) -> list[Suggestion]:
        """The top ``k`` offers for a graduate, explained for the graduate."""
        c = self.candidates.index[candidate_id]
        got = retrieve_offers_for(self.offers, self.candidates, c, top_n=self.retrieve_n)
        if len(got.index) == 0:
            return []
        ci = np.full(len(got.index), c, dtype=np.int64)
        scores = self._score(self.features(got.index, ci, got.distance_km))
        order = np.argsort(-scores, kind="stable")[:k]
        out = []
        for j in order:
            o = int(got.index[j])
            out.append(
                self._suggestion(o, c, float(scores[j]), float(got.distance_km[j]), "graduate", explain)
            )
        return out

    # -- employer side --------------------------------------------------------------------------
    def shortlist(self, offer_id: str, k: int = 10, *, explain: bool = True) -> list[Suggestion]:
        """The top ``k`` graduates for an offer, explained for the employer."""
        o = self.offers.index[offer_id]
        got = retrieve_candidates_for(self.offers, self.candidates, o, top_n=self.retrieve_n)
        if len(got.index) == 0:
            return []
        oi = np.full(len(got.index), o, dtype=np.int64)
        scores = self._score(self.features(oi, got.index, got.distance_km))
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            self._suggestion(
                o, int(got.index[j]), float(scores[j]), float(got.distance_km[j]), "employer", explain
            )
            for j in order
        ]

    def _suggestion(
        self, o: int, c: int, score: float, dist: float, audience: str, explain: bool
    ) -> Suggestion:
        offer, cand = self.offers.docs[o], self.candidates.docs[c]
        if not explain:
            return Suggestion(offer.id, cand.id, score, "", [], {})
        d = pair_details(offer, cand, self.graph, None if math.isnan(dist) else dist)
        return Suggestion(
            offer_id=offer.id,
            candidate_id=cand.id,
            score=score,
            summary=summary_fr(d),
            reasons=reasons_fr(d, self.graph, cand, audience=audience),
            details=d.to_dict(),
        )

    # -- what would raise it ----------------------------------------------------------------------
    def skill_openings(self, candidate_id: str, top: int = 3) -> list[SkillOpening]:
        """Missing skills that would open the most offers within the graduate's radius.

        An offer is *open* to a graduate when they hold at least ``OPENING_COVERAGE`` of its required
        skills. A skill *opens* an offer that is within the radius (or fully remote), of a contract
        the graduate accepts, requires that skill, and is not open now but would be with it.
        """
        ob, cb = self.offers, self.candidates
        c = cb.index[candidate_id]
        held = cb.has.indices[cb.has.indptr[c] : cb.has.indptr[c + 1]]
        # Required skills held, per offer, from the columns of the skills held (CSC): cheaper than a
        # product over every offer.
        csc = ob.req_csc
        hits = [csc.indices[csc.indptr[s] : csc.indptr[s + 1]] for s in held]
        matched = np.bincount(np.concatenate(hits), minlength=len(ob)) if hits else np.zeros(len(ob))
        # Not open now but open with one more skill: exactly one short of the threshold.
        rows = np.flatnonzero(matched == self._one_short)
        if len(rows) and not (math.isnan(cb.lat[c]) or math.isnan(cb.lon[c])):
            d2 = _squared_km(cb.lat[c], cb.lon[c], ob.lat32[rows], ob.lon32[rows])
            rows = rows[(d2 <= np.float32(cb.radius[c] ** 2)) | ob.anywhere[rows]]
        if cb.contract_bits[c] != 0xFF:
            rows = rows[(ob.contract_bits[rows] & cb.contract_bits[c]) != 0]
        if len(rows) == 0:
            return []
        start = ob.req.indptr[rows]
        lens = ob.req.indptr[rows + 1] - start
        pos = np.arange(int(lens.sum())) + np.repeat(start - (np.cumsum(lens) - lens), lens)
        counts = np.bincount(ob.req.indices[pos], minlength=len(self.space.vocab_))
        counts[held] = 0
        best = np.argsort(-counts, kind="stable")[:top]
        radius = float(cb.radius[c])
        out = []
        for j in best:
            if counts[j] <= 0:
                break
            sid = self.space.vocab_[j]
            label = self.graph.label(sid)
            n = int(counts[j])
            out.append(SkillOpening(sid, label, n, radius, opening_fr(label, n, radius)))
        return out

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
