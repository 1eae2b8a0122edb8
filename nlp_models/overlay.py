"""Run-time additions to the packaged taxonomy: aliases and skills added by placement officers.

The platform keeps these decisions in its database; it hands them to :func:`nlp_models.set_overlay`
as plain data, and the next analysis uses them. Nothing here knows where they come from.

An overlay maps a skill id to its additions::

    {"tremplin:notion": {"label_fr": "Notion", "kind": "tool", "aliases": [], "broader": []},
     "tremplin:vuejs": {"aliases": ["Pinia"]}}

For a skill already in the taxonomy, ``aliases`` are added to its own (labels and kind stay); an
unknown id becomes a new skill (``label_fr`` required). Every overlay form counts as hand-curated, so
an ordinary word ("Notion") may name a skill, and every overlay skill is in the French matcher's scope.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace

from .taxonomy import SKILL_KINDS, SkillEntry, Taxonomy

Overlay = Mapping[str, Mapping]


def normalise_overlay(overlay: Overlay | None) -> dict[str, dict]:
    """A canonical copy of ``overlay`` (sorted, de-duplicated, validated); raises ``ValueError``."""
    out: dict[str, dict] = {}
    for sid, raw in sorted((overlay or {}).items()):
        if not isinstance(sid, str) or not sid.strip():
            raise ValueError(f"overlay skill id must be a non-empty string, got {sid!r}")
        raw = dict(raw or {})
        aliases = []
        for alias in raw.get("aliases") or ():
            alias = str(alias).strip()
            if alias and alias not in aliases:
                aliases.append(alias)
        kind = raw.get("kind") or "hard_skill"
        if kind not in SKILL_KINDS:
            raise ValueError(f"overlay skill {sid}: unknown kind {kind!r}")
        out[sid] = {
            "label_fr": str(raw.get("label_fr") or "").strip(),
            "label_en": str(raw.get("label_en") or "").strip(),
            "kind": kind,
            "aliases": aliases,
            "broader": sorted({str(b) for b in raw.get("broader") or () if b}),
        }
    return out


def overlay_key(overlay: Overlay | None) -> str:
    """A short stable hash of a (normalised) overlay; empty string for no overlay."""
    data = normalise_overlay(overlay)
    if not data:
        return ""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]


def apply_overlay(base: Taxonomy, overlay: Overlay | None) -> Taxonomy:
    """A new taxonomy: ``base`` plus the overlay's aliases and skills (``base`` is not modified)."""
    data = normalise_overlay(overlay)
    if not data:
        return base
    skills = dict(base.skills)
    core = set(base.core_ids)
    curated_ids = set(base.curated_ids)
    curated_aliases = dict(base.curated_aliases)
    for sid, add in data.items():
        entry = skills.get(sid)
        if entry is None:
            label = add["label_fr"] or add["label_en"] or (add["aliases"][0] if add["aliases"] else "")
            if not label:
                raise ValueError(f"overlay skill {sid}: a new skill needs label_fr")
            entry = SkillEntry(
                id=sid,
                label_fr=label,
                label_en=add["label_en"] or label,
                aliases=tuple(a for a in add["aliases"] if a != label),
                kind=add["kind"],
                broader=tuple(b for b in add["broader"] if b in base.skills or b in data),
                related=(),
                esco_uri=None,
                rome_codes=(),
                display_label=label,
            )
            hand_written = (entry.label_fr, entry.label_en, *entry.aliases)
        else:
            extra = tuple(a for a in add["aliases"] if a not in entry.aliases)
            broader = tuple(
                b for b in add["broader"] if b not in entry.broader and (b in skills or b in data)
            )
            entry = replace(entry, aliases=entry.aliases + extra, broader=entry.broader + broader)
            hand_written = tuple(add["aliases"])
        skills[sid] = entry
        core.add(sid)
        curated_ids.add(sid)
        curated_aliases[sid] = tuple(dict.fromkeys((*curated_aliases.get(sid, ()), *hand_written)))
    return replace(
        base,
        version=f"{base.version}+{overlay_key(data)}",
        skills=skills,
        core_ids=frozenset(core),
        curated_ids=frozenset(curated_ids),
        curated_aliases=curated_aliases,
    )
