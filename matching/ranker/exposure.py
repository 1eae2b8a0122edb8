"""Exposure-aware re-ranking for the placement officer's cohort view.

Each graduate's own top-k is what is best for that graduate taken alone; over a cohort it lets a
handful of attractive offers appear in everybody's list while graduates whose only viable offers
are those same offers end up competing for them. The cohort view instead hands out suggestions
with a per-offer exposure cap, graduates with the fewest options served first:

1. *Viable* pairs are those scoring at least ``min_score``.
2. Every offer may appear in at most ``cap`` lists; by default
   ``cap = max(per_graduate, ceil(slack * per_graduate * n_graduates / n_viable_offers))``, i.e. a
   fair share of the slots with some slack.
3. *Floor*: graduates are taken by increasing number of viable offers (ties: lower best score
   first); each gets its best viable offer with a free slot. When all of a graduate's viable offers
   are full, one augmenting step is tried: a graduate already holding one of them moves to another
   of its own viable offers with a free slot, and the freed slot goes to the graduate in need.
4. *Fill*: rounds until ``per_graduate``: each round, graduates with the fewest suggestions so far
   (then the scarcest) take their next best viable offer with a free slot.

The floor guarantees that a graduate with at least one viable offer keeps one as long as that is
possible with at most one reassignment; the cap bounds every offer's exposure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass
class CohortView:
    """The placement officer's view: suggestions per graduate under exposure caps, and the flags."""

    suggestions: dict[str, list[tuple[str, float]]]  # graduate -> [(offer, score)], best first
    exposure: dict[str, int]  # offer -> number of graduates it is suggested to
    cap: int
    graduates_without: list[str]  # no viable suggestion at all
    offers_without: list[str]  # offers suggested to nobody

    def viable_count(self, graduate_id: str) -> int:
        """Number of suggestions the graduate got in the cohort view."""
        return len(self.suggestions.get(graduate_id, []))


def exposure_rerank(
    scores: Mapping[str, Iterable[tuple[str, float]]],
    *,
    per_graduate: int = 5,
    min_score: float = 0.2,
    cap: int | None = None,
    slack: float = 1.5,
    offer_ids: Iterable[str] | None = None,
) -> CohortView:
    """Suggestions for a cohort with per-offer exposure caps (algorithm in the module docstring).

    ``scores`` maps each graduate id to its scored offers ``(offer_id, score)`` (e.g. the top 50
    kept by the matcher). ``offer_ids`` lists every open offer, so that offers nobody is suggested
    are reported too.
    """
    viable: dict[str, list[tuple[str, float]]] = {}
    for g, items in scores.items():
        best: dict[str, float] = {}
        for o, s in items:
            if s >= min_score and s > best.get(o, -1.0):
                best[o] = float(s)
        viable[g] = sorted(best.items(), key=lambda t: (-t[1], t[0]))
    viable_offers = {o for items in viable.values() for o, _ in items}
    graduates = [g for g in viable if viable[g]]
    if cap is None:
        share = slack * per_graduate * max(1, len(graduates)) / max(1, len(viable_offers))
        cap = max(per_graduate, math.ceil(share))
    load: dict[str, int] = dict.fromkeys(viable_offers, 0)
    chosen: dict[str, list[tuple[str, float]]] = {g: [] for g in viable}
    taken: dict[str, set[str]] = {g: set() for g in viable}

    def scarcity(g: str) -> tuple:
        return (len(viable[g]), viable[g][0][1] if viable[g] else 0.0, g)

    def give(g: str, o: str, s: float) -> None:
        chosen[g].append((o, s))
        taken[g].add(o)
        load[o] += 1

    # Floor: one suggestion each, scarcest first.
    for g in sorted(graduates, key=scarcity):
        free = [(o, s) for o, s in viable[g] if load[o] < cap]
        if free:
            give(g, *free[0])
            continue
        for o, s in viable[g]:
            moved = False
            for h in graduates:
                if h == g or len(chosen[h]) != 1 or chosen[h][0][0] != o:
                    continue
                alt = [(o2, s2) for o2, s2 in viable[h] if o2 != o and load[o2] < cap]
                if alt:
                    chosen[h] = []
                    taken[h] = set()
                    load[o] -= 1
                    give(h, *alt[0])
                    give(g, o, s)
                    moved = True
                    break
            if moved:
                break

    # Fill: round robin, fewest suggestions first.
    for _ in range(1, per_graduate):
        progressed = False
        for g in sorted(graduates, key=lambda g: (len(chosen[g]), *scarcity(g))):
            if len(chosen[g]) >= per_graduate:
                continue
            for o, s in viable[g]:
                if o not in taken[g] and load[o] < cap:
                    give(g, o, s)
                    progressed = True
                    break
        if not progressed:
            break

    suggestions = {g: sorted(items, key=lambda t: (-t[1], t[0])) for g, items in chosen.items()}
    all_offers = set(offer_ids) if offer_ids is not None else viable_offers
    exposure = {o: load.get(o, 0) for o in sorted(all_offers | viable_offers)}
    return CohortView(
        suggestions=suggestions,
        exposure=exposure,
        cap=cap,
        graduates_without=sorted(g for g, items in suggestions.items() if not items),
        offers_without=sorted(o for o, n in exposure.items() if n == 0),
    )


def naive_top_k(
    scores: Mapping[str, Iterable[tuple[str, float]]], *, per_graduate: int = 5, min_score: float = 0.2
):
    """Each graduate's own top-k, with no regard for the others (the reference in tests and docs)."""
    out = {}
    for g, items in scores.items():
        ok = sorted(((o, float(s)) for o, s in items if s >= min_score), key=lambda t: (-t[1], t[0]))
        out[g] = ok[:per_graduate]
    return out
