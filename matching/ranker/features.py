"""Pair features: what the second-stage models see for an (offer, graduate) pair.

Computed for hundreds of pairs at once: one graduate against many offers (or the reverse) is one row
gather and one small dense product; arbitrary pairs (training, batches) use element-wise products.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import scipy.sparse as sp

from .docs import REMOTE_FULL, REMOTE_PARTIAL
from .space import _REMOTE_CODE, CandidateBlock, OfferBlock, SkillSpace, days, pairwise_distance_km, row_dense

try:  # compiled kernels behind scipy.sparse indexing (see gather_dot)
    from scipy.sparse import _sparsetools
except ImportError:  # pragma: no cover
    _sparsetools = None

# Pair features, in the order of the columns the models receive. Documented in docs/ranker.md.
FEATURES = (
    "required_coverage",  # IDF-weighted share of required skills the graduate holds
    "nice_coverage",  # IDF-weighted share of nice-to-have skills held
    "related_credit",  # IDF-weighted partial credit for missing required skills via related skills
    "confirmed_share",  # share of matched skills confirmed by a trainer (vs declared / extracted)
    "text_similarity",  # TF-IDF cosine between offer (title + text) and profile text
    "distance_ratio",  # distance / graduate's effective radius (remote work shrinks it)
    "outside_radius",  # max(0, distance_ratio - 1)
    "contract_fit",  # 1 accepted, 0 not accepted, 0.5 unknown
    "track_fit",  # 1 same training track, 0 another, 0.5 unknown
    "experience_gap",  # years of experience missing (>= 0)
    "start_gap",  # months between the offer's start date and the graduate's availability (>= 0)
    "offer_age",  # months since publication
    "experience_years",  # the graduate's years of experience, as such (seniority)
    "distance_km",  # distance in km (remote work shrinks it, as for distance_ratio)
)
TEXT_COLUMN = FEATURES.index("text_similarity")
# An unknown place (offer or graduate) reads as the mean distance ratio of a point drawn uniformly in
# the disc of the radius (2/3): neither near nor on the edge.
NEUTRAL_DISTANCE_RATIO = 2.0 / 3.0
GAP_FEATURES = (
    "distance_ratio",
    "outside_radius",
    "experience_gap",
    "start_gap",
    "offer_age",
    "experience_years",
    "distance_km",
)


def gather_dot(m: sp.csr_matrix, rows: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``m[rows] @ q`` for a dense 2-D ``q``.

    Calls scipy's compiled row-gather and product kernels directly: for a few hundred rows,
    ``m[rows]`` spends most of its time validating indices. scipy is pinned; should the kernels
    move, the public expression is used.
    """
    if _sparsetools is None:
        return np.asarray(m[rows] @ q)
    rows = np.asarray(rows, dtype=m.indices.dtype)
    n = len(rows)
    start = m.indptr[rows]
    indptr = np.empty(n + 1, dtype=m.indptr.dtype)
    indptr[0] = 0
    np.cumsum(m.indptr[rows + 1] - start, out=indptr[1:])
    nnz = int(indptr[-1])
    indices = np.empty(nnz, dtype=m.indices.dtype)
    data = np.empty(nnz, dtype=m.data.dtype)
    _sparsetools.csr_row_index(n, rows, m.indptr, m.indices, m.data, indices, data)
    q = np.ascontiguousarray(q, dtype=m.data.dtype)
    out = np.zeros((n, q.shape[1]), dtype=m.data.dtype)
    _sparsetools.csr_matvecs(n, m.shape[1], q.shape[1], indptr, indices, data, q.ravel(), out.ravel())
    return out


def _skill_terms(space: SkillSpace, ob: OfferBlock, oi: np.ndarray, cb: CandidateBlock, ci: np.ndarray):
    """IDF-weighted matched required / nice, related credit, matched and confirmed counts, text cosine.

    One graduate against many offers (or one offer against many graduates) is the interactive case:
    one gather of the other side's rows in a matrix holding skills and text side by side, times a
    dense matrix built from the query row. Arbitrary pairs (training, batch) fall back to element-wise products.
    """
    idf = space.idf_
    v = len(space.vocab_)
    if np.all(ci == ci[0]):
        c = int(ci[0])
        has = row_dense(cb.has, c)
        conf = row_dense(cb.confirmed, c)
        q = np.zeros((ob.combined.shape[1], 6))  # rows: required | nice | text terms
        q[:v, 0] = has * idf
        q[:v, 1] = row_dense(cb.related, c) * idf
        q[:v, 2] = q[v : 2 * v, 2] = has
        q[:v, 3] = q[v : 2 * v, 3] = conf
        q[v : 2 * v, 4] = has * idf
        a, b = cb.text.indptr[c], cb.text.indptr[c + 1]
        q[2 * v + cb.text.indices[a:b], 5] = cb.text.data[a:b]
        r = gather_dot(ob.combined, oi, q)
        return r[:, 0], r[:, 4], r[:, 1], r[:, 2], r[:, 3], r[:, 5]
    if np.all(oi == oi[0]):
        o = int(oi[0])
        req = row_dense(ob.req, o)
        nice = row_dense(ob.nice, o)
        q = np.zeros((cb.combined.shape[1], 6))  # rows: held | related | confirmed | text terms
        q[:v, 0] = req * idf
        q[:v, 1] = nice * idf
        q[v : 2 * v, 2] = req * idf
        q[:v, 3] = req + nice
        q[2 * v : 3 * v, 4] = req + nice
        a, b = ob.text.indptr[o], ob.text.indptr[o + 1]
        q[3 * v + ob.text.indices[a:b], 5] = ob.text.data[a:b]
        r = gather_dot(cb.combined, ci, q)
        return r[:, 0], r[:, 1], r[:, 2], r[:, 3], r[:, 4], r[:, 5]
    req, nice, has = ob.req[oi], ob.nice[oi], cb.has[ci]
    conf = cb.confirmed[ci]
    matched_req = np.asarray(req.multiply(has) @ idf).ravel()
    matched_nice = np.asarray(nice.multiply(has) @ idf).ravel()
    related_req = np.asarray(req.multiply(cb.related[ci]) @ idf).ravel()
    both = req + nice
    n_matched = np.asarray(both.multiply(has).sum(axis=1)).ravel()
    n_confirmed = np.asarray(both.multiply(conf).sum(axis=1)).ravel()
    text = np.asarray(ob.text[oi].multiply(cb.text[ci]).sum(axis=1)).ravel()
    return matched_req, matched_nice, related_req, n_matched, n_confirmed, text


