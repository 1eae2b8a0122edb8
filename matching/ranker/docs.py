"""Plain dataclasses that cross the boundary between the platform and the ranker.

The Django side (``matching/ranker_bridge.py``) turns ORM rows into these; the CLI builds them from JSON lines.
Nothing here knows about Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

REQUIRED = "required"
NICE = "nice"
SKILL_LEVELS = (REQUIRED, NICE)

CONFIRMED = "confirmed"
EXTRACTED = "extracted"
DECLARED = "declared"
SKILL_SOURCES = (CONFIRMED, EXTRACTED, DECLARED)

# Taxonomy kinds (``nlp_models`` and the platform's ``Skill.kind``) that are soft skills.
SOFT_KINDS = frozenset({"soft_skill", "soft"})

CAR = "car"
PUBLIC_TRANSPORT = "public_transport"
BIKE_FOOT = "bike_foot"
MOBILITIES = (CAR, PUBLIC_TRANSPORT, BIKE_FOOT)

# Contract vocabulary shared with the NLP extractor and the placement categories.
CONTRACT_TYPES = ("cdi", "cdd", "alternance", "stage", "interim", "freelance")

REMOTE_NONE = "none"
REMOTE_PARTIAL = "partial"
REMOTE_FULL = "full"
REMOTE_POLICIES = (REMOTE_NONE, REMOTE_PARTIAL, REMOTE_FULL)

TRACKS = ("dev", "referent", "domotique")

# Default search radius (km) when a graduate has not set one, and the furthest a daily commute is
# considered realistic, by mobility mode. A graduate without a car in the former mining basin
# rarely takes a job more than an hour of bus and train away; on foot or by bike, a few km.
DEFAULT_RADIUS_KM = {CAR: 40.0, PUBLIC_TRANSPORT: 25.0, BIKE_FOOT: 8.0}
MAX_RADIUS_KM = {CAR: 80.0, PUBLIC_TRANSPORT: 45.0, BIKE_FOOT: 15.0}


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_CONTRACT_SYNONYMS = {
    "apprentissage": "alternance",
    "apprenticeship": "alternance",
    "contrat d'apprentissage": "alternance",
    "contrat de professionnalisation": "alternance",
    "professionnalisation": "alternance",
    "intérim": "interim",
    "temporary": "interim",
    "internship": "stage",
    "permanent": "cdi",
    "fixed-term": "cdd",
    "fixed term": "cdd",
    "freelancer": "freelance",
    "indépendant": "freelance",
    "independant": "freelance",
}


def normalise_contract(value) -> str | None:
    """A contract type as the ranker's codes (``CONTRACT_TYPES``): case, spaces and common
    synonyms (« CDI », « Intérim », « apprentissage », "internship") folded; None when empty.
    Anything else is kept lower-cased (it matches no code and counts as unknown)."""
    if value is None:
        return None
    text = " ".join(str(value).strip().lower().split())
    if not text:
        return None
    return _CONTRACT_SYNONYMS.get(text, text)


def normalise_contracts(value) -> tuple[str, ...]:
    """Wanted contracts from a list or a string (« CDI, CDD », "cdi/alternance")."""
    if not value:
        return ()
    if isinstance(value, str):
        value = value.replace(";", ",").replace("/", ",").split(",")
    return tuple(c for c in (normalise_contract(v) for v in value) if c)


def normalise_remote(value) -> str:
    """Map booleans and loose strings onto ``none`` / ``partial`` / ``full``."""
    if value is None or value is False:
        return REMOTE_NONE
    if value is True:
        return REMOTE_PARTIAL
    text = str(value).strip().lower()
    if text in REMOTE_POLICIES:
        return text
    if text in {"total", "full_remote", "100%", "complet", "yes_full"}:
        return REMOTE_FULL
    if text in {"", "no", "non", "aucun", "false", "0"}:
        return REMOTE_NONE
    return REMOTE_PARTIAL


@dataclass
class OfferDoc:
    """An open offer as the ranker sees it.

    ``skills`` maps a skill id to ``"required"`` or ``"nice"``. Unknown coordinates are ``None``:
    the offer is then kept by the geographic filter (we cannot say it is too far) and explained so.
    """

    id: str
    title: str = ""
    text: str = ""
    skills: dict[str, str] = field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    contract_type: str | None = None
    remote: str = REMOTE_NONE
    start_date: dt.date | None = None
    published_at: dt.date | None = None
    experience_years_min: float | None = None
    track: str | None = None
    skills_from_text: bool = False  # skills read from the text by an extractor, not given as data

    def __post_init__(self):
        self.id = str(self.id)
        self.skills = {str(k): (v if v in SKILL_LEVELS else REQUIRED) for k, v in dict(self.skills).items()}
        self.remote = normalise_remote(self.remote)
        self.start_date = _as_date(self.start_date)
        self.published_at = _as_date(self.published_at)
        self.contract_type = normalise_contract(self.contract_type)
        if self.experience_years_min is not None:
            self.experience_years_min = float(self.experience_years_min)

    @property
    def required_skills(self) -> list[str]:
        """Ids of the required skills."""
        return [s for s, level in self.skills.items() if level == REQUIRED]

    @property
    def nice_skills(self) -> list[str]:
        """Ids of the nice-to-have skills."""
        return [s for s, level in self.skills.items() if level == NICE]


@dataclass
class CandidateDoc:
    """A graduate's profile as the ranker sees it.

    ``skills`` maps a skill id to its source: ``"confirmed"`` (by a trainer), ``"extracted"`` (from
    the CV) or ``"declared"`` (by the graduate). ``skill_levels`` optionally holds the declared
    level 1–4. ``contract_types`` empty means "any contract".
    """

    id: str
    text: str = ""
    skills: dict[str, str] = field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    mobility: str = PUBLIC_TRANSPORT
    contract_types: tuple[str, ...] = ()
    available_from: dt.date | None = None
    track: str | None = None
    experience_years: float = 0.0
    skill_levels: dict[str, int] = field(default_factory=dict)
    skills_from_text: bool = False  # skills read from the text by an extractor, not given as data

    def __post_init__(self):
        self.id = str(self.id)
        self.skills = {str(k): (v if v in SKILL_SOURCES else DECLARED) for k, v in dict(self.skills).items()}
        if self.mobility not in MOBILITIES:
            self.mobility = PUBLIC_TRANSPORT
        self.contract_types = normalise_contracts(self.contract_types)
        if self.radius_km is not None:
            self.radius_km = float(self.radius_km)
        self.available_from = _as_date(self.available_from)
        self.experience_years = float(self.experience_years or 0.0)

    @property
    def effective_radius_km(self) -> float:
        """The radius the graduate asked for, bounded by what their mobility mode makes realistic."""
        asked = self.radius_km if self.radius_km else DEFAULT_RADIUS_KM[self.mobility]
        return float(min(asked, MAX_RADIUS_KM[self.mobility]))


class SkillGraph:
    """Skill hierarchy used to give partial credit for related skills.

    Built from ``{skill_id: [broader skill ids]}`` (the taxonomy's broader concepts). A skill held
    by a graduate gives credit to its parents and children (``parent_credit``) and, through a shared
    parent that is not too generic, to its siblings (``sibling_credit``): knowing Vue.js says
    something about React, knowing "JavaScript frameworks" says something about both.

    Holding a skill also *implies* skills (counted as held, never "à acquérir"): its broader
    concepts, transitively (``broader_implies``), and the reviewed ``implies`` edges
    (``{skill_id: [implied ids]}``, see :func:`matching.ranker.implications.load_implications`).
    ``kinds`` maps a skill id to the taxonomy's kind; soft skills (``soft_skill``) imply nothing and
    are never proposed as skills to acquire.
    """

    def __init__(
        self,
        broader: Mapping[str, Iterable[str]] | None = None,
        *,
        parent_credit: float = 0.5,
        sibling_credit: float = 0.35,
        max_siblings: int = 40,
        labels: Mapping[str, str] | None = None,
        implies: Mapping[str, Iterable[str]] | None = None,
        kinds: Mapping[str, str] | None = None,
        broader_implies: bool = True,
    ):
        self.broader: dict[str, tuple[str, ...]] = {
            str(k): tuple(str(b) for b in v) for k, v in (broader or {}).items()
        }
        self.parent_credit = float(parent_credit)
        self.sibling_credit = float(sibling_credit)
        self.max_siblings = int(max_siblings)
        self.labels: dict[str, str] = dict(labels or {})
        narrower: dict[str, set[str]] = {}
        for child, parents in self.broader.items():
            for p in parents:
                narrower.setdefault(p, set()).add(child)
        self.narrower = {k: frozenset(v) for k, v in narrower.items()}
        self.implies: dict[str, tuple[str, ...]] = {
            str(k): tuple(str(b) for b in v) for k, v in (implies or {}).items()
        }
        self.kinds: dict[str, str] = {str(k): str(v) for k, v in (kinds or {}).items()}
        self.broader_implies = bool(broader_implies)
        self._closure: dict[str, frozenset[str]] = {}

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_closure"] = {}
        state["_implied_cache"] = {}
        return state

    def __setstate__(self, state):
        state.setdefault("implies", {})
        state.setdefault("kinds", {})
        state.setdefault("broader_implies", True)
        state["_closure"] = {}
        self.__dict__.update(state)

    def implied_by(self, skill_id: str) -> frozenset[str]:
        """Skills that holding ``skill_id`` implies (itself excluded), transitively.

        A skill implies its broader concepts (Symfony ⇒ PHP ⇒ programmation informatique) when
        ``broader_implies`` (the default), and what the reviewed ``implies`` edges say (React ⇒
        JavaScript: in ESCO, React's broader concept is "JavaScript Framework", not the language).
        Soft skills imply nothing and are never implied.
        """
        skill_id = str(skill_id)
        got = self._closure.get(skill_id)
        if got is not None:
            return got
        seen: set[str] = set()
        stack = [skill_id]
        while stack:
            s = stack.pop()
            if self.is_soft(s):
                continue
            nxt = list(self.implies.get(s, ()))
            if self.broader_implies:
                nxt.extend(self.broader.get(s, ()))
            for t in nxt:
                if t not in seen and t != skill_id and not self.is_soft(t):
                    seen.add(t)
                    stack.append(t)
        got = frozenset(seen)
        self._closure[skill_id] = got
        return got

    def implied(self, held: Iterable[str]) -> dict[str, str]:
        """``{implied skill: a held skill implying it}`` for a set of held skills (held ones excluded)."""
        key = tuple(sorted(str(h) for h in held))
        cache = self.__dict__.setdefault("_implied_cache", {})
        got = cache.get(key)
        if got is not None:
            return dict(got)
        have = set(key)
        out: dict[str, str] = {}
        for h in key:
            for t in self.implied_by(h):
                if t not in have and t not in out:
                    out[t] = h
        if len(cache) >= 4096:  # a page's worth of profiles; cleared rather than grown
            cache.clear()
        cache[key] = out
        return dict(out)

    def kind(self, skill_id: str) -> str | None:
        """The taxonomy's kind of a skill (``hard_skill``, ``soft_skill``, ``tool``…), None if unknown."""
        return self.kinds.get(str(skill_id))

    def is_soft(self, skill_id: str) -> bool:
        """Whether the skill is a soft skill: never proposed as a skill to acquire."""
        return self.kinds.get(str(skill_id)) in SOFT_KINDS

    @property
    def skill_ids(self) -> set[str]:
        """Every skill id the graph mentions (children and broader concepts)."""
        ids = set(self.broader)
        for parents in self.broader.values():
            ids.update(parents)
        return ids

    def related(self, skill_id: str) -> dict[str, float]:
        """Related skills of ``skill_id`` with their credit (the skill itself excluded)."""
        out: dict[str, float] = {}
        parents = self.broader.get(skill_id, ())
        for p in parents:
            out[p] = max(out.get(p, 0.0), self.parent_credit)
            siblings = self.narrower.get(p, frozenset())
            if len(siblings) <= self.max_siblings:
                for s in siblings:
                    if s != skill_id:
                        out[s] = max(out.get(s, 0.0), self.sibling_credit)
        for c in self.narrower.get(skill_id, ()):
            out[c] = max(out.get(c, 0.0), self.parent_credit)
        out.pop(skill_id, None)
        return out

    def label(self, skill_id: str) -> str:
        """Display label of a skill (its id when the graph has none)."""
        return self.labels.get(skill_id, skill_id)


@dataclass(frozen=True)
class LabelledPair:
    """One logged outcome: what happened between an offer and a graduate.

    ``outcome`` is one of ``hired``, ``interview``, ``applied``, ``dismissed`` (graded 3 to 0).
    """

    offer_id: str
    candidate_id: str
    outcome: str


OUTCOME_GRADES = {"hired": 3, "interview": 2, "applied": 1, "dismissed": 0}
