"""A third simulated region (c'), kept apart as a held-out check: nothing is tuned on it.

Written after (a) and (b) to differ from both, and from the ranker's features, in rules a recruiter
may really follow and that none of the features was designed on:

- **a hard must-have skill**: each employer names one of the offer's truly required skills as
  indispensable (the offer's text says so: « Indispensable : … »); a candidate who does not truly
  hold it is never interviewed, whatever else they bring;
- **seniority bands**: an offer is either for beginners (no experience asked) or for confirmed
  people (2 years or more); a confirmed offer penalises each missing year, a beginner's offer
  penalises candidates of 3 years or more (over-qualified, expected to leave);
- **contract strictness**: half of the employers never interview a candidate whose wanted contracts
  exclude the offer's; the others ignore the wish;
- **a distance threshold**: each employer has a maximum distance (10 to 40 km, straight line),
  beyond which nobody is interviewed, and no penalty within it;
- **recruiters who read the text**: half of the employers judge skills from the CV text (the share
  of the offer's truly required skills named in it), the other half from the true skills;
- **logging policy**: each graduate saw the most recent offers within 35 km (15 of their trade, 5
  of others), newest first, with position bias 1 / (1 + p)^0.8; graduates apply by straight-line km, the share of listed skills they
  believe they hold, and a contract they want;
- a smaller weight on the latent quality, normal noise, and the two best applicants above the
  employer's threshold interviewed (the best hired when 1.5 above).

The world's documents come from the first simulator's generator with its own seed; 10 % of the
graduates keep only their CV text (no profile skills), and experience spans 0 to 5 years.
``grade_pool`` grades any (offer, graduate) pair by the same rules without the noise and without the
graduate's choice: the graded pools of :mod:`matching.ranker.generalisation`.
"""

from __future__ import annotations

import math

import numpy as np

from .docs import REMOTE_FULL, REMOTE_PARTIAL, CandidateDoc, LabelledPair, OfferDoc
from .simulate import Region, generate_documents

SHOWN_PER_GRADUATE = 20
SEARCH_RADIUS_KM = 35.0
CONFIRMED_MIN_YEARS = (2.0, 3.0)


def _km(o_lat, o_lon, c_lat, c_lon) -> np.ndarray:
    return np.hypot((np.asarray(o_lat) - c_lat) * 110.574, (np.asarray(o_lon) - c_lon) * 71.0)


def _rewrite(rng, offers, candidates, graph, truth):
    """Seniority bands and must-have skills written into the offers, wider experience, CV-only graduates."""
    labels = graph.labels
    new_o, must = [], []
    for i, o in enumerate(offers):
        true_req = sorted(truth["offers"][i][0])
        key = true_req[int(rng.integers(len(true_req)))]
        confirmed = rng.random() < 0.35
        years = float(rng.choice(CONFIRMED_MIN_YEARS)) if confirmed else 0.0
        band = (
            f"Expérience confirmée : {int(years)} ans minimum."
            if confirmed
            else "Poste ouvert aux débutant·es, junior bienvenu."
        )
        text = f"{o.text} Indispensable : {labels[key]}. {band}"
        kw = dict(o.__dict__, text=text, experience_years_min=years)
        new_o.append(OfferDoc(**kw))
        must.append(key)
    new_c = []
    for c in candidates:
        kw = dict(c.__dict__, experience_years=float(rng.choice([0, 0, 0, 0.5, 1, 1, 2, 3, 5])))
        if rng.random() < 0.1:
            kw["skills"] = {}
        new_c.append(CandidateDoc(**kw))
    return new_o, new_c, must


