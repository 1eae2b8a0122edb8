"""Encoding offers and graduates as sparse skill vectors (features and retrieval live next door).

``SkillSpace`` is fitted once on the current corpus (open offers and visible graduates): it fixes the
skill vocabulary, the IDF weights (computed on offers: a skill few employers ask for weighs more),
the related-skill matrix derived from the taxonomy hierarchy and the TF-IDF text vectoriser.
``encode_offers`` / ``encode_candidates`` turn documents into column-oriented blocks of numpy arrays
and CSR matrices, so that features for hundreds of pairs are computed with a few vectorised
operations and retrieval over 100,000 rows is one sparse matrix–vector product plus masks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer, strip_accents_unicode

from .content import skill_evidence
from .docs import (
    CONFIRMED,
    CONTRACT_TYPES,
    MOBILITIES,
    NICE,
    REMOTE_FULL,
    REMOTE_POLICIES,
    REQUIRED,
    TRACKS,
    CandidateDoc,
    OfferDoc,
    SkillGraph,
)

EPOCH = dt.date(1970, 1, 1)
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320

# Weight of a nice-to-have skill relative to a required one in the retrieval vector.
NICE_WEIGHT = 0.5

_STOP_WORDS_TEXT = """
a au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me même mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
vos votre vous c d j l à m n s t y été être avoir est sont ils elles the and of to in for with at by
an or be is are as from this that your our we you will h f poste profil mission missions entreprise
recherche recherchons rejoindre équipe
"""
# English function words: CVs and vacancies in English reach the command line, and with smoothed IDF
# a word found in every document still weighs 1 against ~5 for a rare one, so dozens of them
# dominated the cosine of two long English texts. None is a skill or a trade word.
_ENGLISH_STOP_WORDS_TEXT = """
a an are as at be been being but by can could did do does for from had has have having he her hers
him his i if in into is it its me my no not of on or our ours she so than that the their them then
there these they this those to too was we were what when where which while who whom why will with
would you your yours also very all any each more most other some such only own same just about after
before during over under again further once here both few nor until upon am
"""
FRENCH_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split()) | frozenset(_ENGLISH_STOP_WORDS_TEXT.split())
# The vectoriser strips accents before it drops stop words: list both spellings.
_STOP_WORDS = sorted(FRENCH_STOP_WORDS | {strip_accents_unicode(w) for w in FRENCH_STOP_WORDS})

# Words keep their inner "+", "#" and "." so that C++, C# and Node.js stay one token.
WORD_PATTERN = r"(?u)\b\w[\w+#.]*\w\b|\b\w\b"

_CONTRACT_CODE = {c: i for i, c in enumerate(CONTRACT_TYPES)}
_TRACK_CODE = {t: i for i, t in enumerate(TRACKS)}
_MOBILITY_CODE = {m: i for i, m in enumerate(MOBILITIES)}
_REMOTE_CODE = {r: i for i, r in enumerate(REMOTE_POLICIES)}


def _l2_rows(m) -> sp.csr_matrix:
    """Rows scaled to unit L2 norm (empty rows stay empty), as float32 CSR; works with zero rows."""
    m = sp.csr_matrix(m, dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(inv) @ m, dtype=np.float32)


def days(value: dt.date | None) -> float:
    """Days since 1970-01-01, NaN for an unknown date."""
    return float((value - EPOCH).days) if value is not None else math.nan


def approx_distance_km(lat0: float, lon0: float, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Equirectangular distance in km: within 0.5 % of the great circle at regional scale, and cheap.

    Unknown coordinates give NaN.
    """
    coslat = math.cos(math.radians(lat0))
    dx = (lon - lon0) * (KM_PER_DEG_LON_EQUATOR * coslat)
    dy = (lat - lat0) * KM_PER_DEG_LAT
    return np.sqrt(dx * dx + dy * dy)


