"""First stage: one sparse product over every row, hard filters, the few hundred best kept."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .docs import REMOTE_FULL
from .space import (
    _REMOTE_CODE,
    KM_PER_DEG_LAT,
    KM_PER_DEG_LON_EQUATOR,
    CandidateBlock,
    OfferBlock,
    row_dense,
)

# Hard filters: an offer up to 1.25 x the graduate's effective radius is still shown (the radius is a
# wish, not a wall), and a graduate available up to 92 days after the offer's start date.
RADIUS_SLACK = 1.25
MAX_START_DELAY_DAYS = 92.0
# Graduates without skills joining an offer's list by their text: at most this share of ``top_n``.
TEXT_POOL_SHARE = 0.5


@dataclass
class Retrieved:
    """Result of the first stage for one query: row indices on the other side and their data."""

    index: np.ndarray
    retrieval_score: np.ndarray
    distance_km: np.ndarray


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the ``n`` largest scores (unordered).

    A threshold read from a strided sample first discards most rows; it is exact: if at least ``n``
    scores reach the threshold, the ``n`` largest are among them. Otherwise fall back to a full
    partition.
    """
    m = len(scores)
    if m <= n:
        return np.arange(m)
    if m > 20 * n:
        sample = scores[:: max(1, m // 4096)]
        k = min(len(sample) - 1, int(len(sample) * max(0.0, 1.0 - 3.0 * n / m)))
        threshold = np.partition(sample, k)[k]
        pool = np.flatnonzero(scores >= threshold)
        if n <= len(pool) < m // 2:
            return pool[np.argpartition(-scores[pool], n - 1)[:n]]
    return np.argpartition(-scores, n - 1)[:n]


def retrieve_offers_for(
    ob: OfferBlock,
    cb: CandidateBlock,
    c: int,
    *,
    top_n: int = 300,
    radius_slack: float = RADIUS_SLACK,
    max_start_delay_days: float = MAX_START_DELAY_DAYS,
) -> Retrieved:
    """First stage for graduate ``cb[c]``: IDF-weighted skill product and hard filters over all offers.

    Hard filters: the offer's contract is one the graduate accepts (unknown contracts pass), the
    offer is within ``radius_slack`` x the graduate's effective radius (remote offers and unknown
    places pass), and the graduate is available no later than ``max_start_delay_days`` after the
    offer's start date. Offers sharing no skill (even related) with the graduate rank last but are
    still returned when fewer than ``top_n`` offers share one.
    """
    scores = ob.retrieval @ row_dense(cb.retrieval, c)
    return _filter_offers(ob, cb, c, scores, top_n, radius_slack, max_start_delay_days)


def _squared_km(lat0: float, lon0: float, lat32: np.ndarray, lon32: np.ndarray) -> np.ndarray:
    """Squared equirectangular distance in float32, computed in place (NaN for unknown places)."""
    kx = np.float32(KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0)))
    dx = lon32 - np.float32(lon0)
    dx *= kx
    dy = lat32 - np.float32(lat0)
    dy *= np.float32(KM_PER_DEG_LAT)
    dx *= dx
    dy *= dy
    dx += dy
    return dx


def _offer_mask(ob, cb, c, rows, radius_slack, max_start_delay_days):
    """Hard filters for graduate ``c`` over offers ``rows`` (``None``: all): (ok mask, squared km)."""
    pick = (lambda a: a) if rows is None else (lambda a: a[rows])
    n = len(ob) if rows is None else len(rows)
    lat0, lon0 = cb.lat[c], cb.lon[c]
    if math.isnan(lat0) or math.isnan(lon0):
        d2 = np.full(n, np.nan, dtype=np.float32)
        ok = np.ones(n, dtype=bool)
    else:
        d2 = _squared_km(lat0, lon0, pick(ob.lat32), pick(ob.lon32))
        ok = d2 <= np.float32((cb.radius[c] * radius_slack) ** 2)
        ok |= pick(ob.anywhere)
    bits = cb.contract_bits[c]
    if bits != 0xFF:
        ok &= (pick(ob.contract_bits) & bits) != 0
    avail = cb.available[c]
    if not math.isnan(avail):
        ok &= ~(pick(ob.start) < avail - max_start_delay_days)
    return ok, d2


def _candidate_mask(ob, cb, o, rows, radius_slack, max_start_delay_days):
    """Hard filters for offer ``o`` over graduates ``rows`` (``None``: all): (ok mask, squared km)."""
    pick = (lambda a: a) if rows is None else (lambda a: a[rows])
    n = len(cb) if rows is None else len(rows)
    lat0, lon0 = ob.lat[o], ob.lon[o]
    if math.isnan(lat0) or math.isnan(lon0):
        d2 = np.full(n, np.nan, dtype=np.float32)
        ok = np.ones(n, dtype=bool)
    else:
        d2 = _squared_km(lat0, lon0, pick(cb.lat32), pick(cb.lon32))
        if ob.remote[o] == _REMOTE_CODE[REMOTE_FULL]:
            ok = np.ones(n, dtype=bool)
        else:
            reach = pick(cb.radius32) * np.float32(radius_slack)
            reach *= reach
            ok = (d2 <= reach) | pick(cb.nowhere)
    contract = int(ob.contract[o])
    if contract >= 0:
        ok &= (pick(cb.contract_bits) & np.uint8(1 << contract)) != 0
    start = ob.start[o]
    if not math.isnan(start):
        ok &= ~(pick(cb.available) > start + max_start_delay_days)
    return ok, d2