def _employers(rng, n_offers: int):
    n_emp = max(1, n_offers // 3)
    employer = rng.integers(0, n_emp, size=n_offers)
    emp = {
        "w_skill": rng.uniform(2.0, 4.0, n_emp),
        "w_band": rng.uniform(0.8, 2.0, n_emp),
        "strict_contract": rng.random(n_emp) < 0.5,
        "max_km": rng.uniform(10.0, 40.0, n_emp),
        "reads_text": rng.random(n_emp) < 0.5,
        "w_q": rng.uniform(0.3, 0.8, n_emp),
        "threshold": rng.uniform(0.6, 1.8, n_emp),
    }
    return employer, emp


class _Rules:
    """The recruiters' rules of region (c'), for any pair (``utility`` without the noise)."""

    def __init__(self, offers, candidates, graph, truth, must, employer, emp):
        self.offers, self.candidates, self.truth = offers, candidates, truth
        self.labels = graph.labels
        self.must, self.employer, self.emp = must, employer, emp

    def km(self, oi: int, ci: int) -> float:
        o, c = self.offers[oi], self.candidates[ci]
        km = float(_km(o.lat, o.lon, c.lat, c.lon))
        if o.remote == REMOTE_FULL:
            return 0.0
        if o.remote == REMOTE_PARTIAL:
            return km * 0.5
        return km

    def passes(self, oi: int, ci: int) -> bool:
        """The hard rules: the must-have skill truly held, within the employer's distance, and, for
        a strict employer, a contract the graduate wants."""
        e = self.employer[oi]
        o, c = self.offers[oi], self.candidates[ci]
        true = self.truth["candidates"][ci][0]
        if self.must[oi] not in true:
            return False
        if self.km(oi, ci) > self.emp["max_km"][e]:
            return False
        unwanted = bool(c.contract_types) and o.contract_type not in c.contract_types
        return not (self.emp["strict_contract"][e] and unwanted)

    def utility(self, oi: int, ci: int) -> float:
        """Skills (from the CV text or the truth), seniority band and latent quality; no noise."""
        e = self.employer[oi]
        o, c = self.offers[oi], self.candidates[ci]
        true, quality, _ = self.truth["candidates"][ci]
        true_req = self.truth["offers"][oi][0]
        if self.emp["reads_text"][e]:
            cv = c.text.lower()
            skill = sum(self.labels[s].lower() in cv for s in true_req) / max(1, len(true_req))
        else:
            skill = len(true_req & true) / max(1, len(true_req))
        need = o.experience_years_min or 0.0
        years = c.experience_years or 0.0
        band = max(0.0, need - years) if need > 0 else (1.0 if years >= 3.0 else 0.0)
        return self.emp["w_skill"][e] * skill - self.emp["w_band"][e] * band + self.emp["w_q"][e] * quality

    def grade(self, oi: int, ci: int) -> int:
        """2: the recruiter would interview (hard rules passed, utility above the threshold);
        1: acceptable but below the threshold; 0: a hard rule fails."""
        if not self.passes(oi, ci):
            return 0
        return 2 if self.utility(oi, ci) > self.emp["threshold"][self.employer[oi]] else 1


def simulate_region_c(n_offers: int = 2500, n_graduates: int = 4000, *, seed: int = 0) -> Region:
    """Documents of the shared generator (own seed), rewritten, and outcomes under the rules above.

    ``region.truth["rules"]`` holds the recruiters' rules (``grade(offer_row, graduate_row)``)."""
    offers, candidates, graph, truth = generate_documents(n_offers, n_graduates, seed=seed + 300)
    rng = np.random.default_rng(seed + 400)
    offers, candidates, must = _rewrite(rng, offers, candidates, graph, truth)
    employer, emp = _employers(rng, n_offers)
    rules = _Rules(offers, candidates, graph, truth, must, employer, emp)
    today = truth["today"]
    o_lat = np.array([o.lat for o in offers])
    o_lon = np.array([o.lon for o in offers])
    o_track = np.array([o.track for o in offers])
    published = np.array([(today - (o.published_at or today)).days for o in offers], dtype=np.float64)

    logged: dict[int, list[tuple[int, float]]] = {}
    outcome: dict[tuple[int, int], str] = {}
    for ci, cand in enumerate(candidates):
        km = _km(o_lat, o_lon, cand.lat, cand.lon)
        near = np.flatnonzero(km <= SEARCH_RADIUS_KM)
        # Each visit sees the offers that were newest at its own date (days since publication, plus
        # when the graduate looked).
        near = near[np.argsort(published[near] + rng.exponential(40.0, len(near)), kind="stable")]
        own = o_track[near] == cand.track
        n_own = int(SHOWN_PER_GRADUATE * 0.75)
        shown = np.concatenate([near[own][:n_own], near[~own][: SHOWN_PER_GRADUATE - n_own]])
        for pos, oi in enumerate(shown.tolist()):
            if rng.random() > 1.0 / (1.0 + pos) ** 0.8:
                continue
            offer = offers[oi]
            listed = offer.required_skills or list(offer.skills)
            believed = sum(s in cand.skills for s in listed) / max(1, len(listed))
            wanted = not cand.contract_types or offer.contract_type in cand.contract_types
            z = 0.3 + 1.5 * believed - rules.km(oi, ci) / 20.0 - (0.0 if wanted else 1.5)
            if rng.random() > 1 / (1 + math.exp(-z)):
                outcome[(oi, ci)] = "dismissed"
                continue
            u = rules.utility(oi, ci) + rng.normal(scale=0.7) if rules.passes(oi, ci) else -math.inf
            logged.setdefault(oi, []).append((ci, u))
            outcome[(oi, ci)] = "applied"
    for oi, apps in logged.items():
        e = employer[oi]
        ranked = sorted(((u, ci) for ci, u in apps), reverse=True)
        interviewed = [(u, ci) for u, ci in ranked[:2] if u > emp["threshold"][e]]
        for _u, ci in interviewed:
            outcome[(oi, ci)] = "interview"
        if interviewed and interviewed[0][0] > emp["threshold"][e] + 1.5:
            outcome[(oi, interviewed[0][1])] = "hired"
    pairs = [LabelledPair(offers[o].id, candidates[c].id, out) for (o, c), out in outcome.items()]
    pairs.sort(key=lambda p: (p.offer_id, p.candidate_id))
    truth = dict(truth, employer=employer, employer_profiles=emp, must_have=must, rules=rules)
    return Region(offers, candidates, graph, pairs, today, truth)
