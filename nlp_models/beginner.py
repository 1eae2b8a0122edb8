"""Whether an offer is open to beginners (France Travail's « débutant accepté »), read from its text.

A small logistic regression over what a recruiter of any trade reads: the years (or months) of
experience asked for; how the offer speaks of experience — demanded (« expérience exigée /
significative / réussie », « sur un poste similaire », « vous justifiez d'une expérience »), wished,
a first one, none needed; a welcome in so many words (« débutant accepté », « jeune diplômé », « ouvert
aux juniors », « première expérience appréciée », « reconversion »); training offered (« formation
assurée / en interne », « vous serez formé », tutorat); a level (junior, confirmé, senior, expert) or a
post that leads others in the title; an apprenticeship; a diploma or licence demanded. No word of any
trade's tools or tasks is an input, and the cues are pooled into a handful of groups whose weights the
developer offers it is trained on can estimate. ``scripts/build_facts_models.py`` trains it on the
development part of France Travail's structured offers (their ``experienceExige`` D flag), keeps each
weight on the side a recruiter would read it, picks C and the threshold on that part alone, and ships
a small JSON file of weights, so nothing but this module runs at run time.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .years import years_min

MODEL_FILE: Path = Path(__file__).resolve().parent / "data" / "beginner_model.json"

CUES_FILE: Path = Path(__file__).resolve().parent / "data" / "beginner_cues.csv"


def _read_cues() -> tuple[dict[str, re.Pattern[str]], dict[str, tuple[str, ...]]]:
    """The cues of ``data/beginner_cues.csv``, in file order: each one's pattern and the literals it needs."""
    with CUES_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for n, row in enumerate(rows, 2):
        if row["reads"] not in {"welcome", "demand"} or not row["needs"] or not row["pattern"]:
            raise ValueError(
                f"{CUES_FILE.name}, line {n}: reads welcome|demand, needs and a pattern are required"
            )
    return (
        {row["cue"]: re.compile(row["pattern"]) for row in rows},
        {row["cue"]: tuple(row["needs"].split("|")) for row in rows},
    )


# Cues, on accent-folded lower-case text (``data/beginner_cues.csv``: the cue's name, whether it reads as a
# welcome or a demand, the literals it needs and its pattern). Each is one binary feature ``cue:<name>``.
# They name how a French offer of any trade speaks of the candidate's experience and level — what a
# recruiter reads — and none names a trade's tools or tasks. A cue whose literals (``_NEEDS``) are all
# absent is not searched for (most are absent, and a plain substring test costs far less than a regular
# expression over a whole offer).
CUES, _NEEDS = _read_cues()

# Each cue without the word boundaries that open its alternatives: it matches wherever the cue does
# (and more), and Python's engine scans for it many times faster than for a pattern that opens on
# ``\b``. The cue proper is then tried only where this one matched.
_LOOSE: dict[str, re.Pattern[str]] = {
    name: re.compile(re.sub(r"(^|\||\(\?:)\\b", r"\1", pattern.pattern)) for name, pattern in CUES.items()
}


def _has_cue(name: str, folded: str) -> bool:
    """``CUES[name].search(folded)``, answered faster."""
    loose, exact = _LOOSE[name], CUES[name]
    pos = 0
    while (m := loose.search(folded, pos)) is not None:
        if exact.match(folded, m.start()):
            return True
        pos = m.start() + 1
    return False


def _fold_table() -> dict[int, str]:
    """Per character, what :func:`nlp_models.text.fold` makes of it (before lower-casing and
    collapsing spaces), for the characters an offer is written in."""
    table: dict[int, str] = {}
    codes = [*range(0x80, 0x2100), *range(0xFB00, 0xFB07)]
    for code in codes:
        ch = chr(code)
        out = ch.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("’", "'")
        out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
        if out != ch:
            table[code] = out
    return table


_FOLD = _fold_table()
_SPACES = re.compile(r"\s+")


def fast_fold(text: str) -> str:
    """The same as :func:`nlp_models.text.fold` for offers, with one table lookup per character."""
    return _SPACES.sub(" ", text.translate(_FOLD).lower()).strip()


