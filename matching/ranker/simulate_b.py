"""A second simulated region, written to differ from :mod:`matching.ranker.simulate` and from the
ranker's features, to see whether the ranking generalises.

Written after the features, without looking at how they score it: nothing here was tuned to make
the ranker look good. What differs from the first simulator:

- **missing structure**: 25 % of the offers lose their extracted skills (only title and text
  remain), 25 % of the offers have no contract type, 20 % of the graduates no coordinates, 25 % no
  profile skills (only their CV text) — the ranker must fall back on text;
- **logging policy**: a job board's keyword search, not a nearest-first listing: each graduate saw
  the 25 offers (all trades) whose text shares most words with their CV, with noise, and a steeper
  position bias (1 / (1 + p));
- **graduates** apply by straight-line kilometres (not commute minutes), with a milder contract
  penalty;
- **recruiters read the CV text**: the share of the offer's true required skills *named in the
  CV* (not the profile's skills), seniority as such (years of experience, capped at 3, whatever
  the offer asks), a linear distance penalty (no tolerance), a bonus when the graduate asked for
  this contract, latent quality, and Gumbel noise (scale 1.0); the three best applicants above the
  employer's threshold get an interview, the best a hire when a point above.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from .docs import REMOTE_FULL, REMOTE_PARTIAL, CandidateDoc, LabelledPair, OfferDoc
from .simulate import Region, generate_documents


def _strip(rng, offers, candidates):
    """Remove structure the platform would lack for some documents (truth keeps the coordinates)."""
    out_o, out_c = [], []
    for o in offers:
        kw = dict(o.__dict__)
        if rng.random() < 0.25:
            kw["skills"] = {}
        if rng.random() < 0.25:
            kw["contract_type"] = None
        out_o.append(OfferDoc(**kw))
    for c in candidates:
        kw = dict(c.__dict__)
        if rng.random() < 0.2:
            kw["lat"] = kw["lon"] = None
        if rng.random() < 0.25:
            kw["skills"] = {}
        out_c.append(CandidateDoc(**kw))
    return out_o, out_c


def _words(text: str) -> set[str]:
    return {w for w in text.lower().replace(",", " ").replace(".", " ").split() if len(w) > 2}


def simulate_region_b(n_offers: int = 2500, n_graduates: int = 4000, *, seed: int = 0) -> Region:
    """Documents (the first simulator's world, then stripped) and outcomes under other rules."""
    offers, candidates, graph, truth = generate_documents(n_offers, n_graduates, seed=seed + 100)
    rng = np.random.default_rng(seed + 200)
    o_lat = np.array([o.lat for o in offers])
    o_lon = np.array([o.lon for o in offers])
    c_lat = np.array([c.lat for c in candidates])
    c_lon = np.array([c.lon for c in candidates])
    visible_o, visible_c = _strip(rng, offers, candidates)
    labels = graph.labels

    # Job-board search: word overlap between CV and offer text (both as the platform sees them).
    vocab: dict[str, int] = {}
    o_words = [_words(f"{o.title} {o.text}") for o in offers]
    for ws in o_words:
        for w in ws:
            vocab.setdefault(w, len(vocab))

    def matrix(sets):
        rows, cols = [], []
        for i, ws in enumerate(sets):
            for w in ws:
                j = vocab.get(w)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(vocab)))

    ow = matrix(o_words)
    cw = matrix([_words(c.text) for c in candidates])
    overlap = (cw @ ow.T).toarray() if n_offers * n_graduates <= 2.5e7 else None

    n_emp = max(1, n_offers // 3)
    employer = rng.integers(0, n_emp, size=n_offers)
    emp = {
        "w_text": rng.uniform(2.0, 4.0, n_emp),
        "w_senior": rng.uniform(0.3, 1.0, n_emp),
        "w_km": rng.uniform(0.02, 0.06, n_emp),
        "w_contract": rng.uniform(0.5, 1.5, n_emp),
        "w_q": rng.uniform(0.5, 1.2, n_emp),
        "threshold": rng.uniform(0.5, 2.0, n_emp),
    }
    logged: dict[int, list[tuple[int, float]]] = {}
    outcome: dict[tuple[int, int], str] = {}
    for ci, cand in enumerate(candidates):
        true, quality, _ = truth["candidates"][ci]
        cv = cand.text.lower()
        row = overlap[ci] if overlap is not None else (cw[ci] @ ow.T).toarray().ravel()
        shown = np.argsort(-(row + rng.gumbel(scale=1.0, size=n_offers)), kind="stable")[:25]
        for pos, oi in enumerate(shown.tolist()):
            if rng.random() > 1.0 / (1.0 + pos):
                continue
            offer = offers[oi]
            km = float(np.hypot((o_lat[oi] - c_lat[ci]) * 110.574, (o_lon[oi] - c_lon[ci]) * 71.0))
            if offer.remote == REMOTE_FULL:
                km = 0.0
            elif offer.remote == REMOTE_PARTIAL:
                km *= 0.5
            wanted = not cand.contract_types or offer.contract_type in cand.contract_types
            z = 0.2 + 1.2 * (row[oi] > 2) - 0.06 * km - (0.0 if wanted else 1.0)
            if rng.random() > 1 / (1 + math.exp(-z)):
                outcome[(oi, ci)] = "dismissed"
                continue
            true_req = truth["offers"][oi][0]
            named = sum(labels[s].lower() in cv for s in true_req) / max(1, len(true_req))
            e = employer[oi]
            u = (
                emp["w_text"][e] * named
                + emp["w_senior"][e] * min(cand.experience_years, 3.0)
                - emp["w_km"][e] * km
                + emp["w_contract"][e]
                * (1.0 if cand.contract_types and offer.contract_type in cand.contract_types else 0.0)
                + emp["w_q"][e] * quality
                + rng.gumbel(scale=1.0)
                - 0.5772  # Gumbel mean
            )
            logged.setdefault(oi, []).append((ci, u))
            outcome[(oi, ci)] = "applied"
    for oi, apps in logged.items():
        e = employer[oi]
        ranked = sorted(((u, ci) for ci, u in apps), reverse=True)
        interviewed = [(u, ci) for u, ci in ranked[:3] if u > emp["threshold"][e]]
        for _u, ci in interviewed:
            outcome[(oi, ci)] = "interview"
        if interviewed and interviewed[0][0] > emp["threshold"][e] + 1.0:
            outcome[(oi, interviewed[0][1])] = "hired"
    pairs = [LabelledPair(offers[o].id, candidates[c].id, out) for (o, c), out in outcome.items()]
    pairs.sort(key=lambda p: (p.offer_id, p.candidate_id))
    # The true places, before some graduates' coordinates were hidden from the platform.
    truth = dict(truth, employer=employer, employer_profiles=emp, candidate_lat=c_lat, candidate_lon=c_lon)
    return Region(visible_o, visible_c, graph, pairs, truth["today"], truth)
