"""The trust targets of the suggestions, checked on what the pages show (`manage.py matching_trust_report`).

For every graduate, the list "Offres pour vous" shows (``selectors.suggestions_for_graduate``, the
page's 20), and for every published partner offer, the officer's shortlist (``selectors.shortlist_for_offer``):

- each entry's real reason is checked again from the rows themselves, not from the stored
  ``details``: a required skill of the offer (``OfferSkill``) held by the graduate (accepted
  ``GraduateSkill``), implied by one held (taxonomy broader relations and the reviewed
  implications) or close to one held (the related-skill credit), soft skills never counting; for
  an offer listing no required skill, a nice-to-have held, implied or close, or the same training
  track;
- no entry has an open candidacy of the pair (``placements.Application`` in a pending state);
- every graduate with an offer within reach (the retrieval's hard filters) gets the skill hint,
  unless no skill would move any offer within their radius up a step (closed → within reach →
  open), which a brute force over every missing required skill of those offers confirms.

Read-only: it writes nothing. The figures of ``docs/matching.md`` come from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backend.accounts.models import User
from employers.models import Offer, OfferSkill
from graduates.models import Graduate, GraduateSkill

from . import ranker_bridge, selectors
from .ranker.engine import OPENING_COVERAGE
from .services import scores

SHOWN = 20  # entries on the graduate's page and on the shortlist page


@dataclass
class TrustReport:
    graduates: int = 0
    suggestions: int = 0
    suggestions_without_reason: list[tuple[int, int]] = field(default_factory=list)  # (graduate, offer)
    suggestions_in_candidacies: list[tuple[int, int]] = field(default_factory=list)
    short_lists: int = 0  # graduates shown fewer than MIN_SUGGESTIONS, with the explanation instead
    offers: int = 0
    shortlist_entries: int = 0
    shortlist_without_reason: list[tuple[int, int]] = field(default_factory=list)
    shortlist_in_candidacies: list[tuple[int, int]] = field(default_factory=list)
    graduates_in_reach: int = 0
    graduates_with_hint: int = 0
    graduates_without_hint_where_one_exists: list[int] = field(default_factory=list)
    graduates_without_any_hint_possible: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.suggestions_without_reason
            or self.suggestions_in_candidacies
            or self.shortlist_without_reason
            or self.shortlist_in_candidacies
            or self.graduates_without_hint_where_one_exists
        )

    def lines(self) -> list[str]:
        return [
            f"diplômé·es : {self.graduates} ; suggestions affichées : {self.suggestions} "
            f"(sans vraie raison : {len(self.suggestions_without_reason)}, "
            f"avec une candidature en cours : {len(self.suggestions_in_candidacies)}) ; "
            f"listes courtes expliquées au lieu d'être complétées : {self.short_lists}",
            f"offres en ligne : {self.offers} ; entrées de présélection : {self.shortlist_entries} "
            f"(sans vraie raison : {len(self.shortlist_without_reason)}, "
            f"avec une candidature en cours : {len(self.shortlist_in_candidacies)})",
            f"diplômé·es avec une offre à portée : {self.graduates_in_reach} ; avec la piste de compétence : "
            f"{self.graduates_with_hint} ; sans elle alors qu'une compétence ouvrirait une offre : "
            f"{len(self.graduates_without_hint_where_one_exists)} ; aucune compétence n'ouvrirait d'offre : "
            f"{len(self.graduates_without_any_hint_possible)} {self.graduates_without_any_hint_possible or ''}",
        ]


class _Reasons:
    """The real-reason predicate recomputed from the rows (skills, implications, close skills)."""

    def __init__(self, matcher):
        self.graph = matcher.graph
        self.matcher = matcher
        self.required: dict[int, set[str]] = {}
        self.nice: dict[int, set[str]] = {}
        for offer_id, skill_id, level in OfferSkill.objects.values_list("offer_id", "skill_id", "level"):
            target = self.required if level == OfferSkill.Level.REQUIRED else self.nice
            target.setdefault(offer_id, set()).add(str(skill_id))
        self.held: dict[int, set[str]] = {}
        for graduate_id, skill_id in GraduateSkill.objects.filter(
            status=GraduateSkill.Status.ACCEPTED
        ).values_list("graduate_id", "skill_id"):
            self.held.setdefault(graduate_id, set()).add(str(skill_id))
        self._reach: dict[int, tuple[set[str], set[str]]] = {}

    def reach(self, graduate_id: int) -> tuple[set[str], set[str]]:
        """(skills held or implied, skills close to one held)."""
        got = self._reach.get(graduate_id)
        if got is None:
            held = set(self.held.get(graduate_id, ()))
            for s in list(held):
                held |= self.graph.implied_by(s)
            close = {r for s in held for r in self.graph.related(s)}
            got = self._reach[graduate_id] = (held, close)
        return got

    def has_reason(self, offer_id: int, graduate_id: int) -> bool:
        held, close = self.reach(graduate_id)
        wanted = self.required.get(offer_id) or self.nice.get(offer_id) or set()
        # A soft skill in common is no reason (« travail en équipe » on both sides).
        if {s for s in wanted & (held | close) if not self.graph.is_soft(s)}:
            return True
        if not self.required.get(offer_id):
            m = self.matcher
            o, c = m.offers.index.get(str(offer_id)), m.candidates.index.get(str(graduate_id))
            if o is not None and c is not None:
                t = int(m.offers.track[o])
                return t >= 0 and t == int(m.candidates.track[c])
        return False

    def a_skill_would_open(self, graduate_id: int, offer_ids: list[int]) -> bool:
        """Brute force: would learning one missing skill (with what it implies) move one of these
        offers up a step (closed → within reach, or to OPENING_COVERAGE of its required skills)?"""
        held, _close = self.reach(graduate_id)
        for offer_id in offer_ids:
            required = self.required.get(offer_id) or set()
            if not required:
                continue
            before = len(required & held)
            for s in required - held:
                if self.graph.is_soft(s):
                    continue
                after = len(required & (held | {s} | self.graph.implied_by(s)))
                if before == 0 or (
                    before < OPENING_COVERAGE * len(required) - 1e-9
                    and after >= OPENING_COVERAGE * len(required) - 1e-9
                ):
                    return True
        return False


def trust_report(*, officer: User) -> TrustReport:
    """Check every graduate's page and every published offer's shortlist (as ``officer`` sees them)."""
    report = TrustReport()
    matcher = ranker_bridge.build_matcher(model=scores.ranker_model(scores.ranker_current()))
    reasons = _Reasons(matcher)
    pending = set(selectors._open_candidacies().values_list("graduate_id", "offer_id"))

    for graduate in Graduate.objects.order_by("pk"):
        report.graduates += 1
        page = selectors.suggestions_for_graduate(graduate=graduate, limit=SHOWN)
        report.short_lists += page.shortfall is not None
        for item in page.items:
            report.suggestions += 1
            pair = (graduate.pk, item.offer_id)
            if not reasons.has_reason(item.offer_id, graduate.pk):
                report.suggestions_without_reason.append(pair)
            if pair in pending:
                report.suggestions_in_candidacies.append(pair)
        c = matcher.candidates.index.get(str(graduate.pk))
        if c is None or matcher.offers_in_reach(c, exact=True) == 0:
            continue
        report.graduates_in_reach += 1
        if page.openings is not None and page.openings.hints:
            report.graduates_with_hint += 1
            continue
        # The hint's own reach: within the radius (no slack), an accepted contract, any start date.
        rows = np.flatnonzero(matcher._reach_rows(c, None, 1.0, dates=False))
        offer_ids = [int(matcher.offers.ids[r]) for r in rows]
        if reasons.a_skill_would_open(graduate.pk, offer_ids):
            report.graduates_without_hint_where_one_exists.append(graduate.pk)
        else:
            report.graduates_without_any_hint_possible.append(graduate.pk)

    # Partners' offers: a territory offer (France Travail) has no shortlist page (the officer's 404).
    partners = Offer.objects.filter(status=Offer.Status.PUBLISHED, source=Offer.Source.PARTNER)
    for offer in partners.order_by("pk"):
        report.offers += 1
        _offer, rows = selectors.shortlist_for_offer(user=officer, offer_id=offer.pk, limit=SHOWN)
        for row in rows:
            report.shortlist_entries += 1
            pair = (row.graduate_id, offer.pk)
            if not reasons.has_reason(offer.pk, row.graduate_id):
                report.shortlist_without_reason.append(pair)
            if pair in pending:
                report.shortlist_in_candidacies.append(pair)
    return report
