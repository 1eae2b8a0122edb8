"""Offer facts read with rules: contract, salary, remote work, experience, education, start, time.

Each extractor takes the raw text (and the title where it helps) and returns a value with the
character offsets of its evidence, so a person can check it. Values follow the CLI contract:
contract types CDI/CDD/INTERIM/ALTERNANCE/STAGE/FREELANCE, salary periods hour/month/year, remote
policy onsite/hybrid/full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .beginner import load_model
from .text import CaselessPattern, fold
from .years import years_min as _years_min


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: character offsets into the analysed text (title excluded)."""

    start: int
    end: int
    text: str


def _ev(text: str, start: int, end: int) -> Evidence:
    return Evidence(start, end, text[start:end])


# --------------------------------------------------------------------------------------------- contract
_CONTRACT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ALTERNANCE",
        re.compile(
            r"\b(?:alternance|alternante?s?|apprentissage|apprentie?s?|contrat de professionnalisation|"
            r"contrat pro|work[- ]study)\b",
            re.I,
        ),
    ),
    (
        "STAGE",
        re.compile(
            r"\b(?:offre de stage|stage de fin d'[ée]tudes?|stage de \d+ ?(?:à \d+ )?mois|stagiaire|"
            r"stage (?:conventionn[ée]|obligatoire)|internship|intern)\b|^stage\b",
            re.I | re.M,
        ),
    ),
    ("INTERIM", re.compile(r"\b(?:int[ée]rim(?:aire)?|travail temporaire|mission temporaire)\b", re.I)),
    (
        "FREELANCE",
        re.compile(
            r"\b(?:freelance|free-lance|ind[ée]pendant|portage salarial|profession lib[ée]rale|"
            r"auto-?entrepreneur|TJM)\b",
            re.I,
        ),
    ),
    ("CDD", re.compile(r"\b(?:CDD|contrat [àa] dur[ée]e d[ée]termin[ée]e|saisonnier|fixed[- ]term)\b", re.I)),
    (
        "CDI",
        re.compile(
            r"\b(?:CDI|contrat [àa] dur[ée]e ind[ée]termin[ée]e|permanent contract|permanent position)\b",
            re.I,
        ),
    ),
]
_CONTRACT_FIELD = re.compile(
    r"(?:^|\*\*\*)[ \t*•·-]*(?:(?:type de |nature du )?contrat(?: propos[ée])?|statut)\s*:\s*(.+)$",
    re.I | re.M,
)
_DURATION = re.compile(r"(\d{1,3})\s*(mois|month|months|jours?|jour\(s\)|semaines?|ans?|an\(s\))\b", re.I)


@dataclass(frozen=True)
class Contract:
    type: str | None
    months: float | None
    evidence: Evidence | None


def _classify_contract(snippet: str) -> str | None:
    # "CDI intérimaire" is a permanent contract with an agency.
    if re.search(r"\bCDI\s+int[ée]rimaire", snippet, re.I):
        return "CDI"
    best: tuple[int, str] | None = None
    for kind, pattern in _CONTRACT_PATTERNS:
        m = pattern.search(snippet)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


def _duration_months(snippet: str) -> float | None:
    m = _DURATION.search(snippet)
    if not m:
        return None
    n = int(m.group(1))
    unit = m.group(2).lower()
    if unit.startswith(("mois", "month")):
        return float(n)
    if unit.startswith("jour"):
        return round(n / 30, 1)
    if unit.startswith("semaine"):
        return round(n / 4.33, 1)
    return float(n * 12)


# France Travail's form has no apprenticeship nor internship type: an apprenticeship is filed as a CDD
# (or a CDI) whose « nature » is « Contrat apprentissage », so the job's own words say more than the
# field there. The field may carry France Travail's raw ``typeContrat`` code ("Contrat : MIS"); its
# non-salaried natures ("Profession commerciale", "Reprise d'entreprise", "Franchise") name no contract.
_FT_CODE_KIND = {
    "CDI": "CDI",
    "CDD": "CDD",
    "MIS": "INTERIM",
    "SAI": "CDD",
    "DIN": "CDI",
    "LIB": "FREELANCE",
    "CCE": None,
    "FRA": None,
    "REP": None,
}
_FT_CODES = re.compile(r"^\s*(MIS|SAI|DIN|LIB|CCE|FRA|REP)\b\s*(?:$|-)", re.I)
_NO_CONTRACT_FIELD = re.compile(r"^\s*(?:profession commerciale|reprise d'entreprise|franchise)\b", re.I)


