"""A few dozen officers' judgements for the demo, so that the ranker page is never empty.

Simulated, and said so on nothing but this docstring and the report: the demo officer "reads" the
shortlists of a dozen published offers (their top pairs under the serving version, plus two
graduates of another trade as a control) and grades each pair from its facts as an officer would:
**pertinent** when the graduate holds at least half of the required skills (held or implied),
within reach, in a contract they want; **hors sujet** when the graduate's training track is not
the offer's trade or no required skill is held, implied or close; **plausible** otherwise. The rule
reads only the stored facts, not the score, so a model can disagree with it.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from employers.models import Offer
from graduates.models import Graduate
from matching.models import MatchJudgement, MatchScore
from matching.ranker_bridge import TRACK
from matching.serving import ranker_current

from .data import OFFICER_EMAIL

OFFERS_JUDGED = 12
PER_OFFER = 4
CONTROLS_PER_OFFER = 2
POOLED_JUDGED = 24  # pairs of the pooled queue the demo officer judges (the rest stays to judge)


# The school's trades by ROME family of the offer's occupation; other families (IT support, I14)
# sit between trades: no control pair for them.
TRADE_BY_ROME = {
    "M18": "dev",  # IT development
    "M14": "dev",  # data analysis
    "E12": "dev",  # UX/UI design
    "I13": "domotique",  # installation and maintenance of equipment
    "F11": "domotique",  # building design (home automation installers)
    "G12": "referent",  # public reception and digital mediation
    "K21": "referent",  # social and digital inclusion
}


def _offer_track(offer) -> str | None:
    """The school's trade an offer belongs to, from its ROME occupation (None: between trades)."""
    return TRADE_BY_ROME.get((offer.occupation_id or "")[:3].upper()) if offer is not None else None


def demo_grade(details: dict, *, same_track: bool | None) -> str:
    """The demo officer's reading of one pair's facts (see the module docstring)."""
    matched = len(details.get("required_matched") or [])
    missing = len(details.get("required_missing") or [])
    related = bool(details.get("related"))
    if same_track is False or (matched == 0 and not related and (matched + missing) > 0):
        return MatchJudgement.Grade.OFF_TOPIC
    near = details.get("within_radius") is not False or details.get("remote") == "full"
    contract = details.get("contract_ok") is not False
    if matched + missing and matched / (matched + missing) >= 0.5 and near and contract:
        return MatchJudgement.Grade.RELEVANT
    return MatchJudgement.Grade.PLAUSIBLE


def seed_demo_judgements(*, seed: int = 7) -> int:
    """Grade pairs of a dozen offers as the demo officer (idempotent: nothing if any judgement
    exists). Returns how many judgements were written."""
    if MatchJudgement.objects.exists():
        return 0
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    if officer is None:
        return 0
    rng = random.Random(seed)
    version = ranker_current().version
    offer_ids = sorted(
        set(
            MatchScore.objects.filter(model_version=version, offer__status="published").values_list(
                "offer_id", flat=True
            )
        )
    )
    rng.shuffle(offer_ids)
    now = timezone.now()
    rows = []
    offers = {
        o.pk: o for o in Offer.objects.filter(pk__in=offer_ids[:OFFERS_JUDGED]).only("pk", "occupation")
    }
    for offer_id in offer_ids[:OFFERS_JUDGED]:
        offer = offers.get(offer_id)
        trade = _offer_track(offer) if offer else None
        top = list(
            MatchScore.objects.filter(model_version=version, offer_id=offer_id)
            .select_related("graduate__cohort")
            .order_by("-score", "pk")[:PER_OFFER]
        )
        seen = {s.graduate_id for s in top}
        pairs = [(s.graduate, s.details or {}) for s in top]
        # Controls: graduates of another trade, with their facts for this offer computed as for any pair.
        others = [
            g
            for g in Graduate.objects.select_related("cohort").exclude(pk__in=seen).order_by("pk")
            if trade is not None and TRACK.get(g.cohort.track) not in (None, trade)
        ]
        for g in rng.sample(others, min(CONTROLS_PER_OFFER, len(others))):
            pairs.append((g, {}))
        for graduate, details in pairs:
            track = TRACK.get(graduate.cohort.track)
            same = None if trade is None or track is None else track == trade
            rows.append(
                MatchJudgement(
                    offer_id=offer_id,
                    graduate=graduate,
                    officer=officer,
                    grade=demo_grade(details, same_track=same),
                    model_version=version,
                    created_at=now,
                    updated_at=now,
                )
            )
    with transaction.atomic():
        MatchJudgement.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def seed_demo_pooled_judgements(*, n: int = POOLED_JUDGED) -> int:
    """The demo officer judges the first ``n`` pairs of today's pooled queue (matching.pooling) by the
    same rule, through the service a click goes through, so the queue and the ranker page's pooled
    comparison are not empty and pairs remain to judge. Idempotent: nothing if a pooled judgement
    exists. Returns how many were written."""
    from matching.pooling import judgement_queue
    from matching.services import judgement_record

    if MatchJudgement.objects.exclude(proposed_by=[]).exists():
        return 0
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    if officer is None:
        return 0
    queue = judgement_queue(officer=officer, limit=n)
    written = 0
    for item in queue.items:
        trade = _offer_track(item.offer)
        track = TRACK.get(item.graduate.cohort.track)
        same = None if trade is None or track is None else track == trade
        judgement_record(
            officer=officer,
            offer_id=item.offer.pk,
            graduate_id=item.graduate.pk,
            grade=demo_grade(item.pair.details, same_track=same),
            pooled=True,
        )
        written += 1
    return written
