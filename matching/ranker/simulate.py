"""A simulated Hauts-de-France region for offline evaluation and benchmarks.

Offers, graduates and past outcomes are drawn from a generative model documented in docs/ranker.md.
The outcomes come from a *recruiter behaviour model* that deliberately shares nothing with the
ranker's formula: it looks at the graduates' **true** skills (the platform only sees declared,
extracted and confirmed ones, with errors), at commute **times** by mobility mode, at a latent
candidate quality nobody observes, and at employer-specific tastes (must-have skills, strictness,
tolerance to commuting). Who gets looked at at all comes from a legacy listing with position bias.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from .docs import (
    BIKE_FOOT,
    CAR,
    CONFIRMED,
    DECLARED,
    EXTRACTED,
    NICE,
    PUBLIC_TRANSPORT,
    REMOTE_FULL,
    REMOTE_NONE,
    REMOTE_PARTIAL,
    REQUIRED,
    CandidateDoc,
    LabelledPair,
    OfferDoc,
    SkillGraph,
)
from .simulated_world import (
    CONTRACTS_BY_TRACK,
    CV_FILLER,
    FILLER,
    FIXED_MIN,
    PLACES,
    SPEED_KMH,
    TAXONOMY,
    TITLES,
    TRACK_SHARE_GRADS,
    TRACK_SHARE_OFFERS,
    TRANSVERSAL,
)


def build_taxonomy() -> tuple[SkillGraph, dict[str, list[str]]]:
    """The simulated skill graph (with French labels) and the skill pool of each track."""
    broader: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    pools: dict[str, list[str]] = {}
    for track, groups in TAXONOMY.items():
        labels[f"track_{track}"] = track
        pools[track] = []
        for group, skills in groups.items():
            broader[group] = [f"track_{track}"]
            labels[group] = group.replace("_", " ")
            for sid, label in skills.items():
                broader.setdefault(sid, []).append(group)
                labels[sid] = label
                pools[track].append(sid)
    broader["react_native"] = ["mobile", "frameworks_js"]
    for sid, label in TRANSVERSAL.items():
        broader[sid] = ["transversal"]
        labels[sid] = label
    return SkillGraph(broader, labels=labels), pools


@dataclass
class Region:
    """A simulated region: documents, the graph, logged outcomes and the hidden truth behind them."""

    offers: list[OfferDoc]
    candidates: list[CandidateDoc]
    graph: SkillGraph
    pairs: list[LabelledPair]
    today: dt.date
    truth: dict


def _popularity(pool: list[str], rng) -> np.ndarray:
    # Zipf-like popularity, shuffled per track: some skills (JavaScript, Excel, câblage) are asked a lot.
    w = 1.0 / np.arange(1, len(pool) + 1) ** 0.8
    rng.shuffle(w)
    return w / w.sum()


def _pick(rng, pool, p, k):
    k = min(k, len(pool))
    return list(rng.choice(pool, size=k, replace=False, p=p))


def _jitter(rng, lat, lon, km):
    r = km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    return lat + r * math.cos(a) / 110.574, lon + r * math.sin(a) / (111.32 * math.cos(math.radians(lat)))


def generate_documents(n_offers: int, n_graduates: int, *, seed: int = 0, today: dt.date | None = None):
    """Offers and graduates with their hidden truth (true skills, latent quality, employers)."""
    rng = np.random.default_rng(seed)
    today = today or dt.date(2026, 11, 2)
    graph, pools = build_taxonomy()
    pop = {t: _popularity(p, rng) for t, p in pools.items()}
    w_off = np.array([p[4] for p in PLACES], dtype=float)
    w_grad = np.array([p[5] for p in PLACES], dtype=float)
    w_off /= w_off.sum()
    w_grad /= w_grad.sum()
    tracks = list(TAXONOMY)

    offers, offer_true = [], []
    off_track = rng.choice(tracks, size=n_offers, p=[TRACK_SHARE_OFFERS[t] for t in tracks])
    off_place = rng.choice(len(PLACES), size=n_offers, p=w_off)
    for i in range(n_offers):
        track = str(off_track[i])
        pool, p = pools[track], pop[track]
        true_req = _pick(rng, pool, p, int(rng.integers(2, 7)))
        rest = [s for s in pool if s not in true_req]
        pr = np.array([p[pool.index(s)] for s in rest])
        true_nice = _pick(rng, rest, pr / pr.sum(), int(rng.integers(0, 4)))
        # What extraction gets from the text: a required skill may be missed or read as a plus.
        skills = {}
        for s in true_req:
            u = rng.random()
            if u < 0.08:
                continue
            skills[s] = NICE if u < 0.14 else REQUIRED
        for s in true_nice:
            if rng.random() > 0.1:
                skills[s] = NICE
        if rng.random() < 0.3:
            skills[str(rng.choice(list(TRANSVERSAL)))] = NICE
        place = PLACES[off_place[i]]
        lat, lon = _jitter(rng, place[2], place[3], 4.0)
        names, probs = CONTRACTS_BY_TRACK[track]
        contract = str(rng.choice(names, p=probs))
        remote = REMOTE_NONE
        if track == "dev":
            remote = str(rng.choice([REMOTE_NONE, REMOTE_PARTIAL, REMOTE_FULL], p=[0.55, 0.37, 0.08]))
        labels = graph.labels
        title = f"{rng.choice(TITLES[track])} {labels[true_req[0]]} (H/F)"
        sentences = [f"Compétences attendues : {', '.join(labels[s] for s in true_req)}."]
        if true_nice:
            sentences.append(f"Un plus : {', '.join(labels[s] for s in true_nice)}.")
        sentences += list(rng.choice(FILLER, size=2, replace=False))
        sentences.append(f"Poste à {place[1]}, contrat {contract}.")
        offers.append(
            OfferDoc(
                id=f"o{i}",
                title=title,
                text=" ".join(sentences),
                skills=skills,
                lat=lat,
                lon=lon,
                contract_type=contract,
                remote=remote,
                start_date=today + dt.timedelta(days=int(rng.integers(-20, 120))),
                published_at=today - dt.timedelta(days=int(min(150, rng.exponential(25)))),
                experience_years_min=float(rng.choice([0, 0, 0, 1, 1, 2, 3])),
                track=track,
            )
        )
        offer_true.append((set(true_req), set(true_nice), place[0]))

    candidates, cand_true = [], []
    g_track = rng.choice(tracks, size=n_graduates, p=[TRACK_SHARE_GRADS[t] for t in tracks])
    g_place = rng.choice(len(PLACES), size=n_graduates, p=w_grad)
    for i in range(n_graduates):
        track = str(g_track[i])
        pool, p = pools[track], pop[track]
        quality = float(rng.normal())
        true = set(_pick(rng, pool, p, int(rng.integers(4, 11))))
        # A few skills of a neighbouring track (a developer who did support, ...).
        if rng.random() < 0.3:
            other = str(rng.choice([t for t in tracks if t != track]))
            true.update(_pick(rng, pools[other], pop[other], int(rng.integers(1, 3))))
        skills: dict[str, str] = {}
        p_confirm = 1 / (1 + math.exp(-(quality - 0.2)))  # trainers confirm more of the strong ones' skills
        for s in sorted(true):
            u = rng.random()
            if u < 0.12:
                continue  # held but never written down (may appear in the CV text)
            if rng.random() < p_confirm * 0.7:
                skills[s] = CONFIRMED
            else:
                skills[s] = EXTRACTED if rng.random() < 0.5 else DECLARED
        # Over-declared skills: declared, not truly held.
        for s in _pick(rng, [s for s in pool if s not in true], None, int(rng.poisson(1.2))):
            skills[s] = DECLARED
        mobility = str(rng.choice([CAR, PUBLIC_TRANSPORT, BIKE_FOOT], p=[0.35, 0.55, 0.10]))
        radius = {
            CAR: rng.uniform(25, 50),
            PUBLIC_TRANSPORT: rng.uniform(12, 30),
            BIKE_FOOT: rng.uniform(4, 10),
        }[mobility]
        place = PLACES[g_place[i]]
        lat, lon = _jitter(rng, place[2], place[3], 3.0)
        u = rng.random()
        contracts = () if u < 0.35 else (("alternance",) if u < 0.55 else ("cdi", "cdd", "interim"))
        text_skills = [graph.labels[s] for s in sorted(true) if rng.random() < 0.8]
        text = " ".join(
            [f"Compétences : {', '.join(text_skills)}."] + list(rng.choice(CV_FILLER, size=2, replace=False))
        )
        candidates.append(
            CandidateDoc(
                id=f"g{i}",
                text=text,
                skills=skills,
                lat=lat,
                lon=lon,
                radius_km=round(float(radius), 1) if rng.random() < 0.8 else None,
                mobility=mobility,
                contract_types=contracts,
                available_from=today + dt.timedelta(days=int(rng.integers(-60, 90))),
                track=track,
                experience_years=float(rng.choice([0, 0, 0, 0.5, 1, 2])),
            )
        )
        cand_true.append((true, quality, place[0]))
    return offers, candidates, graph, {"offers": offer_true, "candidates": cand_true, "today": today}


def commute_minutes(dist_km: np.ndarray, mobility: str) -> np.ndarray:
    """Door-to-door minutes by mobility mode (road factor 1.3, fixed access time)."""
    return FIXED_MIN[mobility] + 60.0 * dist_km * 1.3 / SPEED_KMH[mobility]


def simulate_outcomes(offers, candidates, truth, *, seed: int = 0, shown_per_graduate: int = 20):
    """Past outcomes from the legacy listing, the graduates' choices and the recruiters' decisions.

    1. *Legacy listing* (the logging policy): each graduate was shown ``shown_per_graduate`` offers of
       their track, the ones nearest to their home first with some random ones mixed in.
    2. *Position bias*: the offer at position p was examined with probability 1 / (1 + p)^0.6.
    3. *Graduate*: applies to an examined offer with a probability that falls with the commute time
       for their mobility mode, with a contract they did not ask for, and rises with the share of
       the listed skills they believe they hold; otherwise the pair is logged as ``dismissed``.
    4. *Recruiter* (one latent profile per employer, an employer owning a few offers): a utility on
       true required / nice skills, trainer-confirmed skills, missing experience, commute time past
       a personal tolerance, a start date too late, a must-have skill for some, the candidate's
       latent quality, plus logistic noise. Applicants above the employer's threshold get an
       ``interview``; the best interviewed applicant is ``hired`` when clearly above it; the others
       stay ``applied``.
    """
    rng = np.random.default_rng(seed + 1)
    n_off = len(offers)
    o_lat = np.array([o.lat for o in offers])
    o_lon = np.array([o.lon for o in offers])
    o_track = np.array([o.track for o in offers])
    employer = rng.integers(0, max(1, n_off // 3), size=n_off)
    n_emp = int(employer.max()) + 1
    emp = {
        "w_skill": rng.uniform(2.5, 5.0, n_emp),
        "w_nice": rng.uniform(0.3, 1.2, n_emp),
        "w_conf": rng.uniform(0.0, 1.5, n_emp),
        "w_exp": rng.uniform(0.2, 1.5, n_emp),
        "w_q": rng.uniform(0.6, 1.6, n_emp),
        "tolerance": rng.uniform(30, 60, n_emp),
        "must_have": rng.random(n_emp) < 0.4,
        "threshold": rng.uniform(1.2, 2.6, n_emp),
    }
    by_track = {t: np.flatnonzero(o_track == t) for t in TAXONOMY}
    logged: dict[int, list[tuple[int, float]]] = {}  # offer -> [(candidate, recruiter utility)]
    outcome: dict[tuple[int, int], str] = {}
    for ci, cand in enumerate(candidates):
        true, quality, _ = truth["candidates"][ci]
        pool = by_track[cand.track]
        if len(pool) == 0:
            continue
        d = np.hypot((o_lat[pool] - cand.lat) * 110.574, (o_lon[pool] - cand.lon) * 71.0)
        near = pool[np.argsort(d)[: int(shown_per_graduate * 0.75)]]
        extra = rng.choice(pool, size=min(len(pool), shown_per_graduate - len(near)), replace=False)
        shown = list(dict.fromkeys([*near.tolist(), *extra.tolist()]))
        for pos, oi in enumerate(shown):
            if rng.random() > 1.0 / (1.0 + pos) ** 0.6:
                continue
            offer = offers[oi]
            true_req, true_nice, _ = truth["offers"][oi]
            dist = float(np.hypot((offer.lat - cand.lat) * 110.574, (offer.lon - cand.lon) * 71.0))
            minutes = float(commute_minutes(np.array([dist]), cand.mobility)[0])
            if offer.remote == REMOTE_FULL:
                minutes = 0.0
            elif offer.remote == REMOTE_PARTIAL:
                minutes *= 0.6
            listed = offer.required_skills or list(offer.skills)
            believed = sum(s in cand.skills for s in listed) / max(1, len(listed))
            contract_ok = not cand.contract_types or offer.contract_type in cand.contract_types
            z = -0.6 + 2.2 * believed - max(0.0, minutes - 25) / 15.0 - (0.0 if contract_ok else 2.5)
            if rng.random() > 1 / (1 + math.exp(-z)):
                outcome[(oi, ci)] = "dismissed"
                continue
            e = employer[oi]
            cov = len(true_req & true) / max(1, len(true_req))
            nice = len(true_nice & true) / max(1, len(true_nice)) if true_nice else 0.0
            matched = [s for s in offer.skills if s in cand.skills]
            conf = sum(cand.skills[s] == CONFIRMED for s in matched) / max(1, len(matched))
            exp_gap = max(0.0, (offer.experience_years_min or 0) - cand.experience_years)
            late = 0.0
            if offer.start_date and cand.available_from:
                late = max(0.0, (cand.available_from - offer.start_date).days - 30) / 30.0
            u = (
                emp["w_skill"][e] * cov
                + emp["w_nice"][e] * nice
                + emp["w_conf"][e] * conf
                - emp["w_exp"][e] * exp_gap
                - max(0.0, minutes - emp["tolerance"][e]) / 20.0
                - 0.8 * late
                + emp["w_q"][e] * quality
                + rng.logistic(scale=0.8)
            )
            if emp["must_have"][e] and true_req:
                key = sorted(true_req)[oi % len(true_req)]
                if key not in true:
                    u -= 3.0
            logged.setdefault(oi, []).append((ci, u))
            outcome[(oi, ci)] = "applied"
    for oi, apps in logged.items():
        e = employer[oi]
        interviewed = [(u, ci) for ci, u in apps if u > emp["threshold"][e]]
        for _u, ci in interviewed:
            outcome[(oi, ci)] = "interview"
        if interviewed:
            u, ci = max(interviewed)
            if u > emp["threshold"][e] + 1.0:
                outcome[(oi, ci)] = "hired"
    pairs = [LabelledPair(offers[o].id, candidates[c].id, out) for (o, c), out in outcome.items()]
    pairs.sort(key=lambda p: (p.offer_id, p.candidate_id))
    truth = dict(truth, employer=employer, employer_profiles=emp)
    return pairs, truth


def simulate_region(n_offers: int = 2000, n_graduates: int = 3000, *, seed: int = 0, **kwargs) -> Region:
    """Documents, graph and logged outcomes of a simulated region (see module docstring)."""
    offers, candidates, graph, truth = generate_documents(n_offers, n_graduates, seed=seed)
    pairs, truth = simulate_outcomes(offers, candidates, truth, seed=seed, **kwargs)
    return Region(offers, candidates, graph, pairs, truth["today"], truth)
