"""The ROME 4.0 fiche that best fits an offer title, by IDF-weighted word overlap with appellations."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from .taxonomy import Taxonomy
from .text import fold

_NOISE = re.compile(
    r"\(?\b[hf]\s*/\s*[hf]\b\)?|\bcdi\b|\bcdd\b|\bstage\b|\balternance\b|\binterim\b|\bfreelance\b|\bjunior\b|"
    r"\bsenior\b|\bconfirme(?:e)?\b|\bexperimente(?:e)?\b|\d+|[-–|/(),:.!*]",
)
_STOP = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "en",
        "a",
        "au",
        "aux",
        "un",
        "une",
        "pour",
        "ou",
        "sur",
        "chez",
        "dans",
        "avec",
    ]
)
# English / franglais words that offers use and ROME spells in French.
_SYNONYMS = {
    "developer": "developpeur",
    "engineer": "ingenieur",
    "analyste": "analyst",
    "dev": "developpeur",
    "developpeuse": "developpeur",
    "ingenieure": "ingenieur",
    "manager": "manager",
    "ia": "intelligence",
}


def _words(text: str) -> list[str]:
    text = _NOISE.sub(" ", fold(text))
    words = []
    for word in re.findall(r"[a-z0-9+#']+", text):
        word = word.strip("'")
        word = _SYNONYMS.get(word, word)
        if word and word not in _STOP and len(word) > 1:
            words.append(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return words


def _label_variants(label: str) -> list[str]:
    """ "Développeur / Développeuse web" -> ["Développeur web", "Développeuse web"] (the feminine form is
    folded away by the synonyms anyway, but a long label can carry two real alternatives)."""
    if " / " not in label:
        return [label]
    head, _, tail = label.partition(" / ")
    rest = tail.split(" ", 1)
    return [f"{head} {rest[1]}" if len(rest) > 1 else head]


@dataclass(frozen=True)
class RomeMatch:
    code: str
    label: str
    appellation: str
    score: float


class RomeMatcher:
    """Scores every appellation sharing a word with the title; ties go to the shorter label."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.entries: list[tuple[str, str, frozenset[str]]] = []
        for app in taxonomy.appellations:
            for variant in _label_variants(app.label):
                self.entries.append((app.rome_code, app.label, frozenset(_words(variant))))
        for occ in taxonomy.occupations.values():
            for variant in _label_variants(occ.label):
                self.entries.append((occ.code, occ.label, frozenset(_words(variant))))
        df: Counter[str] = Counter()
        for _, _, words in self.entries:
            df.update(words)
        n = len(self.entries)
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self._cache: dict[frozenset[str], RomeMatch | None] = {}
        # Entries x words matrix: the shared IDF weight with a title is one sparse product.
        self.vocab = {w: j for j, w in enumerate(sorted(self.idf))}
        rows, cols, vals = [], [], []
        for i, (_, _, words) in enumerate(self.entries):
            for w in words:
                rows.append(i)
                cols.append(self.vocab[w])
                vals.append(self.idf[w])
        shape = (len(self.entries), len(self.vocab))
        self.label_weight = np.asarray(csr_matrix((vals, (rows, cols)), shape=shape).sum(axis=1)).ravel()
        # 0/1 entries: the product with the title's IDF vector sums the weights of the shared words.
        self.matrix = csr_matrix((np.ones(len(vals)), (rows, cols)), shape=shape)
        self.label_size = np.diff(self.matrix.indptr)

    def match(self, title: str) -> RomeMatch | None:
        """Best fiche for ``title`` or None when no appellation shares a meaningful word."""
        words = frozenset(_words(title))
        if not words:
            return None
        if words not in self._cache:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[words] = self._best(set(words))
        return self._cache[words]

    def _best(self, words: set[str]) -> RomeMatch | None:
        known = [w for w in words if w in self.vocab]
        if not known:
            return None
        query = np.zeros(len(self.vocab))
        for w in known:
            query[self.vocab[w]] = self.idf[w]
        shared = self.matrix @ query
        title_weight = sum(self.idf.get(w, 1.0) for w in words)
        # Dice on IDF weights: the label must cover the title and the title the label.
        scores = 2 * shared / (title_weight + self.label_weight)
        top = float(scores.max())
        if top <= 0:
            return None
        # Ties: the shorter label, then the first entry.
        tied = np.flatnonzero(scores >= top - 1e-12)
        i = int(min(tied, key=lambda k: (self.label_size[k], k)))
        best = (top, i)
        if best[0] < 0.35:
            return None
        code, label, _ = self.entries[best[1]]
        occ = self.taxonomy.occupations.get(code)
        return RomeMatch(code, occ.label if occ else code, label, round(best[0], 3))