def pair_distance(ob: OfferBlock, oi: np.ndarray, cb: CandidateBlock, ci: np.ndarray) -> np.ndarray:
    """Distance in km for each pair (NaN when a place is unknown)."""
    return pairwise_distance_km(ob.lat[oi], ob.lon[oi], cb.lat[ci], cb.lon[ci])


def pair_features(
    space: SkillSpace,
    ob: OfferBlock,
    oi: np.ndarray,
    cb: CandidateBlock,
    ci: np.ndarray,
    *,
    today: dt.date,
    distance_km: np.ndarray | None = None,
    imputer=None,
) -> np.ndarray:
    """Feature matrix (n_pairs x len(FEATURES)) for offers ``ob[oi]`` paired with graduates ``cb[ci]``.

    ``imputer`` (``impute.MissingImputer``) gives a pair without skill coverage the coverage its
    text similarity predicts, and an unknown place the region's typical distance ratio; without
    it, the fixed 0.5 and 2/3."""
    oi = np.asarray(oi, dtype=np.int64)
    ci = np.asarray(ci, dtype=np.int64)
    n = len(oi)
    X = np.empty((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return X
    matched_req, matched_nice, related_req, n_matched, n_confirmed, text = _skill_terms(space, ob, oi, cb, ci)
    req_idf = ob.req_idf[oi]
    nice_idf = ob.nice_idf[oi]
    # Missing structure is neutral, not a penalty: an offer without extracted required skills, or a
    # graduate without any skill on the profile, is neither matched nor missed (0.5); the text
    # similarity then carries the skills' signal.
    no_skills = np.diff(cb.has.indptr)[ci] == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        X[:, 0] = np.where((req_idf > 0) & ~no_skills, matched_req / req_idf, 0.5)
        X[:, 1] = np.where(nice_idf > 0, matched_nice / nice_idf, 0.0)
        X[:, 2] = np.where(req_idf > 0, related_req / req_idf, 0.0)
    X[:, 3] = np.where(n_matched > 0, n_confirmed / np.maximum(n_matched, 1), 0.0)
    X[:, 4] = text
    expected = imputer.coverage(text) if imputer is not None else None
    if expected is not None:
        missing = (req_idf <= 0) | no_skills
        X[:, 0] = np.where(missing, expected, X[:, 0])

    dist = pair_distance(ob, oi, cb, ci) if distance_km is None else np.asarray(distance_km, dtype=np.float64)
    ratio = dist / cb.radius[ci]
    remote = ob.remote[oi]
    ratio = np.where(remote == _REMOTE_CODE[REMOTE_FULL], 0.0, ratio)
    ratio = np.where(remote == _REMOTE_CODE[REMOTE_PARTIAL], ratio * 0.6, ratio)
    unknown = imputer.unknown_ratio if imputer is not None else NEUTRAL_DISTANCE_RATIO
    ratio = np.where(np.isnan(ratio), unknown, ratio)  # unknown place: the region's typical ratio
    X[:, 5] = ratio
    # Kilometres as such, beside the ratio to the graduate's radius: recruiters' own tolerance of a
    # commute need not follow the graduate's (the same neutral point for an unknown place).
    X[:, 13] = ratio * cb.radius[ci]
    X[:, 6] = np.maximum(0.0, ratio - 1.0)

    contract = ob.contract[oi]
    known = contract >= 0
    accepted = cb.accepts[ci, np.where(known, contract, 0)]
    X[:, 7] = np.where(~known | cb.any_contract[ci], 0.5, accepted.astype(np.float64))
    ot, ct = ob.track[oi], cb.track[ci]
    X[:, 8] = np.where((ot < 0) | (ct < 0), 0.5, (ot == ct).astype(np.float64))
    X[:, 9] = np.maximum(0.0, ob.exp_min[oi] - cb.experience[ci])
    gap = (cb.available[ci] - ob.start[oi]) / 30.44
    X[:, 10] = np.where(np.isnan(gap), 0.0, np.maximum(0.0, gap))
    age = (days(today) - ob.published[oi]) / 30.44
    X[:, 11] = np.where(np.isnan(age), 1.0, np.maximum(0.0, age))
    # Seniority as such (not only the years short of the offer's minimum): some recruiters value it.
    X[:, 12] = np.maximum(0.0, np.nan_to_num(cb.experience[ci], nan=0.0))
    return X