_YEARS = re.compile(r"(\d{1,2})\s*(?:\+\s*)?(ans?|annees?|an\(s\)|years?|mois)\b")
_YEARS_CONTEXT = re.compile(r"experien|exp\b|pratique|minimum|similaire|poste|confirm")
_NOT_YEARS = re.compile(r"^\s*(?:\+\s*)?(?:d'existence|de croissance|d'anciennete|d'histoire|old)")
# Months count only as experience right before it ("6 mois d'expérience", "6 mois minimum sur un poste
# similaire"), never as a contract's or a training's length.
_MONTHS_EXP = re.compile(
    r"^\s*(?:minimum |au moins )?(?:d'experience|d'exp\b|minimum (?:d'experience|sur|en|dans))"
)

# A number of years in words (« cinq ans »), as the facts' reader takes them: without one, nor a number
# in figures, that reader has nothing to add.
_YEARS_IN_WORDS = re.compile(
    r"\b(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|one|two|three|four|five) (?:ans?|annees?|an\(s\)|years?)\b"
)

# Title words of a post that leads others, in every trade (« Chef d'équipe », « Responsable de rayon »).
_TITLE_HEAD = re.compile(r"\b(?:chef|responsable|directeu|directrice|manager|superviseu|coordinat|lead|head)")


def _years(folded: str) -> float | None:
    """The smallest number of years of experience asked for (experience words nearby), or None."""
    best: float | None = None
    for m in _YEARS.finditer(folded):
        value = float(m.group(1))
        after = folded[m.end() : m.end() + 30]
        if m.group(2) == "mois":
            if not _MONTHS_EXP.match(after):
                continue
            value /= 12
        if value > 25 or _NOT_YEARS.match(after):
            continue
        window = folded[max(0, m.start() - 50) : m.end() + 40]
        if _YEARS_CONTEXT.search(window):
            best = value if best is None else min(best, value)
    return best


# Said not to be needed: « expérience non exigée », « débutants s'abstenir » must not also read as a
# demand for experience or a welcome.
_MASKED_BY = ("no_exp", "debutant_no", "no_diploma")
# « experience » that asks nothing of the candidate: pay « selon votre expérience », « tenter l'expérience ».
_NOT_ASKED = re.compile(
    r"\bselon (?:votre |l'|le |son |profil,? (?:et )?|vos competences et (?:votre )?)?experience|"
    r"\b(?:tenter|vivre) (?:l'|une |cette )(?:\w+ )?experience"
)

# The model's inputs pool the cues that say one thing: most welcome cues are rare in any one trade's
# offers (« débutant accepté », « jeune diplômé », « ouvert aux juniors » together are on 4 % of the
# developer offers), too rare for a weight of their own, but together they are one strong signal.
GROUPS: dict[str, tuple[str, ...]] = {
    "g:welcome": (
        "cue:debutant",
        "cue:debutant_ok",
        "cue:junior",
        "cue:jeune_diplome",
        "cue:first_exp_plus",
        "cue:no_exp",
        "cue:reconversion",
        "cue:learn",
        "cue:motivation_first",
        "cue:no_diploma",
        "title:debutant",
        "title:junior",
    ),
    "g:trainee": ("cue:alternance", "title:alternance"),
    "g:training": ("cue:training",),
    "g:demand": (
        "cue:exp_required",
        "cue:exp_strong",
        "cue:exp_similar",
        "cue:exp_have",
        "cue:years_word",
        "cue:debutant_no",
    ),
    "g:level": ("cue:senior", "cue:confirme", "cue:expert", "title:senior", "title:confirme", "title:expert"),
}
# Cues that enter the model on their own.
SINGLE: tuple[str, ...] = (
    "cue:exp_any",
    "cue:exp_wished",
    "cue:first_exp",
    "cue:diploma_low",
    "cue:diploma_req",
    "cue:lead",
    "title:head",
)
# Which way each input may push, as a recruiter reads it: the build drops an input whose weight learnt
# on one trade's offers points the other way (a quirk of that trade's labels, not a reading that
# carries to others). Inputs not listed (a first experience, a short diploma) may go either way.
WELCOMING: frozenset[str] = frozenset({"g:welcome", "g:trainee", "g:training", "years:none", "years:0"})
DEMANDING: frozenset[str] = frozenset(
    {
        "g:demand",
        "g:level",
        "years:1",
        "years:2",
        "years:3-4",
        "years:5+",
        "cue:exp_any",
        "cue:exp_wished",
        "cue:diploma_req",
        "cue:lead",
        "title:head",
    }
)