def _select(mask_fn, scores: np.ndarray, top_n: int) -> Retrieved:
    """The ``top_n`` best-scored rows passing the hard filters.

    Filters cost more than the product over 100,000 rows, so they are first applied only to the
    rows whose score reaches a threshold read from a strided sample (about 16 times
    ``top_n`` rows). This is exact: if at least ``top_n`` of those rows pass, no row below the
    threshold could have made the list. Otherwise the filters run over every row.
    """
    m = len(scores)
    if m > 200 * top_n:
        sample = scores[:: max(1, m // 2048)]
        for factor in (16,):
            k = min(len(sample) - 1, int(len(sample) * (1.0 - factor * top_n / m)))
            threshold = np.partition(sample, k)[k]
            pool = np.flatnonzero(scores >= threshold)
            if len(pool) > m // 4:
                break
            ok, d2 = mask_fn(pool)
            if ok.sum() >= top_n:
                rows, d2 = pool[ok], d2[ok]
                sel = _top(scores[rows], top_n)
                return Retrieved(rows[sel], scores[rows[sel]], np.sqrt(d2[sel].astype(np.float64)))
    ok, d2 = mask_fn(None)
    rows = np.flatnonzero(ok)
    sel = _top(scores[rows], top_n)
    rows = rows[sel]
    return Retrieved(
        index=rows, retrieval_score=scores[rows], distance_km=np.sqrt(d2[rows].astype(np.float64))
    )


def _filter_offers(ob, cb, c, scores, top_n, radius_slack, max_start_delay_days) -> Retrieved:
    if cb.retrieval.indptr[c + 1] == cb.retrieval.indptr[c]:
        # A graduate without skills scores every offer 0: their CV's text chooses instead of the
        # offers' order in the index (one product over the offers' texts, for them only).
        scores = ob.text @ row_dense(cb.text, c)
    return _select(
        lambda rows: _offer_mask(ob, cb, c, rows, radius_slack, max_start_delay_days), scores, top_n
    )


def retrieve_candidates_for(
    ob: OfferBlock,
    cb: CandidateBlock,
    o: int,
    *,
    top_n: int = 300,
    radius_slack: float = RADIUS_SLACK,
    max_start_delay_days: float = MAX_START_DELAY_DAYS,
) -> Retrieved:
    """First stage for offer ``ob[o]``: the same product and filters, seen from the offer, plus the
    graduates without skills whose text is nearest (``_with_text_pool``); an offer without skills
    retrieves by text."""
    scores = cb.retrieval @ row_dense(ob.retrieval, o)
    return _filter_candidates(ob, cb, o, scores, top_n, radius_slack, max_start_delay_days)


def _filter_candidates(ob, cb, o, scores, top_n, radius_slack, max_start_delay_days) -> Retrieved:
    mask_fn = lambda rows: _candidate_mask(ob, cb, o, rows, radius_slack, max_start_delay_days)  # noqa: E731
    if ob.retrieval.indptr[o + 1] == ob.retrieval.indptr[o]:
        # An offer without skills scores every graduate 0: its list would be any ``top_n`` of them.
        # Its title and text choose them instead (one product over the graduates' texts).
        return _select(mask_fn, cb.text @ row_dense(ob.text, o), top_n)
    got = _select(mask_fn, scores, top_n)
    return _with_text_pool(ob, cb, o, got, mask_fn, top_n)


def _with_text_pool(ob, cb, o, got: Retrieved, mask_fn, top_n: int) -> Retrieved:
    """``got`` plus the graduates without any skill on their profile (a CV text only) whose text is
    nearest to the offer's, at most ``TEXT_POOL_SHARE`` x ``top_n`` of them.

    The skill product scores them 0, so they were never retrieved while ``top_n`` graduates share a
    skill with the offer, although the model reads them as neutral on skills and their CV may say
    the most (on the second simulator, a quarter of the graduates: the top 10 over every graduate
    and over the retrieved ones shared 39 % of their members). On the platform nearly every profile
    has skills and this costs one check.
    """
    pool = getattr(cb, "skill_less", None)
    if pool is None or len(pool) == 0:
        return got
    pool = pool[~np.isin(pool, got.index)]
    ok, d2 = mask_fn(pool)
    pool, d2 = pool[ok], d2[ok]
    if len(pool) == 0:
        return got
    text = np.asarray(cb.text[pool] @ row_dense(ob.text, o)).ravel()
    sel = _top(text, max(1, int(top_n * TEXT_POOL_SHARE)))
    return Retrieved(
        index=np.concatenate([got.index, pool[sel]]),
        retrieval_score=np.concatenate(
            [got.retrieval_score, np.zeros(len(sel), dtype=got.retrieval_score.dtype)]
        ),
        distance_km=np.concatenate([got.distance_km, np.sqrt(d2[sel].astype(np.float64))]),
    )
