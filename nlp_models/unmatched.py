"""Candidate new skills: terms that look like tools or skills, sit where skills are listed, and match
nothing in the taxonomy. Placement officers see the recurring ones and may add them (DESIGN, NLP).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .components import is_dictionary_word
from .text import clause_bounds, fold

# A list item: between separators (comma, slash, semicolon, "et", bullet, parenthesis) in a clause.
_SEPARATOR = re.compile(r"[,;/()\n•·|:]|\s(?:et|and|ou|or|&)\s")


def _items(clause: str):
    """(start, text) of the pieces of a clause between list separators."""
    start = 0
    for sep in _SEPARATOR.finditer(clause):
        yield start, clause[start : sep.start()]
        start = sep.end()
    yield start, clause[start:]


_LEADING = re.compile(
    r"^\s*(?:-|\*|et|and|ou|or|des|de|du|d'|la|le|les|l'|un|une|en|sur|avec|via|sous|outils?|langages?|"
    r"ma[îi]trise|connaissances?|logiciels?|solutions?|environnements?)\b\s*",
    re.I,
)
# A tool-like token: capitals inside (PySpark, dbt Cloud), digits (S3, DB2), or all capitals (ARCAD).
_TOOLISH = re.compile(
    r"^(?:[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Za-z]*\d[A-Za-z0-9]*|[A-Z]{2,}[A-Za-z0-9]*|[A-Z][a-z]{2,})$"
)
# Words of offers that look like tool names but are HR, legal or job-title vocabulary.
_NOT_SKILLS = frozenset(
    [
        "cse",
        "rtt",
        "nb",
        "rh",
        "dsi",
        "pme",
        "eti",
        "cdi",
        "cdd",
        "tjm",
        "ti",
        "mco",
        "bdd",
        "h/f",
        "f/h",
        "cv",
        "kpi",
        "kpis",
        "ca",
        "moa",
        "moe",
        "poc",
        "mvp",
        "rse",
        "rqth",
        "france",
        "europe",
        "paris",
        "lille",
        "lyon",
        "microsoft",
        "google",
        "amazon",
        "issu",
        "chez",
        "bac",
    ]
)
_JOB_WORDS = re.compile(
    r"engineers?|analysts?|architects?|scientists?|consultants?|managers?|developers?|"
    r"skills|requises|owners?|officers?|leads?",
    re.I,
)


@dataclass(frozen=True)
class UnmatchedTerm:
    """A candidate skill name and where it was read."""

    term: str
    start: int
    end: int


def unmatched_terms(
    text: str, matched: list[tuple[int, int]], max_terms: int = 20
) -> tuple[UnmatchedTerm, ...]:
    """Tool-like list items in clauses that already name a skill, not covered by a match."""
    out: list[UnmatchedTerm] = []
    seen: set[str] = set()
    if not matched:
        return ()
    spans = sorted(matched)
    starts = [s for s, _ in spans]
    for a, b in clause_bounds(text):
        k = bisect.bisect_left(starts, a)
        if k == len(starts) or starts[k] >= b:
            continue
        clause = text[a:b]
        for item_start, raw in _items(clause):
            lead = _LEADING.match(raw)
            offset = lead.end() if lead else 0
            term = raw[offset:].strip().rstrip(".:!?-– ")
            words = term.split()
            if not term or len(words) > 2 or len(term) < 2:
                continue
            if not all(_TOOLISH.match(w) for w in words):
                continue
            start = a + item_start + offset + (len(raw[offset:]) - len(raw[offset:].lstrip()))
            end = start + len(term)
            k = bisect.bisect_left(starts, end)
            if k > 0 and spans[k - 1][1] > start:
                continue  # overlaps a matched skill (matches never overlap each other)
            key = fold(term)
            if key in _NOT_SKILLS or _JOB_WORDS.search(term):
                continue
            if key in seen or (len(words) == 1 and is_dictionary_word(key)) or key.isdigit():
                continue
            seen.add(key)
            out.append(UnmatchedTerm(term, start, end))
            if len(out) >= max_terms:
                return tuple(out)
    return tuple(out)
