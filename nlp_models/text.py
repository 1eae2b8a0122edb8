"""Text helpers shared by the components: accent folding, clauses, language detection."""

from __future__ import annotations

import re
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


def detect_language(text: str) -> str:
    """``"fr"`` or ``"en"`` by the share of common function words; French when in doubt."""
    fr = en = 0
    for i, match in enumerate(_WORD.finditer(text)):
        if i > 400:
            break
        word = match.group().lower()
        if word in _FR_WORDS:
            fr += 1
        elif word in _EN_WORDS:
            en += 1
    return "en" if en > fr * 1.2 and en >= 3 else "fr"


_CLAUSE_BREAK = re.compile(r"\n|(?<=[.!?;])\s+(?=[A-ZÀ-Ý•\-*])|\s[•·▪►✓✔]\s?")


def clause_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of clauses: lines, sentences and bullet items."""
    bounds = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds
