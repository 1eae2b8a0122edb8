"""A tiny hand-made world for the ranker tests (imported by conftest and the tests)."""

import datetime as dt

from matching.ranker.docs import CandidateDoc, OfferDoc

TODAY = dt.date(2026, 11, 2)
LENS = (50.43743, 2.82106)
LIEVIN = (50.42428, 2.77292)  # ~3.8 km from Lens
LILLE = (50.63172, 3.04783)  # ~27 km from Lens
AMIENS = (49.90095, 2.29007)  # ~70 km from Lens


def offer(id, skills, where=LILLE, **kw):
    kw.setdefault("contract_type", "cdi")
    kw.setdefault("published_at", TODAY - dt.timedelta(days=10))
    return OfferDoc(
        id=id, title=f"Offre {id}", text=kw.pop("text", ""), skills=skills, lat=where[0], lon=where[1], **kw
    )


def candidate(id, skills, where=LENS, **kw):
    return CandidateDoc(id=id, text=kw.pop("text", ""), skills=skills, lat=where[0], lon=where[1], **kw)