def _stated_training_contract(text: str, title: str | None) -> tuple[str, re.Match[str] | None] | None:
    """ALTERNANCE or STAGE when the title or the job's own sentence names one, else None."""
    if title:
        kind = _classify_contract(title)
        if kind in ("ALTERNANCE", "STAGE"):
            return kind, None
        if _TITLE_STAGE.search(title):
            return "STAGE", None
    for kind, pattern in _CONTRACT_PATTERNS[:1]:
        for cm in pattern.finditer(text):
            # spaces collapsed: offers pasted from a form often double them (« à la recherche  d'alternants »)
            before = _SPACE_RUN.sub(" ", text[max(0, cm.start() - 40) : cm.start()])
            cue = _APPRENTICESHIP_CUE if cm.group(0).lower().startswith("apprentissage") else _TRAINING_BEFORE
            if cue.search(before) and _about_this_job(text, cm):
                return kind, cm
    return None


_SPACE_RUN = re.compile(r"[ \t\u00a0\u202f]{2,}|[\u00a0\u202f]")
# "Assistant statistique - STAGE", "Stage - Développeur", "(stage)".
_TITLE_STAGE = re.compile(r"(?:^|[-–(|/:]\s*)stages?\b", re.I)
# "apprentissage" alone is also machine learning ("applications en apprentissage"): a contract only
# after a contract or recruitment word.
_APPRENTICESHIP_CUE = re.compile(
    r"(?:contrat d'|contrat en |offre d'|poste en |en contrat d'|recrut\w*(?: \w+){0,3} en )\s*$", re.I
)


# Words that make "alternance" the job's contract ("recrute en alternance", "un contrat d'apprentissage",
# "poste d'alternant"), not a mention of it ("L'alternance peut commencer", "rythme de l'alternance").
_TRAINING_BEFORE = re.compile(
    r"(?:\ben|contrat d'|contrat de|contrat en|offre d'|poste d'|poste en|recrut\w*(?: \w+){0,3}|recherch\w* d'|"
    r"\bun\(?e?\)?|\bune|\bvotre|\bnotre|futur\(?e?\)?)\s*$",
    re.I,
)


def extract_contract(text: str, title: str | None = None) -> Contract:
    """Contract type and duration: an explicit "Contrat :" field first (unless the title or the job's
    own sentence makes a CDD or CDI an apprenticeship or an internship), then the title, then the text."""
    m = _CONTRACT_FIELD.search(text)
    if m:
        code = _FT_CODES.match(m.group(1))
        kind = _FT_CODE_KIND[code.group(1).upper()] if code else _classify_contract(m.group(1))
        if kind:
            months = (
                _duration_months(m.group(1)) if kind in ("CDD", "INTERIM", "STAGE", "ALTERNANCE") else None
            )
            if kind in ("CDD", "CDI"):
                training = _stated_training_contract(text, title)
                if training is not None:
                    kind, cm = training
                    evidence = _ev(text, cm.start(), cm.end()) if cm else _ev(text, m.start(1), m.end(1))
                    return Contract(kind, months or _text_duration(text, kind), evidence)
            return Contract(kind, months, _ev(text, m.start(1), m.end(1)))
        if code or _NO_CONTRACT_FIELD.match(m.group(1)):
            return Contract(None, None, None)
    if title:
        kind = _classify_contract(title) or ("STAGE" if _TITLE_STAGE.search(title) else None)
        if kind:
            return Contract(kind, _text_duration(text, kind), None)
    best: tuple[int, str, re.Match[str]] | None = None
    for kind, pattern in _CONTRACT_PATTERNS:
        for cm in pattern.finditer(text):
            if not _about_this_job(text, cm):
                continue
            if best is None or cm.start() < best[0]:
                best = (cm.start(), kind, cm)
            break
    if best is None:
        return Contract(None, None, None)
    _, kind, cm = best
    return Contract(kind, _text_duration(text, kind), _ev(text, cm.start(), cm.end()))


