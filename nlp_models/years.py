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
# Months count only when they are the experience itself (« 6 mois d'expérience », « une expérience de
# 18 mois »), never a contract's, a mission's or a training's length.
_MONTHS = re.compile(r"(\d{1,2})\s*(?:\+\s*)?mois\b", re.I)
_MONTHS_EXP_BEFORE = re.compile(
    r"exp[ée]rience\s+(?:[\w-]+\s+){0,2}?(?:de|d'au moins|d'environ|minimum de|minimale de|d'une durée de)\s*"
    r"(?:plus de\s*|au moins\s*)?$",
    re.I,
)
# "cinq ans d'expérience": looked for without a leading word boundary (many times faster to scan),
# which _years_min checks by hand.
_YEARS_IN_WORDS = CaselessPattern(
    r"(" + "|".join(_NUMBER_WORDS) + r")\s+(?:ans?|ann[ée]es?|an\(s\)|years?)\b"
)
# The low end of a range: « 2 à 3 ans », « 2-3 ans », « 4/5 ans », « entre 3 et 5 ans » (not « Bac+2 / 3 ans »).
_YEARS_RANGE_BEFORE = re.compile(
    r"(?<!\+)(?<!\+\s)(?<![\d.,])(\d{1,2})\s*(?:-|–|à|a|to|/)\s*$|\bentre\s+(\d{1,2})\s*(?:ans?\s+)?et\s*$",
    re.I,
)
_EXP_AFTER = re.compile(
    # "d\'expérience": an apostrophe escaped by the export some offers come through
    r"^\s*(?:minimum\s+|ou plus\s+|et plus\s+|au moins\s+)?(?:d\\?'|de |of |en |dans |d’)?\s*"
    r"(?:exp[ée]rience|exp\b|pratique|experience)",
    re.I,
)
_EXP_BEFORE = re.compile(r"exp[ée]rience[^\n.]{0,45}$|experience[^\n.]{0,30}$", re.I)
_NOT_EXP = re.compile(r"^\s*(?:\+\s*)?(?:d'existence|de croissance|d'anciennet|d'histoire|old)", re.I)
# A number of years that an « expérience » a few words before does not ask for: a contract's or a
# mission's length (« pour ce CDD de 2 ans »), an age (« âgé de 18 ans »), the ages of the people served
# (« auprès d'enfants de 3 à 6 ans », « public de 16 à 25 ans »), a licence's age (« permis de plus de
# 3 ans »). Only read when the number is not followed by « d'expérience » itself.
_NOT_EXP_BEFORE = re.compile(
    r"(?:\b(?:cdd|cdi|contrat|mission|dur[ée]e|p[ée]riode|engagement|stage|alternance|formation|remplacement|"
    r"intérim|interim)\b(?:\s+[\w'-]+){0,2}?\s+(?:de|d'une dur[ée]e de|sur|pendant)\s+(?:plus de\s+)?|\b[âa]g[ée]e?s?\s+(?:de\s+|d'au moins\s+)?(?:moins de\s+|plus de\s+|entre\s+)?|"
    r"\b[âa]ge\b[^\n.,;]{0,15}|\b(?:enfants?|b[ée]b[ée]s?|jeunes|[ée]l[èe]ves|adolescents?|public|personnes|"
    r"patients?|mineurs?)\b[^\n.,;]{0,20}|\bpermis\b[^\n.,;]{0,20})"
    r"(?:\d{1,2}\s*(?:-|–|à|a|et|/)\s*)?$",
    re.I,
)
# The company's years, not the job's: « Notre cabinet, fort de 25 ans d'expérience, recrute… »,
# « Avec 20 ans d'expérience, notre société… », « Nous avons 30 ans d'expérience… ».
_COMPANY_BEFORE = re.compile(
    r"(?:\bforte?s?\s+de|\b(?:nous|notre [\w-]+|nos [\w-]+) (?:avons|a|ont|cumul\w*|poss[èe]d\w*|"
    r"dispos\w*|b[ée]n[ée]fici\w*|capitalis\w*|compt\w*)\s+(?:de\s+)?)\s*(?:plus de\s+|pr[èe]s de\s+)?$",
    re.I,
)
_COMPANY_AFTER = re.compile(
    r"^[^.!?\n]{0,90}?,\s*(?:nous\b|notre\b|nos\b|l'entreprise\b|la soci[ée]t[ée]\b|le groupe\b|le cabinet\b|"
    r"l'agence\b|la structure\b)",
    re.I,
)
_SECOND_PERSON = re.compile(r"\b(?:vous|tu|votre|ton|candidat|candidate|profil)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?\n]")


def _year_mentions(text: str) -> list[re.Match[str]]:
    found = list(_YEARS.finditer(text))
    found += [
        m for m in _YEARS_IN_WORDS.finditer(text) if m.start() == 0 or not text[m.start() - 1].isalnum()
    ]
    if "mois" in text or "MOIS" in text or "Mois" in text:
        found += list(_MONTHS.finditer(text))
    return sorted(found, key=lambda m: m.start())


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The part of the sentence around ``text[start:end]`` before it and after it."""
    head = text[max(0, start - 200) : start]
    cut = max((m.end() for m in _SENTENCE_END.finditer(head)), default=0)
    tail = text[end : end + 200]
    stop = _SENTENCE_END.search(tail)
    return head[cut:], tail[: stop.start()] if stop else tail


def _companys(text: str, m: re.Match[str], before: str) -> bool:
    """Whether the years at ``m`` are the company's (« Forts de 15 années d'expérience, nous… »), not the
    experience asked of the candidate: a company's phrase around them and no « vous » in the sentence."""
    head, tail = _sentence(text, m.start(), m.end())
    if _SECOND_PERSON.search(head) or _SECOND_PERSON.search(tail):
        return False
    return bool(_COMPANY_BEFORE.search(before) or _COMPANY_AFTER.match(tail))


def years_min(text: str) -> tuple[float, re.Match[str]] | None:
    """The years of experience the offer's first mention of them asks for (months as a fraction of a year).

    Taking the fewest of all mentions instead (« 5 ans …, dont 3 ans sur Node.js » → 3) agreed with the
    employers' forms on 2 more of the 76 dev offers but on 2 fewer of the 31 test ones: not kept."""
    for m in _year_mentions(text):
        raw = m.group(1).lower()
        value = float(_NUMBER_WORDS.get(raw, raw))
        months = m.group(0).lower().rstrip().endswith("mois")
        if value > 25 or (months and value > 120):
            continue
        after = text[m.end() : m.end() + 40]
        before = text[max(0, m.start() - 60) : m.start()]
        if _NOT_EXP.match(after):
            continue
        exp_after = _EXP_AFTER.match(after)
        if months:
            if not (exp_after or _MONTHS_EXP_BEFORE.search(before)):
                continue
        elif not exp_after and (not _EXP_BEFORE.search(before) or _NOT_EXP_BEFORE.search(before)):
            continue
        if _companys(text, m, before):
            continue
        low = _YEARS_RANGE_BEFORE.search(before)
        if low:
            low_value = float(low.group(1) or low.group(2))
            if low_value < value:
                value = low_value
        return (value / 12 if months else value), m
    return None