def pairwise_distance_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Element-wise equirectangular distance between two arrays of points (NaN when unknown)."""
    lat1, lon1, lat2, lon2 = (np.asarray(a, dtype=np.float64) for a in (lat1, lon1, lat2, lon2))
    coslat = np.cos(np.radians((lat1 + lat2) / 2))
    dx = (lon2 - lon1) * KM_PER_DEG_LON_EQUATOR * coslat
    dy = (lat2 - lat1) * KM_PER_DEG_LAT
    return np.sqrt(dx * dx + dy * dy)


@dataclass
class OfferBlock:
    """Column-oriented encoding of a list of offers."""

    docs: list[OfferDoc]
    ids: list[str]
    index: dict[str, int]
    req: sp.csr_matrix  # binary, offers x vocab
    nice: sp.csr_matrix  # binary
    retrieval: sp.csr_matrix  # IDF-weighted (required 1, nice 0.5), L2-normalised rows
    req_idf: np.ndarray  # sum of IDF of required skills
    nice_idf: np.ndarray
    n_req: np.ndarray
    text: sp.csr_matrix  # TF-IDF rows, L2-normalised
    lat: np.ndarray
    lon: np.ndarray
    contract: np.ndarray  # code in CONTRACT_TYPES, -1 unknown
    remote: np.ndarray  # code in REMOTE_POLICIES
    start: np.ndarray  # days since epoch, NaN unknown
    published: np.ndarray
    exp_min: np.ndarray
    track: np.ndarray  # code in TRACKS, -1 unknown

    def __post_init__(self):
        # Derived layouts for the hot paths: one row gather gives required and nice-to-have skills;
        # float32 coordinates and bit masks keep the filters over 100,000 offers to a few passes.
        self.combined = sp.hstack([self.req, self.nice, self.text], format="csr", dtype=np.float64)
        self.req_csc = self.req.tocsc()
        self.lat32 = self.lat.astype(np.float32)
        self.lon32 = self.lon.astype(np.float32)
        self.contract_bits = np.where(self.contract >= 0, 1 << np.maximum(self.contract, 0), 0xFF).astype(
            np.uint8
        )
        self.anywhere = np.isnan(self.lat) | (self.remote == _REMOTE_CODE[REMOTE_FULL])
        self.skill_evidence = skill_evidence(
            np.diff(self.req.indptr) + np.diff(self.nice.indptr) > 0,
            np.array([getattr(d, "skills_from_text", False) for d in self.docs], dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class CandidateBlock:
    """Column-oriented encoding of a list of graduates."""

    docs: list[CandidateDoc]
    ids: list[str]
    index: dict[str, int]
    has: sp.csr_matrix  # binary, candidates x vocab: skills held or implied by those held
    confirmed: sp.csr_matrix  # binary: skills confirmed by a trainer
    related: sp.csr_matrix  # partial credit (0, parent_credit] for skills not held
    retrieval: sp.csr_matrix  # IDF-weighted (held 1 + related credit), L2-normalised rows
    text: sp.csr_matrix
    lat: np.ndarray
    lon: np.ndarray
    radius: np.ndarray  # effective radius (km)
    mobility: np.ndarray
    accepts: np.ndarray  # bool, candidates x len(CONTRACT_TYPES); all True when no preference
    any_contract: np.ndarray  # bool: no stated preference
    available: np.ndarray  # days since epoch, NaN unknown
    track: np.ndarray
    experience: np.ndarray

    def __post_init__(self):
        self.combined = sp.hstack(
            [self.has, self.related, self.confirmed, self.text], format="csr", dtype=np.float64
        )
        weights = (1 << np.arange(len(CONTRACT_TYPES))).astype(np.int64)
        bits = (self.accepts.astype(np.int64) @ weights) if len(self.accepts) else np.zeros(0, dtype=np.int64)
        self.contract_bits = np.where(self.any_contract, 0xFF, bits).astype(np.uint8)
        self.lat32 = self.lat.astype(np.float32)
        self.lon32 = self.lon.astype(np.float32)
        self.radius32 = self.radius.astype(np.float32)
        self.nowhere = np.isnan(self.lat)
        # Graduates with no skill at all (a CV text only): an offer's retrieval adds them by text.
        self.skill_less = np.flatnonzero(np.diff(self.has.indptr) == 0)
        self.skill_evidence = skill_evidence(
            np.diff(self.has.indptr) > 0,
            np.array([getattr(d, "skills_from_text", False) for d in self.docs], dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.ids)


class SkillSpace:
    """Vocabulary, IDF weights, related-skill matrix and text vectoriser fitted on a corpus."""

    def __init__(self, graph: SkillGraph | None = None, *, max_text_features: int = 50_000):
        self.graph = graph or SkillGraph()
        self.max_text_features = max_text_features

    # -- fitting ---------------------------------------------------------------------------------
    def fit(self, offers: Sequence[OfferDoc], candidates: Sequence[CandidateDoc] = ()) -> SkillSpace:
        """Fix vocabulary, IDF (on offers), related-skill matrix and TF-IDF text vocabulary."""
        vocab: set[str] = set()
        for o in offers:
            vocab.update(o.skills)
        for c in candidates:
            vocab.update(c.skills)
        # Skills nobody asks for and nobody holds cannot change a score: the vocabulary is the
        # corpus's, whatever the size of the taxonomy (related credit reads the graph directly).
        self.vocab_ = sorted(vocab)
        self.skill_index_ = {s: i for i, s in enumerate(self.vocab_)}
        n_vocab = len(self.vocab_)

        df = np.zeros(n_vocab)
        for o in offers:
            for s in o.skills:
                df[self.skill_index_[s]] += 1
        n = max(1, len(offers))
        self.idf_ = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float64)

        rows, cols, vals = [], [], []
        for s in self.vocab_:
            i = self.skill_index_[s]
            for t, credit in self.graph.related(s).items():
                j = self.skill_index_.get(t)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    vals.append(credit)
        self.relation_ = sp.csr_matrix((vals, (rows, cols)), shape=(n_vocab, n_vocab), dtype=np.float64)
        # Implications (holding row skill => holding column skill), transitive through the whole
        # graph, restricted to the vocabulary.
        rows, cols = [], []
        for s in self.vocab_:
            for t in self.graph.implied_by(s):
                j = self.skill_index_.get(t)
                if j is not None:
                    rows.append(self.skill_index_[s])
                    cols.append(j)
        self.implies_ = sp.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(n_vocab, n_vocab), dtype=np.float64
        )
        self.max_credit_ = max(self.graph.parent_credit, self.graph.sibling_credit)

        corpus = [f"{o.title} {o.text}" for o in offers] + [c.text for c in candidates]
        self.vectorizer_ = TfidfVectorizer(
            strip_accents="unicode",
            lowercase=True,
            sublinear_tf=True,
            min_df=1,
            max_features=self.max_text_features,
            stop_words=_STOP_WORDS,
            token_pattern=WORD_PATTERN,
            dtype=np.float32,
        )
        try:
            self.vectorizer_.fit(corpus)
        except ValueError:  # no text at all, or only stop words: keep a one-word vocabulary
            self.vectorizer_.fit(["vide"])
        return self

    # -- encoding --------------------------------------------------------------------------------
    def _skill_matrix(self, docs, pick) -> sp.csr_matrix:
        indptr, indices = [0], []
        for d in docs:
            cols = sorted(
                {self.skill_index_[s] for s, v in d.skills.items() if pick(v) and s in self.skill_index_}
            )
            indices.extend(cols)
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float64)
        return sp.csr_matrix((data, indices, indptr), shape=(len(docs), len(self.vocab_)))

    def encode_skills(self, skills: dict[str, str]) -> np.ndarray:
        """Dense binary vector of a skill set (ids outside the vocabulary are ignored)."""
        v = np.zeros(len(self.vocab_))
        for s in skills:
            i = self.skill_index_.get(s)
            if i is not None:
                v[i] = 1.0
        return v

    def _text(self, texts: list[str]) -> sp.csr_matrix:
        if not texts:
            return sp.csr_matrix((0, len(self.vectorizer_.vocabulary_)), dtype=np.float32)
        return sp.csr_matrix(self.vectorizer_.transform(texts), dtype=np.float32)

    def encode_offers(self, offers: Sequence[OfferDoc]) -> OfferBlock:
        """Encode offers into an :class:`OfferBlock`."""
        offers = list(offers)
        req = self._skill_matrix(offers, lambda v: v == REQUIRED)
        nice = self._skill_matrix(offers, lambda v: v == NICE)
        idf = sp.diags(self.idf_)
        # float32: half the memory traffic of the product that dominates retrieval.
        retrieval = _l2_rows((req + NICE_WEIGHT * nice) @ idf)
        return OfferBlock(
            docs=offers,
            ids=[o.id for o in offers],
            index={o.id: i for i, o in enumerate(offers)},
            req=req,
            nice=nice,
            retrieval=retrieval,
            req_idf=np.asarray(req @ self.idf_).ravel(),
            nice_idf=np.asarray(nice @ self.idf_).ravel(),
            n_req=np.asarray(req.sum(axis=1)).ravel(),
            text=self._text([f"{o.title} {o.text}" for o in offers]),
            lat=np.array([o.lat if o.lat is not None else np.nan for o in offers], dtype=np.float64),
            lon=np.array([o.lon if o.lon is not None else np.nan for o in offers], dtype=np.float64),
            contract=np.array([_CONTRACT_CODE.get(o.contract_type or "", -1) for o in offers], dtype=np.int8),
            remote=np.array([_REMOTE_CODE[o.remote] for o in offers], dtype=np.int8),
            start=np.array([days(o.start_date) for o in offers]),
            published=np.array([days(o.published_at) for o in offers]),
            exp_min=np.array(
                [o.experience_years_min if o.experience_years_min is not None else 0.0 for o in offers]
            ),
            track=np.array([_TRACK_CODE.get(o.track or "", -1) for o in offers], dtype=np.int8),
        )

    def encode_candidates(self, candidates: Sequence[CandidateDoc]) -> CandidateBlock:
        """Encode graduates into a :class:`CandidateBlock` (related-skill credit included)."""
        candidates = list(candidates)
        held = self._skill_matrix(candidates, lambda v: True)
        has = self.with_implied(held)
        confirmed = self._skill_matrix(candidates, lambda v: v == CONFIRMED)
        related = self._related(has)
        retrieval = _l2_rows((has + related) @ sp.diags(self.idf_))
        accepts = np.ones((len(candidates), len(CONTRACT_TYPES)), dtype=bool)
        any_contract = np.ones(len(candidates), dtype=bool)
        for i, c in enumerate(candidates):
            known = [_CONTRACT_CODE[t] for t in c.contract_types if t in _CONTRACT_CODE]
            if known:
                accepts[i] = False
                accepts[i, known] = True
                any_contract[i] = False
        return CandidateBlock(
            docs=candidates,
            ids=[c.id for c in candidates],
            index={c.id: i for i, c in enumerate(candidates)},
            has=has,
            confirmed=confirmed,
            related=related,
            retrieval=retrieval,
            text=self._text([c.text for c in candidates]),
            lat=np.array([c.lat if c.lat is not None else np.nan for c in candidates], dtype=np.float64),
            lon=np.array([c.lon if c.lon is not None else np.nan for c in candidates], dtype=np.float64),
            radius=np.array([c.effective_radius_km for c in candidates]),
            mobility=np.array([_MOBILITY_CODE[c.mobility] for c in candidates], dtype=np.int8),
            accepts=accepts,
            any_contract=any_contract,
            available=np.array([days(c.available_from) for c in candidates]),
            track=np.array([_TRACK_CODE.get(c.track or "", -1) for c in candidates], dtype=np.int8),
            experience=np.array([c.experience_years for c in candidates]),
        )

    def with_implied(self, held: sp.csr_matrix) -> sp.csr_matrix:
        """Binary skill matrix plus the skills its rows imply (framework => language, tool => family)."""
        implies = getattr(self, "implies_", None)
        if implies is None or implies.nnz == 0 or held.nnz == 0:
            return held
        out = (held + held @ implies).tocsr()
        out.data[:] = 1.0
        return sp.csr_matrix(out, dtype=np.float64)

    def _related(self, has: sp.csr_matrix) -> sp.csr_matrix:
        """Credit for skills not held, through the hierarchy; summed then capped at the best credit."""
        if self.relation_.nnz == 0:
            return sp.csr_matrix(has.shape, dtype=np.float64)
        rel = (has @ self.relation_).tocsr()
        rel.data = np.minimum(rel.data, self.max_credit_)
        # Drop credit on skills already held: held skills count fully elsewhere.
        rel = rel - rel.multiply(has)
        rel = sp.csr_matrix(rel)
        rel.eliminate_zeros()
        return rel


def row_dense(m: sp.csr_matrix, i: int) -> np.ndarray:
    """Row ``i`` of a CSR matrix as a dense vector of its dtype, without scipy's indexing machinery."""
    out = np.zeros(m.shape[1], dtype=m.dtype)
    a, b = m.indptr[i], m.indptr[i + 1]
    out[m.indices[a:b]] = m.data[a:b]
    return out
