"""Text helpers shared by the components: accent folding, clauses, language detection."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, strip accents and normalise apostrophes and spaces ("Développeur" -> "developpeur")."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", text).strip()


# French and English function words normalised so "des bases de données" and "les bases de
# données" share a form with the ESCO label "base de données".
_FUNCTION_WORDS = {
    "des": "de",
    "du": "de",
    "d'": "de",
    "les": "le",
    "la": "le",
    "l'": "le",
    "aux": "a",
    "au": "a",
    "à": "a",
}

# Endings of conjugated French verbs: for these the lookup lemma (infinitive) is used, so "vous
# développerez des logiciels" meets the ESCO label "développer des logiciels". Nouns keep their
# surface form: the French lookup table lemmatises "données" to "donner".
_VERB_ENDINGS = (
    "ez",
    "ons",
    "ont",
    "era",
    "erez",
    "eront",
    "erait",
    "ant",
    "ait",
    "aient",
    "é",
    "ée",
    "és",
    "ées",
    "is",
    "it",
    "issez",
    "issent",
)


def token_norm(lower: str, lemma: str, lang: str) -> str:
    """The matching form of one token (see :func:`fold`), used for patterns and documents alike."""
    if lower in _FUNCTION_WORDS:
        return _FUNCTION_WORDS[lower]
    if lang == "en":
        base = lemma.lower() if lemma and lemma.isalpha() else lower
        return fold(base)
    if (
        lemma
        and lemma != lower
        and lemma.lower().endswith(("er", "ir", "re"))
        and lower.endswith(_VERB_ENDINGS)
    ):
        return fold(lemma.lower())
    form = fold(lower)
    # Light French plural folding; 4+ letters so "bus", "gas", "SAS", "AWS" are left alone.
    if len(form) > 4 and form[-1] in "sx" and form[-2] not in "suix" and form.isalpha():
        form = form[:-1]
    return form


_FR_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "une",
        "un",
        "et",
        "est",
        "vous",
        "nous",
        "pour",
        "dans",
        "avec",
        "sur",
        "par",
        "du",
        "au",
        "aux",
        "en",
        "sont",
        "votre",
        "vos",
        "notre",
        "nos",
        "qui",
        "que",
        "ou",
        "de",
        "poste",
        "profil",
        "missions",
        "entreprise",
        "équipe",
        "expérience",
        "connaissances",
        "compétences",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "and",
        "you",
        "we",
        "for",
        "with",
        "our",
        "your",
        "are",
        "is",
        "will",
        "of",
        "to",
        "in",
        "on",
        "as",
        "be",
        "this",
        "that",
        "have",
        "experience",
        "skills",
        "team",
        "work",
        "role",
        "job",
        "years",
        "strong",
        "ability",
    ]
)
_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
# Language detection reads the first 401 words; this many characters hold them in any real text
# (the whole text is read when they do not).
_DETECT_CHARS = 6000


def detect_language(text: str) -> str:
    """``"fr"`` or ``"en"`` by the share of common function words; French when in doubt."""
    words = _WORD.findall(text, 0, _DETECT_CHARS)
    if len(words) <= 401 and len(text) > _DETECT_CHARS:
        words = _WORD.findall(text)
    # One lower() over the joined words instead of one per word.
    lowered = " ".join(words[:401]).lower().split(" ")
    fr = sum(map(_FR_WORDS.__contains__, lowered))
    en = sum(map(_EN_WORDS.__contains__, lowered))
    return "en" if en > fr * 1.2 and en >= 3 else "fr"


_CLAUSE_BREAK = re.compile(r"\n|(?<=[.!?;])\s+(?=[A-ZÀ-Ý•\-*])|\s[•·▪►✓✔]\s?")


@lru_cache(maxsize=8)
def clause_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of clauses: lines, sentences and bullet items.

    Cached for the last few texts: the context rules and the unmatched-terms search both need them.
    """
    bounds = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return tuple(bounds)


# ------------------------------------------------------------------------ fast case-insensitive regexes
@lru_cache(maxsize=8)
def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (it does but for a few rare letters such as "İ"),
    else None. Cached: several rules read the same document."""
    low = text.lower()
    return low if len(low) == len(text) else None


def _lower_literals(pattern: str) -> str:
    """``pattern`` with its literal letters in lower case; escapes (``\\S``, ``\\B``, ``\\d``) and group
    names (``(?P<Name>``) are kept as written."""
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith("(?P<", i):
            end = pattern.index(">", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        else:
            out.append(ch.lower())
            i += 1
    return "".join(out)


class CaselessPattern:
    """A case-insensitive regular expression that runs as a case-sensitive one over the lower-cased
    text, which Python's ``re`` scans several times faster than with ``re.IGNORECASE``.

    Match offsets are those of the original text; the matched strings are in lower case, so read
    anything whose case matters from the original text by offsets.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.caseless = re.compile(pattern, flags | re.IGNORECASE)
        self.lower = re.compile(_lower_literals(pattern), flags & ~re.IGNORECASE)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        low = lowered(text)
        if low is None:
            return self.caseless.finditer(text, pos, endpos)
        return self.lower.finditer(low, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        low = lowered(text)
        if low is None:
            return self.caseless.search(text, pos, endpos)
        return self.lower.search(low, pos, endpos)
