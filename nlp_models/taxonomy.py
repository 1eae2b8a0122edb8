"""The skills and occupations taxonomy shipped with the package.

The file ``nlp_models/data/taxonomy.json.gz`` is built by ``scripts/build_taxonomy.py`` from ESCO and
ROME 4.0 and committed, so nothing here needs ``../shared`` at run time. The Django ``taxonomy``
tables are synced from :func:`load_taxonomy`; the dataclasses below are the contract with that sync.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

TAXONOMY_FILE: Path = Path(__file__).resolve().parent / "data" / "taxonomy.json.gz"

SKILL_KINDS = frozenset({"hard_skill", "tool", "knowledge", "soft_skill", "language", "licence"})
ESCO_PREFIX = "http://data.europa.eu/esco/"


@dataclass(frozen=True)
class SkillEntry:
    """One skill. ``id`` is the ESCO URI where one exists, else ``tremplin:<slug>``."""

    id: str
    label_fr: str
    label_en: str
    aliases: tuple[str, ...]
    kind: str
    broader: tuple[str, ...]
    related: tuple[str, ...]
    esco_uri: str | None
    rome_codes: tuple[str, ...]
    # Short natural French label the product shows ("Rigueur", not ESCO's "veiller aux détails").
    display_label: str = ""


@dataclass(frozen=True)
class OccupationEntry:
    """A ROME 4.0 fiche métier, e.g. ``M1805`` Développeur / Développeuse informatique."""

    code: str
    label: str


@dataclass(frozen=True)
class AppellationEntry:
    """A ROME appellation (job title) and the fiche it belongs to."""

    code: str
    label: str
    rome_code: str


@dataclass
class Taxonomy:
    """The loaded taxonomy. ``version`` is the first 16 hex digits of the file's sha256.

    ``core_ids`` is the subset the French matcher looks for (digital, transversal, DigComp and
    language collections, the school's trades, ROME savoirs, curated skills and their ancestors);
    ``curated_ids`` the skills whose aliases were written by hand for real offers, and
    ``curated_aliases`` those hand-written forms (a subset of each skill's labels and aliases);
    ``area_forms`` the one-word *knowledge areas* derived from ROME / ESCO labels ("réseaux",
    "sauvegardes", "supervision"), which the matcher takes in lower case although they are ordinary words;
    ``task_objects`` the forms of a design discipline that name the object of a task ("maquettes"): after
    another verb ("intégrer des maquettes") the matcher gives them to that task's skill.
    """

    version: str
    skills: dict[str, SkillEntry]
    occupations: dict[str, OccupationEntry]
    appellations: list[AppellationEntry]
    core_ids: frozenset[str] = field(default_factory=frozenset)
    curated_ids: frozenset[str] = field(default_factory=frozenset)
    curated_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    area_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    task_objects: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def narrower_map(self) -> dict[str, tuple[str, ...]]:
        """Inverse of ``broader``: skill id -> ids of the skills directly under it."""
        children: dict[str, list[str]] = {}
        for skill in self.skills.values():
            for parent in skill.broader:
                children.setdefault(parent, []).append(skill.id)
        return {k: tuple(sorted(v)) for k, v in children.items()}

    def ancestors(self, skill_id: str, max_depth: int = 10) -> set[str]:
        """Every broader concept of ``skill_id`` (transitively), without the skill itself."""
        seen: set[str] = set()
        frontier = [skill_id]
        depth = 0
        while frontier and depth < max_depth:
            nxt = []
            for sid in frontier:
                entry = self.skills.get(sid)
                if entry is None:
                    continue
                for parent in entry.broader:
                    if parent not in seen:
                        seen.add(parent)
                        nxt.append(parent)
            frontier = nxt
            depth += 1
        seen.discard(skill_id)
        return seen


def _parse(raw: bytes) -> Taxonomy:
    payload = json.loads(gzip.decompress(raw))
    skills: dict[str, SkillEntry] = {}
    core: set[str] = set()
    curated: dict[str, tuple[str, ...]] = {}
    areas: dict[str, tuple[str, ...]] = {}
    objects: dict[str, tuple[str, ...]] = {}
    for row in payload["skills"]:
        sid = row["id"]
        skills[sid] = SkillEntry(
            id=sid,
            label_fr=row["fr"],
            label_en=row["en"],
            aliases=tuple(row["aliases"]),
            kind=row["kind"],
            broader=tuple(row["broader"]),
            related=tuple(row["related"]),
            esco_uri=sid if sid.startswith(ESCO_PREFIX) else None,
            rome_codes=tuple(row["rome"]),
            display_label=row.get("display") or row["fr"],
        )
        if row["core"]:
            core.add(sid)
        if row.get("curated"):
            curated[sid] = tuple(row["curated"])
        if row.get("areas"):
            areas[sid] = tuple(row["areas"])
        if row.get("objects"):
            objects[sid] = tuple(row["objects"])
    occupations = {code: OccupationEntry(code=code, label=label) for code, label in payload["occupations"]}
    appellations = [AppellationEntry(code=c, label=lbl, rome_code=r) for c, lbl, r in payload["appellations"]]
    return Taxonomy(
        version=hashlib.sha256(raw).hexdigest()[:16],
        skills=skills,
        occupations=occupations,
        appellations=appellations,
        core_ids=frozenset(core),
        curated_ids=frozenset(curated),
        curated_aliases=curated,
        area_forms=areas,
        task_objects=objects,
    )


@functools.lru_cache(maxsize=1)
def _load_default() -> Taxonomy:
    return _parse(TAXONOMY_FILE.read_bytes())


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load the taxonomy; the default file is parsed once per process and cached."""
    if path is None or Path(path).resolve() == TAXONOMY_FILE:
        return _load_default()
    return _parse(Path(path).read_bytes())