_CONTRACT_WORD = (
    r"(?:CDD|CDI|int[ée]rim(?:aire)?|alternance|apprentissage|stages?|freelance|portage|temps partiel)"
)
# "CDD, CDI et intérim", "CDD-CDI", "en CDD ou en CDI": a list of what an agency or a company offers.
_LIST_BEFORE = re.compile(
    _CONTRACT_WORD + r"\s*(?:[/,&+–-]|\bet\b|\bou\b)\s*(?:en\s+|de\s+|du\s+|l')?$", re.I
)
_LIST_AFTER = re.compile(r"^\s*(?:[/,&+–-]|\bet\b|\bou\b)\s*(?:en\s+|de\s+|du\s+|l')?" + _CONTRACT_WORD, re.I)
# A sentence presenting a recruitment or temporary-work agency ("cabinet de conseil en recrutement,
# travail temporaire spécialisé", "leader de l'intérim", "acteur du recrutement en intérim et CDI").
_AGENCY = re.compile(
    r"\b(?:cabinet|agence|soci[ée]t[ée]|entreprise|leader|acteur|sp[ée]cialiste|groupe|r[ée]seau|enseigne|"
    r"secteur)\b[^.\n]{0,60}(?:recrutement|int[ée]rim|travail temporaire)|"
    r"(?:recrutement|int[ée]rim|travail temporaire)\s+sp[ée]cialis|devenir int[ée]rimaire|"
    r"recrutement (?:en|de) (?:CDI|CDD|int[ée]rim)",
    re.I,
)
# An item of a company's list of services ("en sous-traitance, pré-embauche, recrutement, portage
# salarial, etc."): commas on both sides (or "etc." after) in a sentence about services, not the job.
_SERVICES = re.compile(
    r"sous-traitance|pr[ée]-?embauche|recrutement|placement|prestations?|services|accompagnons|"
    r"solutions",
    re.I,
)
# "apprentissage" as machine learning anywhere in the sentence ("des applications en apprentissage, et
# notamment en apprentissage profond").
_MACHINE_LEARNING = re.compile(
    r"apprentissage (?:profond|automatique|statistique|supervis|non supervis|par renforcement)|"
    r"machine learning|deep learning",
    re.I,
)
# "une première expérience (stage ou alternance)", "plusieurs années d'alternance": the past.
_PAST = re.compile(
    r"exp[ée]rience|stages? ou|dipl[ôo]m|formation|[ée]cole|issu|ann[ée]es? d'$|\bhors\s+$", re.I
)
# "apprentissage" is a contract only as "contrat d'apprentissage", "en apprentissage"…, not "l'apprentissage
# de nos outils", "capacité d'apprentissage", "apprentissage continu / automatique".
_APPRENTICESHIP_BEFORE = re.compile(
    r"(?:contrat d'|contrat en |\ben |offre d'|poste en |cursus en |par (?:la )?voie de l'|sous contrat d')$",
    re.I,
)
_LEARNING_AFTER = re.compile(
    r"^\s*(?:continu|automatique|permanent|profond|de (?:nos|vos|la|l'|des|nouveau))", re.I
)
# The job's own contract: "recrute en CDI", "poste en CDD de 6 mois", "conditions proposées : CDI".
_JOB_BEFORE = re.compile(
    r"\b(?:recrute|recrutons|recherch\w*|propos\w*|poste|contrat|offre|conditions)\b[^.\n]{0,25}$", re.I
)
# A person of the team ("un lead développeur, un alternant", "freelance ponctuel"), not the job offered.
_WANTED_BEFORE = re.compile(
    r"\b(?:recherch\w*|recrut\w*|poste d'|profil|en tant qu'|statut d'?|mission|contrat|consultants?|en|"
    r"travailleur|poste|offre)\s+(?:un\s+|une\s+|de\s+|d')?(?:\(?e?\)?\s*)?$",
    re.I,
)


def _about_this_job(text: str, m: re.Match[str]) -> bool:
    """Whether a contract word describes the job offered rather than an agency's services, a list of
    contract types, past experience or learning."""
    line_start = max(text.rfind("\n", 0, m.start()), 0)
    sentence_start = max(text.rfind(".", line_start, m.start()) + 1, line_start)
    before = _SPACE_RUN.sub(" ", text[max(sentence_start, m.start() - 80) : m.start()])
    after = _SPACE_RUN.sub(" ", text[m.end() : m.end() + 40])
    word = m.group(0).lower()
    if re.search(r"\bhors\s+$", before, re.I):
        return False
    if m.group(0).isupper() and re.search(r"\b[A-Z]{3,}\s+$", before):
        return False  # part of a brand name in capitals ("METIER INTERIM La Roche sur Yon recherche…")
    plain_word = not word.startswith(
        ("apprentissage", "alternant", "apprenti", "freelance", "free-lance", "ind")
    )
    if word == "tjm" and re.search(r"salaire", text[max(0, m.start() - 20) : m.end() + 20], re.I):
        return False
    if _LIST_BEFORE.search(before) or _LIST_AFTER.match(after):
        return False
    if plain_word and _JOB_BEFORE.search(before[-35:]):
        return True  # "recrute en CDI", "poste en CDD", "Conditions proposées : CDI"
    if _PAST.search(before[-60:]) and not re.search(r"contrat|poste", before[-25:], re.I):
        return False
    sentence_end = min(
        [i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i >= 0] or [len(text)]
    )
    sentence = text[sentence_start:sentence_end]
    if _AGENCY.search(sentence):
        return False
    if re.search(r",\s*$", before) and re.match(r"^\s*(?:,|etc\b)", after) and _SERVICES.search(sentence):
        return False
    if word.startswith("apprentissage"):
        return (
            bool(_APPRENTICESHIP_BEFORE.search(before))
            and not _LEARNING_AFTER.match(after)
            and not _MACHINE_LEARNING.search(sentence)
        )
    if word.startswith(("alternant", "apprenti", "freelance", "free-lance", "ind")) or word == "intérimaire":
        return bool(_WANTED_BEFORE.search(before[-40:]))
    return True


