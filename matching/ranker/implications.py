"""Reviewed "holding X implies Y" pairs shipped with the ranker (``data/skill_implications.csv``).

Written by ``scripts/build_skill_implications.py`` from ``nlp_models``' taxonomy ids; the taxonomy's
broader relations are applied by :class:`matching.ranker.SkillGraph` itself, this file only adds what
they lack (React ⇒ JavaScript, WordPress ⇒ PHP, Home Assistant ⇒ Domotique, ROME ⇔ ESCO duplicates).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

IMPLICATIONS_PATH = Path(__file__).resolve().parent / "data" / "skill_implications.csv"


def read_implications(path: str | Path | None = None) -> list[dict[str, str]]:
    """The rows of the file: ``skill_id, implied_id, skill_label, implied_label, reason, source``."""
    with open(path or IMPLICATIONS_PATH, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_implications(
    id_map: Mapping[str, object] | None = None, path: str | Path | None = None
) -> dict[str, list[str]]:
    """``{skill_id: [implied ids]}`` for :class:`SkillGraph` (``implies=``).

    The file holds taxonomy ids (``nlp_models``' ``SkillEntry.id``, the platform's ``Skill.uid``).
    With ``id_map`` (taxonomy id -> the id the matcher uses, e.g. ``{uid: str(pk)}``) ids are
    translated and pairs with an unknown side are dropped.
    """
    out: dict[str, list[str]] = {}
    for row in read_implications(path):
        a, b = row["skill_id"], row["implied_id"]
        if id_map is not None:
            if a not in id_map or b not in id_map:
                continue
            a, b = str(id_map[a]), str(id_map[b])
        out.setdefault(a, [])
        if b not in out[a]:
            out[a].append(b)
    return out