# Cues about « expérience » itself start at most ~70 characters before the word and end at most ~60
# after it: they are looked for only around its occurrences, a few hundred characters of an offer.
_IN_ZONE = frozenset({"exp_required", "exp_strong", "exp_have", "exp_wished", "years_word", "exp_any"})
_ZONE_BEFORE, _ZONE_AFTER = 90, 70


def _experience_zone(folded: str) -> str:
    """The text around each « experience », overlapping windows merged, joined by line breaks (which
    no cue crosses)."""
    spans: list[list[int]] = []
    pos = folded.find("experience")
    while pos >= 0:
        start, end = max(0, pos - _ZONE_BEFORE), pos + len("experience") + _ZONE_AFTER
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
        pos = folded.find("experience", pos + 1)
    return "\n".join(folded[a:b] for a, b in spans)


def cues(text: str, title: str | None = None) -> dict[str, float]:
    """Every cue of one offer (``cue:<name>``, ``title:<name>``) and the years asked (``years:<bucket>``)."""
    folded = fast_fold(f"{title or ''}\n{text or ''}".replace("\n", " \n "))
    out: dict[str, float] = {}
    if "experience" in folded and ("selon" in folded or "tenter" in folded or "vivre" in folded):
        folded = _NOT_ASKED.sub(lambda m: " " * len(m.group(0)), folded)
    for name in _MASKED_BY:
        if any(word in folded for word in _NEEDS[name]) and _has_cue(name, folded):
            out[f"cue:{name}"] = 1.0
            folded = CUES[name].sub(lambda m: " " * len(m.group(0)), folded)
    zone = _experience_zone(folded)
    for name in CUES:
        if name in _MASKED_BY:
            continue
        where = zone if name in _IN_ZONE else folded
        if any(word in where for word in _NEEDS[name]) and _has_cue(name, where):
            out[f"cue:{name}"] = 1.0
    title_folded = fast_fold(title or "")
    for name in ("debutant", "junior", "senior", "confirme", "expert", "alternance"):
        if CUES[name].search(title_folded):
            out[f"title:{name}"] = 1.0
    if _TITLE_HEAD.search(title_folded):
        out["title:head"] = 1.0
    years = _years(folded)
    if years is None and "experience" in folded and (_YEARS.search(folded) or _YEARS_IN_WORDS.search(folded)):
        read = years_min(text)
        years = read[0] if read else None
    if years is None:
        out["years:none"] = 1.0
    else:
        out[
            "years:"
            + ("0" if years < 1 else "1" if years < 2 else "2" if years < 3 else "3-4" if years < 5 else "5+")
        ] = 1.0
    return out


def features(text: str, title: str | None = None) -> dict[str, float]:
    """The model's inputs for one offer: the groups of :data:`GROUPS` present, the single cues and the
    years bucket."""
    found = cues(text, title)
    out = {k: v for k, v in found.items() if k.startswith("years:") or k in SINGLE}
    for group, members in GROUPS.items():
        if any(k in found for k in members):
            out[group] = 1.0
    return out


@dataclass(frozen=True)
class BeginnerModel:
    weights: dict[str, float]
    intercept: float
    threshold: float
    version: str

    def probability(self, text: str, title: str | None = None) -> float:
        """P(beginners welcome) as the model reads it (trained with balanced class weights)."""
        feats = features(text, title)
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def predict(self, text: str, title: str | None = None) -> bool:
        return self.probability(text, title) >= self.threshold


def model_from_dict(data: dict) -> BeginnerModel:
    return BeginnerModel(
        weights={k: float(v) for k, v in data["weights"].items()},
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
        version=str(data.get("version", "")),
    )


@functools.lru_cache(maxsize=1)
def load_model(path: Path | None = None) -> BeginnerModel | None:
    """The committed model, or None when the file is missing (the rules alone decide then)."""
    path = path or MODEL_FILE
    if not path.exists():
        return None
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))
