"""The hand-curated part of the taxonomy, kept as reviewable CSV files in ``data/curation/``.

``scripts/build_taxonomy.py`` reads them to build ``data/taxonomy.json.gz``; the platform can write
placement officers' decisions on "termes à classer" into the same files with :func:`append_alias`
and :func:`append_skill`, so that a later rebuild ships them to every installation. Plain Python
(csv only): no Django, no spaCy.

- ``skills.csv``: one row per curated skill — ``id`` (slug; the skill is ``tremplin:<id>`` unless
  ``esco`` names the English ESCO preferred label it refines, whose URI is then kept), ``fr``, ``en``,
  ``kind``, ``esco``, ``broader`` (ESCO English preferred labels or ``tremplin:`` ids), ``rome``
  (ROME codes), ``aliases`` (as offers spell them), list cells separated by ``|``; ``reason`` and
  ``source`` say why and from where.
- ``aliases.csv``: ``skill``, ``alias``, ``reason``, ``source`` — more forms of a curated skill
  (its slug) or of any taxonomy skill (its id: ESCO URI or ``tremplin:…``).

An ``esco`` or ``broader`` reference is an English preferred label of ESCO v1.1.1 exactly as ESCO writes
it: the build fails on one that is not, so a label ESCO renames is corrected in ``skills.csv`` itself.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CURATION_DIR: Path = Path(__file__).resolve().parent / "data" / "curation"
SKILL_COLUMNS = ("id", "fr", "en", "kind", "esco", "broader", "rome", "aliases", "reason", "source")
ALIAS_COLUMNS = ("skill", "alias", "reason", "source")
KINDS = frozenset({"hard_skill", "tool", "knowledge", "soft_skill", "language", "licence"})
SEP = "|"


@dataclass(frozen=True)
class CuratedSkill:
    id: str
    fr: str
    en: str
    kind: str
    esco: str
    broader: tuple[str, ...]
    rome: tuple[str, ...]
    aliases: tuple[str, ...]
    reason: str
    source: str


@dataclass(frozen=True)
class CuratedAlias:
    skill: str
    alias: str
    reason: str
    source: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("’", "'"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


def _cells(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(SEP) if part.strip())


def _read(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValueError(f"{path.name}: expected columns {columns}, got {reader.fieldnames}")
        return list(reader)


def read_skills(directory: Path = CURATION_DIR) -> list[CuratedSkill]:
    """The curated skills in file order (order matters: a later row refining the same ESCO concept
    sets its kind)."""
    out = []
    for row in _read(directory / "skills.csv", SKILL_COLUMNS):
        if row["kind"] not in KINDS:
            raise ValueError(f"skills.csv {row['id']}: unknown kind {row['kind']!r}")
        out.append(
            CuratedSkill(
                id=row["id"],
                fr=row["fr"],
                en=row["en"],
                kind=row["kind"],
                esco=row["esco"],
                broader=_cells(row["broader"]),
                rome=_cells(row["rome"]),
                aliases=_cells(row["aliases"]),
                reason=row["reason"],
                source=row["source"],
            )
        )
    return out


def read_aliases(directory: Path = CURATION_DIR) -> list[CuratedAlias]:
    return [CuratedAlias(**row) for row in _read(directory / "aliases.csv", ALIAS_COLUMNS)]


def _clean(text: str) -> str:
    text = " ".join(str(text).split())
    if SEP in text:
        raise ValueError(f"{text!r}: '{SEP}' separates list cells and cannot appear in a label")
    return text


def _append(path: Path, columns: tuple[str, ...], row: list[str]) -> None:
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if new:
            writer.writerow(columns)
        writer.writerow(row)


def append_alias(skill: str, alias: str, *, reason: str, source: str, directory: Path = CURATION_DIR) -> bool:
    """Record ``alias`` as a form of ``skill`` (a curated slug, an ESCO URI or a ``tremplin:`` id).

    ``source`` says who decided (e.g. ``"officer:jdupont 2026-12-07"``). Returns False, writing
    nothing, when the skill already has that form (compared folded) in the curation files.
    """
    skill, alias = _clean(skill), _clean(alias)
    if not skill or not alias:
        raise ValueError("skill and alias are required")
    key = _fold(alias)
    slug = skill.removeprefix("tremplin:")
    for row in read_skills(directory):
        if row.id in (skill, slug) and key in {_fold(x) for x in (row.fr, row.en, *row.aliases)}:
            return False
    for row in read_aliases(directory):
        if row.skill in (skill, slug) and _fold(row.alias) == key:
            return False
    _append(directory / "aliases.csv", ALIAS_COLUMNS, [skill, alias, _clean(reason), _clean(source)])
    return True


def append_skill(
    slug: str,
    label_fr: str,
    *,
    kind: str,
    reason: str,
    source: str,
    label_en: str = "",
    esco: str = "",
    broader: tuple[str, ...] = (),
    rome: tuple[str, ...] = (),
    aliases: tuple[str, ...] = (),
    directory: Path = CURATION_DIR,
) -> bool:
    """Record a new curated skill ``tremplin:<slug>``. Returns False when the slug exists already."""
    slug = _clean(slug).removeprefix("tremplin:")
    if not slug or not _clean(label_fr):
        raise ValueError("slug and label_fr are required")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if any(row.id == slug for row in read_skills(directory)):
        return False
    _append(
        directory / "skills.csv",
        SKILL_COLUMNS,
        [
            slug,
            _clean(label_fr),
            _clean(label_en) or _clean(label_fr),
            kind,
            _clean(esco),
            SEP.join(_clean(b) for b in broader),
            SEP.join(_clean(r) for r in rome),
            SEP.join(_clean(a) for a in aliases),
            _clean(reason),
            _clean(source),
        ],
    )
    return True
