"""Years of experience an offer asks for (« 3 ans d'expérience », « cinq années d'expérience minimum »).

One reader, used by :mod:`nlp_models.facts` (``experience_years_min``) and by the cues of
:mod:`nlp_models.beginner`; apart from both so that neither imports the other."""

from __future__ import annotations

import re

from .text import CaselessPattern

_NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
}
_YEARS = re.compile(r"(\d{1,2})\s*(?:\+\s*)?(?:ans?|ann[ée]es?|an\(s\)|years?)\b", re.I)
# "cinq ans d'expérience": looked for without a leading word boundary (many times faster to scan),
# which _years_min checks by hand.
_YEARS_IN_WORDS = CaselessPattern(
    r"(" + "|".join(_NUMBER_WORDS) + r")\s+(?:ans?|ann[ée]es?|an\(s\)|years?)\b"
)
_YEARS_RANGE_BEFORE = re.compile(r"(\d{1,2})\s*(?:-|à|a|to)\s*$", re.I)
_EXP_AFTER = re.compile(
    # "d\'expérience": an apostrophe escaped by the export some offers come through
    r"^\s*(?:minimum\s+|ou plus\s+|et plus\s+|au moins\s+)?(?:d\\?'|de |of |en |dans |d’)?\s*"
    r"(?:exp[ée]rience|exp\b|pratique|experience)",
    re.I,
)
_EXP_BEFORE = re.compile(r"exp[ée]rience[^\n.]{0,45}$|experience[^\n.]{0,30}$", re.I)
_NOT_EXP = re.compile(r"^\s*(?:\+\s*)?(?:d'existence|de croissance|d'anciennet|d'histoire|old)", re.I)


def _year_mentions(text: str) -> list[re.Match[str]]:
    found = list(_YEARS.finditer(text))
    found += [
        m for m in _YEARS_IN_WORDS.finditer(text) if m.start() == 0 or not text[m.start() - 1].isalnum()
    ]
    return sorted(found, key=lambda m: m.start())


def years_min(text: str) -> tuple[float, re.Match[str]] | None:
    """The years of experience the offer's first mention of them asks for.

    Taking the fewest of all mentions instead (« 5 ans …, dont 3 ans sur Node.js » → 3) agreed with the
    employers' forms on 2 more of the 76 dev offers but on 2 fewer of the 31 test ones: not kept."""
    for m in _year_mentions(text):
        raw = m.group(1).lower()
        value = float(_NUMBER_WORDS.get(raw, raw))
        if value > 25:
            continue
        after = text[m.end() : m.end() + 40]
        before = text[max(0, m.start() - 60) : m.start()]
        if _NOT_EXP.match(after):
            continue
        if re.search(r"\bforts? de\s*$", before, re.I) and not re.search(
            r"\b(?:vous|tu)\b", text[m.end() : m.end() + 80], re.I
        ):
            continue  # "Forts de 15 années d'expérience, nous intégrons…": the company's, not the job's
        if _EXP_AFTER.match(after) or _EXP_BEFORE.search(before):
            low = _YEARS_RANGE_BEFORE.search(before)
            if low and float(low.group(1)) < value:
                value = float(low.group(1))
            return value, m
    return None
