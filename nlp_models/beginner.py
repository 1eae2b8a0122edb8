"""Whether an offer is open to beginners (France Travail's « débutant accepté »), read from its text.

A logistic regression over trade-agnostic features: the years of experience asked for, how the
offer speaks of experience (required, wished, a first one, none), junior / senior wording, training
offered, diplomas and internships, and the words of the sentences that talk about the candidate's
experience or level (tool and technology names left out, so the model does not learn one trade's
stack). It is trained by ``scripts/build_facts_models.py`` on the development part of France
Travail's structured offers (their ``experienceExige`` D flag) and shipped as a small JSON file of
weights, so nothing but this module runs at run time.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MODEL_FILE: Path = Path(__file__).resolve().parent / "data" / "beginner_model.json"

# Cues, on accent-folded lower-case text. Each is one binary feature ``cue:<name>``.
CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "debutant": r"\bdebutant",
        "debutant_ok": r"\bdebutant(?:\(e\)s?|es?|s)?\s*(?:accepte|bienvenu|possible|admis)",
        "junior": r"\bjunior",
        "senior": r"\bsenior",
        "confirme": r"\bconfirme|\bexperimente",
        "expert": r"\bexpert",
        "lead": r"\blead\b|\btech ?lead|\bleader technique|\bmanager\b|\bresponsable d'equipe",
        "jeune_diplome": r"\bjeunes? diplome|\bsortie? d'ecole|\bfin d'etudes|\bnouvellement diplome",
        "first_exp": r"\bpremiere experience|\bune premiere exp",
        "no_exp": r"\bsans experience|\baucune experience|\bpas d'experience|\bexperience (?:n'est )?(?:pas |non )"
        r"(?:requise|exigee|necessaire|obligatoire|indispensable)",
        "exp_required": r"\bexperience[^.\n]{0,40}\b(?:exigee|requise|indispensable|obligatoire|significative|"
        r"solide|confirmee|reussie|probante|similaire|averee|imperative|minimum)",
        "exp_wished": r"\bexperience[^.\n]{0,40}\b(?:souhaitee|appreciee|un plus|un atout|idealement|serait)",
        "exp_domain": r"\b(?:experience|expertise|maitrise)[^.\n]{0,15}\b(?:de|d'|en|dans|sur)\b",
        "exp_any": r"\bexperience(?! (?:utilisateur|client|candidat|collaborateur|patient|visiteur))",
        "training": r"\bformation (?:assuree|interne|en interne|complete|initiale|au poste|sur place|prise en "
        r"charge)|\bformee?s?\b(?: (?:par|en interne|a|aux|sur))|\bnous (?:vous )?formons|\bvous (?:serez|"
        r"allez etre) forme|\bparcours d'integration|\btutorat|\btuteur|\bmonter en competences?",
        "motivation": r"\bmotive|\bmotivation|\benvie d'apprendre|\bcurieu|\bvolonte|\bsavoir[- ]etre",
        "alternance": r"\balternan|\bapprenti|\bstage\b|\bstagiaire",
        "diploma_high": r"\bbac ?\+ ?[45]|\bmaster|\bingenieur|\bdoctorat",
        "diploma_low": r"\bbac ?\+ ?[23]|\bbts\b|\bdut\b|\bcap\b|\bbep\b|\btitre professionnel|\bbac pro",
        "no_diploma": r"\bsans diplome|\baucun diplome|\bpas de diplome",
        "autonomy": r"\bautonom",
        "years_word": r"\b(?:annees?|ans) d'experience",
    }.items()
}

# A literal that each cue needs: a cue whose words are absent is not searched for (most are absent,
# and a plain substring test costs far less than a regular expression over a whole offer).
_NEEDS: dict[str, tuple[str, ...]] = {
    "debutant": ("debutant",),
    "debutant_ok": ("debutant",),
    "junior": ("junior",),
    "senior": ("senior",),
    "confirme": ("confirme", "experimente"),
    "expert": ("expert",),
    "lead": ("lead", "manager", "responsable d'equipe"),
    "jeune_diplome": ("diplome", "ecole", "fin d'etudes"),
    "first_exp": ("premiere",),
    "no_exp": ("experience",),
    "exp_required": ("experience",),
    "exp_wished": ("experience",),
    "exp_domain": ("experience", "expertise", "maitrise"),
    "exp_any": ("experience",),
    "training": ("form", "tutor", "tuteur", "parcours d'integration", "monter en competence"),
    "motivation": ("motiv", "envie d'apprendre", "curieu", "volonte", "savoir"),
    "alternance": ("altern", "apprenti", "stag"),
    "diploma_high": ("bac", "master", "ingenieur", "doctorat"),
    "diploma_low": ("bac", "bts", "dut", "cap", "bep", "titre professionnel"),
    "no_diploma": ("diplome",),
    "autonomy": ("autonom",),
    "years_word": ("experience",),
}


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


# Sentences whose words become features: those that talk about the candidate's level or experience.
_PROFILE_SENTENCE = re.compile(
    r"experien|debutant|junior|senior|confirm|diplom|formation|forme|profil|novice|qualifi|"
    r"\bans?\b|annee|apprendre|accompagn|premier|premiere|maitris|connaissance|niveau|bac\b|autonom"
)
_SENTENCE_SPLIT = re.compile(r"[.!?;\n•·*\u2022|]+")
_WORD = re.compile(r"[a-z][a-z']*[a-z]|[a-z]")
_STOP = frozenset(
    re.split(
        r"\s+",
        "a au aux avec ce ces cet cette d' dans de des du elle en et il ils je l' la le les leur lui ma mais "
        "me mes mon ne nos notre nous on ou par pas pour qu' que qui sa se ses son sur ta te tes ton tu un "
        "une vos votre vous y d l qu s n c j m t",
    )
)
_YEARS = re.compile(r"(\d{1,2})\s*(?:\+\s*)?(?:ans?|annees?|an\(s\)|years?)\b")
_YEARS_CONTEXT = re.compile(r"experien|exp\b|pratique|minimum|similaire|poste|confirm")
_NOT_YEARS = re.compile(r"^\s*(?:\+\s*)?(?:d'existence|de croissance|d'anciennete|d'histoire|old)")


def _years(folded: str) -> float | None:
    """The smallest number of years of experience asked for (experience words nearby), or None."""
    best: float | None = None
    for m in _YEARS.finditer(folded):
        value = float(m.group(1))
        if value > 25 or _NOT_YEARS.match(folded[m.end() : m.end() + 30]):
            continue
        window = folded[max(0, m.start() - 50) : m.end() + 40]
        if _YEARS_CONTEXT.search(window):
            best = value if best is None else min(best, value)
    return best


def profile_words(folded: str) -> list[str]:
    """Unigrams and bigrams of the sentences about the candidate's level."""
    grams: list[str] = []
    for sentence in _SENTENCE_SPLIT.split(folded):
        if not _PROFILE_SENTENCE.search(sentence):
            continue
        words = [w for w in _WORD.findall(sentence) if w not in _STOP and len(w) > 1]
        grams.extend(f"w:{w}" for w in words)
        grams.extend(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return grams


def features(text: str, title: str | None = None, words: bool = True) -> dict[str, float]:
    """The model's features of one offer: binary cues, years buckets and, with ``words``, the
    n-grams of the sentences about the candidate's level."""
    folded = fast_fold(f"{title or ''}\n{text or ''}".replace("\n", " \n "))
    out: dict[str, float] = {"bias_len": min(len(folded), 6000) / 6000}
    for name in CUES:
        if any(word in folded for word in _NEEDS[name]) and _has_cue(name, folded):
            out[f"cue:{name}"] = 1.0
    title_folded = fast_fold(title or "")
    for name in ("debutant", "junior", "senior", "confirme", "expert", "alternance"):
        if CUES[name].search(title_folded):
            out[f"title:{name}"] = 1.0
    years = _years(folded)
    if years is None:
        out["years:none"] = 1.0
    else:
        out[
            "years:"
            + ("0" if years < 1 else "1" if years < 2 else "2" if years < 3 else "3-4" if years < 5 else "5+")
        ] = 1.0
    if words:
        for gram in set(profile_words(folded)):
            out[gram] = 1.0
    return out


@dataclass(frozen=True)
class BeginnerModel:
    weights: dict[str, float]
    intercept: float
    threshold: float
    version: str
    words: bool  # whether any weight is on profile-sentence n-grams (else they are not computed)

    def probability(self, text: str, title: str | None = None) -> float:
        """P(beginners welcome) as the model reads it (trained with balanced class weights)."""
        feats = features(text, title, self.words)
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
        words=any(k.startswith(("w:", "b:")) for k in data["weights"]),
    )


@functools.lru_cache(maxsize=1)
def load_model(path: Path | None = None) -> BeginnerModel | None:
    """The committed model, or None when the file is missing (the rules alone decide then)."""
    path = path or MODEL_FILE
    if not path.exists():
        return None
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))