_DURATION_CUE = CaselessPattern(
    r"(?:CDD|contrat|mission|stage|alternance|dur[ée]e)[^\n.]{0,30}?(?:de|d'une dur[ée]e de|:)?\s*"
    r"(\d{1,3})\s*(mois|semaines?|ans?|jours?)\b"
)


def _text_duration(text: str, kind: str) -> float | None:
    if kind in ("CDI", "FREELANCE"):
        return None
    m = _DURATION_CUE.search(text)
    if not m:
        return None
    return _duration_months(f"{m.group(1)} {m.group(2)}")


# ------------------------------------------------------------------------------------------------ salary
@dataclass(frozen=True)
class Salary:
    min: float | None
    max: float | None
    period: str | None
    evidence: Evidence | None


_NUM = r"\d{1,3}(?:[  .\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_CUR = r"(?:k\s?€|k\s?eur(?:os?)?\b|K\b|k\b|€|eur(?:os?)?\b)"
_SAL_FT = CaselessPattern(
    rf"(?P<per>Annuel|Mensuel|Horaire)\s+de\s+(?P<a>{_NUM})\s*Euros?(?:\s+[àa]\s+(?P<b>{_NUM})\s*Euros?)?"
)
_SAL_RANGE = re.compile(
    rf"(?:entre\s+|de\s+|from\s+)?(?P<a>{_NUM})\s*(?P<ca>{_CUR})?\s*(?:brut|bruts)?\s*"
    rf"(?:-|–|à|a|et|to|/)\s*(?P<b>{_NUM})\s*(?P<cb>{_CUR})",
    re.I,
)
_SAL_ONE = re.compile(rf"(?P<a>{_NUM})\s*(?P<ca>{_CUR})", re.I)
_SAL_HOURLY = re.compile(
    rf"(?P<a>{_NUM})\s*(?:€|euros?)?\s*(?:/|de l'|par |a l'|à l')\s*(?:h\b|heure)|"
    rf"(?P<b>{_NUM})\s*H\s*/\s*BRUT",
    re.I,
)
_SAL_CUE = re.compile(
    r"salaire|r[ée]mun[ée]ration|r[ée]mun[ée]r[ée]|brut|package|fixe|gratification|salary|pay\b|"
    r"annuel|mensuel|horaire|par an|/an|par mois|/mois|k€|keur|\bk\b|selon profil|€|euros?\b",
    re.I,
)
# Lines worth a closer look: a currency or a pay word, found in one pass over the text.
_SAL_LINE = CaselessPattern(
    r"^[^\n]*?(?:€|euros?\b|\beur\b|\d\s?k\b|salaire|r[ée]mun[ée]r|brut|salary|package|gratification|"
    r"\bH\s*/\s*BRUT)[^\n]*",
    re.M,
)
_NOT_SALARY = re.compile(
    r"chiffre d'affaires|\bCA\b|lev[ée]e de fonds|budget|millions?|milliards?|M€|Md€|"
    r"tickets? restau|titres? restau|prime|mutuelle|transport|t[ée]l[ée]travail|forfait|"
    r"clients|collaborateurs|salari[ée]s",
    re.I,
)
_PERIOD_YEAR = re.compile(
    r"annuel|par an\b|/\s?an\b|\ban\b|k\s?€|keur|\bk\b|per year|annual|yearly|/year|p\.?a\.?\b", re.I
)
_PERIOD_MONTH = re.compile(r"mensuel|par mois|/\s?mois|\bmois\b|per month|monthly", re.I)
_PERIOD_HOUR = re.compile(
    r"horaire|/\s?h\b|de l'heure|par heure|/\s?heure|per hour|hourly|\bH\s*/\s*BRUT", re.I
)


def _to_float(raw: str) -> float:
    raw = raw.replace("\u202f", " ").replace("\xa0", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(" ", "").replace(".", "")
    return float(raw.replace(" ", "").replace(",", "."))


def _period(clause: str, value: float) -> str:
    if _PERIOD_HOUR.search(clause):
        return "hour"
    if _PERIOD_MONTH.search(clause) and value < 10_000:
        return "month"
    if _PERIOD_YEAR.search(clause):
        return "year"
    if value < 100:
        return "hour"
    if value < 10_000:
        return "month"
    return "year"


def _scaled(value: float, currency: str | None, other: float | None = None) -> float:
    cur = (currency or "").lower().replace(" ", "")
    if cur.startswith("k") or (other is not None and other >= 1000 and value < 1000 and not cur):
        return value * 1000
    return value


def extract_salary(text: str) -> Salary:
    """Salary range and period from France Travail's "Annuel de … Euros à … Euros" or free text."""
    m = _SAL_FT.search(text)
    if m:
        a = _to_float(m.group("a"))
        b = _to_float(m.group("b")) if m.group("b") else None
        per = {"annuel": "year", "mensuel": "month", "horaire": "hour"}[m.group("per").lower()]
        # "Mensuel de 40000 Euros" is an annual figure typed in the wrong box.
        if per == "month" and a >= 10_000:
            per = "year"
        return Salary(a, b if b is not None else a, per, _ev(text, m.start(), m.end()))
    for line_match in _SAL_LINE.finditer(text):
        off = line_match.start()
        line = text[off : line_match.end()]  # the match itself is in lower case
        hm = _SAL_HOURLY.search(line)
        if hm:
            raw = hm.group("a") or hm.group("b")
            value = _to_float(raw)
            if 5 <= value <= 200:
                return Salary(value, value, "hour", _ev(text, off + hm.start(), off + hm.end()))
        for rm in _SAL_RANGE.finditer(line):
            context = line[max(0, rm.start() - 40) : rm.end() + 40]
            if _NOT_SALARY.search(line[max(0, rm.start() - 40) : rm.start()]) or not _SAL_CUE.search(context):
                continue
            b = _scaled(_to_float(rm.group("b")), rm.group("cb"))
            a = _scaled(_to_float(rm.group("a")), rm.group("ca") or rm.group("cb"), b)
            if not (5 <= a <= b < 1_000_000) or a < b / 3:
                continue
            per = _period(line[rm.start() : rm.end() + 40], b)
            return Salary(a, b, per, _ev(text, off + rm.start(), off + rm.end()))
        for om in _SAL_ONE.finditer(line):
            before = line[max(0, om.start() - 40) : om.start()]
            if _NOT_SALARY.search(before + line[om.end() : om.end() + 15]):
                continue
            if not re.search(
                r"salaire|r[ée]mun[ée]r|brut|package|fixe|salary|jusqu|[àa] partir|gratification", line, re.I
            ):
                continue
            value = _scaled(_to_float(om.group("a")), om.group("ca"))
            if value < 5:
                continue
            per = _period(line[om.start() : om.end() + 40] + " " + before, value)
            lo, hi = value, value
            if re.search(r"jusqu'?[àa]|up to|max", before, re.I):
                lo = None
            elif re.search(r"[àa] partir de|minimum|from|d[èe]s", before, re.I):
                hi = None
            return Salary(lo, hi, per, _ev(text, off + om.start(), off + om.end()))
    return Salary(None, None, None, None)


# ------------------------------------------------------------------------------------------------ remote
_TT = r"(?:t[ée]l[ée][- ]?travail(?:ler)?|remote|home[- ]office|travail(?:ler)? [àa] distance)"
# "Pas de télétravail", "Télétravail : non", "télétravail non autorisé": the offer rules it out.
_REMOTE_NONE = CaselessPattern(
    rf"(?:pas de|sans|aucun) {_TT}|{_TT}\s*(?::\s*)?(?:non\b|impossible|exclu|non (?:possible|autoris[ée]))|"
    rf"{_TT} n'est pas (?:possible|autoris[ée]|envisageable|pr[ée]vu)|no remote|fully on[- ]site"
)
# A share of the week: "2 jours de télétravail par semaine", "télétravail 1 jour par semaine", "remote 2j/semaine",
# "télétravail partiel / possible / : oui", "2 jours de présentiel", "organisation hybride".
_REMOTE_PART = CaselessPattern(
    rf"\d(?:[,.]5)?\s*(?:à\s*\d\s*)?(?:jours?|j)\b[^.\n]{{0,20}}?(?:de |en )?{_TT}|"
    rf"{_TT}[^.\n]{{0,20}}?\b\d(?:[,.]5)?\s*(?:à\s*\d\s*)?(?:jours?|j)\b|"
    rf"\d\s*(?:jours?|j)\b[^.\n]{{0,12}}(?:de |en )?pr[ée]sentiel|"
    rf"{_TT}\s*(?:partiel|occasionnel|ponctuel|possible|autoris[ée]|flexible|r[ée]gulier|hebdomadaire)|"
    rf"{_TT}\s*:\s*oui|possibilit[ée] de {_TT}|"
    r"(?:organisation|mode|format|rythme|mod[èe]le|travail|fonctionnement|poste|en) (?:de travail )?hybride"
)
# Full remote, unless negated ("pas de full remote") or a 100 % that belongs to something else ("prise
# en charge à 100 % ; télétravail ponctuel").
_REMOTE_FULL = CaselessPattern(
    r"full[- ]?remote|100\s?%\s*(?:en\s+)?(?:t[ée]l[ée][- ]?travail|remote|[àa] distance)|"
    r"t[ée]l[ée][- ]?travail\s+(?:complet|total|int[ée]gral)|fully remote|"
    r"enti[èe]rement (?:en t[ée]l[ée][- ]?travail|[àa] distance)"
)
_REMOTE_ANY = CaselessPattern(_TT + r"|hybride")
# Said to be on site: "poste en présentiel", "100 % sur site", "sur site uniquement".
_REMOTE_ONSITE = CaselessPattern(
    r"100\s?%\s*(?:en\s+)?(?:pr[ée]sentiel|sur site)|(?:poste|travail|mission|(?:lieu|bas[ée]e?)[^.\n]{0,40}),?\s*en pr[ée]sentiel|"
    r"(?:sur site|en pr[ée]sentiel) (?:uniquement|exclusivement|obligatoire)"
)


# « TT », the recruiters' short form of télétravail, in capitals and with a share or a permission next to
# it (« 3 jours de TT », « Possibilité TT partiel », « TT : oui »): case matters, so it has a pattern of its own.
_REMOTE_TT = re.compile(
    r"\d(?:[,.]5)?\s*(?:à\s*\d\s*)?(?:jours?|j)\b[^.\n]{0,12}?(?:de |en )?\bTT\b|"
    r"\bTT\s*(?:partiel|occasionnel|ponctuel|possible|autoris[ée]|flexible|r[ée]gulier|hebdomadaire|"
    r"\d(?:[,.]5)?\s*(?:à\s*\d\s*)?(?:jours?|j)\b)|"
    r"possibilit[ée] (?:de )?TT\b|\bTT\s*:\s*oui"
)


@dataclass(frozen=True)
class Remote:
    policy: str | None
    evidence: Evidence | None


def _full_remote(text: str) -> re.Match[str] | None:
    for m in _REMOTE_FULL.finditer(text):
        before = text[max(0, m.start() - 25) : m.start()].lower()
        if re.search(r"(?:pas de|sans|non)\s*['\"«]?\s*$", before):
            continue
        if re.search(r"(?:charge|rembours\w*|pris\w*|financ\w*)\s+(?:[àa]\s+)?$", before) and m.group(
            0
        ).startswith("100"):
            continue
        return m
    return None


def extract_remote(text: str) -> Remote:
    """``full`` / ``hybrid`` / ``onsite`` from what the offer says about télétravail; None if silent.

    An explicit "pas de télétravail" wins; then a share of the week ("2 jours de télétravail par
    semaine", "télétravail partiel", "2 jours de présentiel"); then full remote; then any other word
    of remote work (hybrid); then "poste en présentiel" / "100 % sur site" (onsite)."""
    lower = text.lower()
    if "TT" in text:
        m = _REMOTE_TT.search(text)
        if m and not _REMOTE_NONE.search(text):
            return Remote("hybrid", _ev(text, m.start(), m.end()))
    if not any(
        cue in lower
        for cue in (
            "télétravail",
            "teletravail",
            "télé-travail",
            "tele-travail",
            "remote",
            "hybride",
            "distance",
            "sentiel",
            "home office",
            "home-office",
            "sur site",
        )
    ):
        return Remote(None, None)
    m = _REMOTE_NONE.search(text)
    if m:
        return Remote("onsite", _ev(text, m.start(), m.end()))
    m = _REMOTE_PART.search(text)
    if m:
        return Remote("hybrid", _ev(text, m.start(), m.end()))
    m = _full_remote(text)
    if m:
        return Remote("full", _ev(text, m.start(), m.end()))
    for m in _REMOTE_ANY.finditer(text):
        word = m.group(0).lower()
        after = text[m.end() : m.end() + 20].lower()
        before = text[max(0, m.start() - 20) : m.start()].lower()
        if word == "remote" and re.match(r"\s*(?:desktop|control|access|sensing)", after):
            continue
        if word == "hybride" and not re.search(r"(?:organisation|mode|format|rythme|travail|en)\s+$", before):
            continue  # "cloud hybride", "véhicule hybride"
        return Remote("hybrid", _ev(text, m.start(), m.end()))
    m = _REMOTE_ONSITE.search(text)
    if m:
        return Remote("onsite", _ev(text, m.start(), m.end()))
    return Remote(None, None)


# -------------------------------------------------------------------------------------------- experience
_BEGINNER = CaselessPattern(
    r"d[ée]butants?(?:\(e\)s?|es?)?\s+(?:accept[ée]|bienvenu|possible)|"
    r"d[ée]butant(?:\(e\)s?|e?s?)?\b|(?:jeunes?|bient[ôo]t|r[ée]cemment|nouvellement) dipl[ôo]m[ée]|"
    r"sans exp[ée]rience|(?:aucune|pas d'|pas besoin d')\s?exp[ée]rience (?:n'est )?(?:pr[ée]alable |"
    r"professionnelle )?(?:requise|exig[ée]e|n[ée]cessaire|obligatoire|demand[ée]e)|"
    r"(?:premi[èe]re )?exp[ée]rience (?:n'est pas|non|pas) (?:requise|exig[ée]e|n[ée]cessaire|obligatoire|"
    r"indispensable)|(?:ouvert|accessible)e?s? (?:aux|[àa] des|[àa] tous les) (?:profils? )?(?:d[ée]butant|"
    r"juniors?\b|jeunes dipl[ôo]m)|entry[- ]level|graduates? welcome|no experience required"
)
# "débutants s'abstenir", "pas de débutant", "former les techniciens débutants": not a welcome.
_NOT_BEGINNER_AFTER = re.compile(r"^\s*(?:s'abstenir|non accept|refus)", re.I)
_NOT_BEGINNER_BEFORE = re.compile(
    r"(?:\bpas de|\bnon|\bni|\bformer|\bencadrer|\baccompagner|\bformerez|\bencadrerez|\baccompagnerez)"
    r"\s+(?:les |des |nos |vos )?(?:[\w-]+\s+){0,2}$",
    re.I,
)


def _beginner_phrase(text: str) -> re.Match[str] | None:
    """The first phrase that welcomes beginners in so many words (« débutant(e)s accepté(e)s »,
    « jeune diplômé », « sans expérience »…), skipping refusals and beginners someone else trains."""
    for m in _BEGINNER.finditer(text):
        if _NOT_BEGINNER_AFTER.match(text[m.end() : m.end() + 20]):
            continue
        if _NOT_BEGINNER_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        return m
    return None


@dataclass(frozen=True)
class Experience:
    years_min: float | None
    beginner_ok: bool
    evidence: Evidence | None
    beginner_evidence: Evidence | None = None


def extract_experience(text: str, title: str | None = None, *, model: bool = True) -> Experience:
    """Minimum years of experience asked for, and whether beginners are welcome.

    Beginners are welcome when the offer says so ("débutant accepté", "jeune diplômé", "sans
    expérience"…) or, failing that, when the trained model of :mod:`nlp_models.beginner` reads the
    offer as France Travail's « débutant accepté » (``model=False``: the phrases alone)."""
    years = _years_min(text)
    beginner = _beginner_phrase(text)
    beginner_ok = bool(beginner) or bool(title and _beginner_phrase(title))
    if not beginner_ok and model:
        trained = load_model()
        beginner_ok = trained is not None and trained.predict(text, title)
    beginner_ev = _ev(text, beginner.start(), beginner.end()) if beginner else None
    if years:
        value, m = years
        return Experience(value, beginner_ok, _ev(text, m.start(), m.end()), beginner_ev)
    if beginner:
        return Experience(0.0, True, beginner_ev, beginner_ev)
    return Experience(None, beginner_ok, None, None)


# --------------------------------------------------------------------------------------------- education
_EDU = CaselessPattern(
    r"\bbac\s*\+\s*(\d)|\bbac\s*(?:pro|professionnel|g[ée]n[ée]ral|technologique)?\b|\b(master|mast[èe]re|msc|"
    r"doctorat|phd|ph\.d|th[èe]se|licence|bachelor|bts|dut|but|deust|cap|bep|dipl[ôo]me d'ing[ée]nieur|"
    r"[ée]cole d'ing[ée]nieurs?|ing[ée]nieur|titre professionnel|titre rncp)\b"
)
_EDU_LEVEL = {
    "master": 5,
    "mastere": 5,
    "mastère": 5,
    "msc": 5,
    "doctorat": 8,
    "phd": 8,
    "ph.d": 8,
    "these": 8,
    "thèse": 8,
    "licence": 3,
    "bachelor": 3,
    "bts": 2,
    "dut": 2,
    "but": 3,
    "deust": 2,
    "cap": -1,
    "bep": -1,
}


@dataclass(frozen=True)
class Education:
    level: str | None  # "bac", "bac+2", … "bac+8", "cap"
    evidence: Evidence | None


def extract_education(text: str) -> Education:
    """Lowest diploma level asked for, as ``bac+N`` (``bac`` = 0, ``cap`` below it)."""
    best: tuple[int, re.Match[str]] | None = None
    for m in _EDU.finditer(text):
        word = (m.group(2) or "").lower()
        if m.group(1):
            level = int(m.group(1))
        elif not word:
            level = 0
        elif "ing" in fold(word):
            context = fold(text[max(0, m.start() - 30) : m.end() + 5])
            if not re.search(r"dipl|ecole|formation|profil|issu|titulaire|cursus|type", context):
                continue
            level = 5
        else:
            level = _EDU_LEVEL.get(fold(word), _EDU_LEVEL.get(word))
            if level is None:
                continue
            written = text[m.start(2) : m.end(2)]  # the match itself is in lower case
            if word in ("but", "licence") and written != written.upper() and word == "but":
                continue  # the conjunction "but"
        if best is None or level < best[0]:
            best = (level, m)
    if best is None:
        return Education(None, None)
    level, m = best
    label = "cap" if level < 0 else ("bac" if level == 0 else f"bac+{level}")
    return Education(label, _ev(text, m.start(), m.end()))


# -------------------------------------------------------------------------------------- start and time
_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_START_ASAP = CaselessPattern(
    r"d[èe]s que possible|\bASAP\b|imm[ée]diat(?:ement)?|as soon as possible|d[èe]s maintenant"
)
_START_CUE = r"(?:d[ée]marrage|d[ée]but|prise de poste|poste [àa] pourvoir|disponible|start(?:ing)?(?: date)?|[àa] partir)"
_START_DATE = CaselessPattern(
    _START_CUE + r"[^\n]{0,30}?(?:(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})|(?:(\d{1,2})(?:er)?\s+)?"
    r"(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\s*(\d{4})?)"
)


@dataclass(frozen=True)
class Start:
    value: str | None  # "asap", "2026-01-05" or "2026-01"
    evidence: Evidence | None


def _year_of_month(month: int, published: date) -> int:
    """The year of the first ``month`` on or after the publication month: an offer published in
    November that starts "en mars" starts in March of the next year."""
    return published.year if month >= published.month else published.year + 1


def extract_start(text: str, published: date | None = None) -> Start:
    """Start date: ``asap`` or an ISO date / month.

    A month written without its year is read relative to ``published`` (the offer's publication
    date; today when unknown)."""
    lower = text.lower()
    if not any(
        cue in lower
        for cue in (
            "but",
            "marrage",
            "partir",
            "pourvoir",
            "prise de poste",
            "disponi",
            "start",
            "asap",
            "possible",
            "imm",
        )
    ):
        return Start(None, None)
    m = _START_DATE.search(text)
    if m:
        if m.group(1):
            year = int(m.group(3))
            year = year + 2000 if year < 100 else year
            return Start(
                f"{year:04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", _ev(text, m.start(), m.end())
            )
        month = _MONTHS[fold(m.group(5))]
        year = int(m.group(6)) if m.group(6) else _year_of_month(month, published or date.today())
        if m.group(4):
            return Start(f"{year:04d}-{month:02d}-{int(m.group(4)):02d}", _ev(text, m.start(), m.end()))
        return Start(f"{year:04d}-{month:02d}", _ev(text, m.start(), m.end()))
    m = _START_ASAP.search(text)
    if m:
        return Start("asap", _ev(text, m.start(), m.end()))
    return Start(None, None)


_FULL_TIME = CaselessPattern(r"temps (?:plein|complet)|full[- ]time|\b3[5-9]\s?h(?:eures)?\b")
_PART_TIME = CaselessPattern(
    r"temps partiel|mi-temps|part[- ]time|\b(?:[12]\d|[1-9])\s?h(?:eures)?\s*(?:/|par)\s*semaine"
)
_HOURS = CaselessPattern(
    r"\b(\d{1,2}(?:[.,]\d+)?)\s?h(?:eures?)?(?:\d{2})?\s*(?:/|par|hebdo)\s*(?:semaine|sem\b|hebdo)|"
    r"\b(\d{1,2})\s?H(?:eures?)?\s+hebdo"
)


@dataclass(frozen=True)
class WorkingTime:
    value: str | None  # "full_time" / "part_time"
    hours_per_week: float | None
    evidence: Evidence | None


def extract_working_time(text: str) -> WorkingTime:
    """Full or part time, and weekly hours when stated."""
    lower = text.lower()
    if not any(
        cue in lower
        for cue in ("temps", "time", "heure", "hebdo", "semaine", "35h", "39h", "35 h", "39 h", "37h", "mi-")
    ):
        return WorkingTime(None, None, None)
    hours = None
    hm = _HOURS.search(text)
    if hm:
        hours = _to_float(hm.group(1) or hm.group(2))
    part = _PART_TIME.search(text)
    if part and not (hours and hours >= 35):
        return WorkingTime("part_time", hours, _ev(text, part.start(), part.end()))
    full = _FULL_TIME.search(text)
    if full:
        return WorkingTime("full_time", hours, _ev(text, full.start(), full.end()))
    if hours:
        return WorkingTime(
            "full_time" if hours >= 35 else "part_time", hours, _ev(text, hm.start(), hm.end())
        )
    return WorkingTime(None, None, None)
