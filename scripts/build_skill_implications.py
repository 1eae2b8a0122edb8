"""Write ``matching/ranker/data/skill_implications.csv``: reviewed "holding X implies Y" pairs.

One-off, re-runnable: each reviewed pair is written by *label* below and resolved here to the ids of
``nlp_models/data/taxonomy.json.gz`` (``nlp_models.taxonomy.load_taxonomy()``), so the committed file
carries real ids and this script fails loudly when a label is missing or ambiguous. The taxonomy's
broader relations (Symfony → PHP, Django → Python…) are applied by the ranker itself
(``SkillGraph``); this file only adds what they lack: frameworks whose ESCO broader concept is a
generic group ("JavaScript Framework") rather than the language, languages a tool is written in,
and the ROME duplicates of an ESCO concept (both directions).

    .venv/bin/python scripts/build_skill_implications.py
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from nlp_models.taxonomy import load_taxonomy

OUT = Path(__file__).resolve().parent.parent / "matching" / "ranker" / "data" / "skill_implications.csv"

DOC = "documentation officielle de l'outil"
# (skill label, implied label, reason, source). A label may be qualified as "label|id-suffix" when the
# taxonomy holds two concepts with the same French label.
FRAMEWORKS = [
    ("React", "JavaScript", "bibliothèque JavaScript", DOC),
    ("Vue.js", "JavaScript", "framework JavaScript", DOC),
    ("Svelte", "JavaScript", "framework JavaScript", DOC),
    ("Angular", "TypeScript", "framework écrit en TypeScript", DOC),
    ("Angular", "JavaScript", "framework web compilé en JavaScript", DOC),
    ("Framework AngularJS", "JavaScript", "framework JavaScript", DOC),
    ("Next.js", "JavaScript", "framework JavaScript (React)", DOC),
    ("NestJS", "TypeScript", "framework Node.js écrit en TypeScript", DOC),
    ("TypeScript", "JavaScript", "sur-ensemble typé de JavaScript", DOC),
    ("WordPress", "PHP", "CMS écrit en PHP (thèmes et extensions en PHP)", DOC),
    ("Drupal", "PHP", "CMS écrit en PHP", DOC),
    ("PrestaShop", "PHP", "CMS e-commerce écrit en PHP", DOC),
    ("Laravel", "PHP", "framework PHP", DOC),
    ("Symfony", "PHP", "framework PHP", DOC),
    ("Django", "Python (programmation informatique)", "framework Python", DOC),
    ("Flask", "Python (programmation informatique)", "framework Python", DOC),
    ("FastAPI", "Python (programmation informatique)", "framework Python", DOC),
    ("pandas", "Python (programmation informatique)", "bibliothèque Python", DOC),
    ("Spring", "Java (programmation informatique)", "framework Java", DOC),
    ("Hibernate", "Java (programmation informatique)", "bibliothèque Java", DOC),
    ("Sass", "CSS", "pré-processeur CSS", DOC),
    ("LESS", "CSS", "pré-processeur CSS", DOC),
    ("Tailwind CSS", "CSS", "framework CSS", DOC),
    ("Bootstrap", "CSS", "framework CSS", DOC),
    ("MySQL", "SQL", "base de données interrogée en SQL", DOC),
    ("PostgreSQL", "SQL", "base de données interrogée en SQL", DOC),
    ("SQL Server", "SQL", "base de données interrogée en SQL (T-SQL)", DOC),
    ("GitHub", "Git", "hébergement de dépôts Git", DOC),
    ("GitLab", "Git", "hébergement de dépôts Git", DOC),
    ("Bitbucket", "Git", "hébergement de dépôts Git", DOC),
    ("Home Assistant", "Domotique", "plateforme domotique", DOC),
    ("Jeedom", "Domotique", "plateforme domotique", DOC),
    ("KNX", "Domotique", "protocole domotique du bâtiment", DOC),
    ("Zigbee", "Domotique", "protocole domotique sans fil", DOC),
    ("Z-Wave", "Domotique", "protocole domotique sans fil", DOC),
    ("EnOcean", "Domotique", "protocole domotique sans fil", DOC),
    ("Loxone", "Domotique", "système domotique", DOC),
]
# The ROME "savoir" and the ESCO concept name the same skill: each implies the other.
SAME = [
    ("Programmation en JavaScript", "JavaScript"),
    ("Programmation en Python", "Python (programmation informatique)"),
    ("Domotique", "systèmes domotiques"),
    ("HTML|rome-savoir-102788", "HTML|tremplin:html"),
    ("Langage C#", "C#"),
    ("Ruby", "Ruby (programmation informatique)"),
    ("Framework AngularJS", "Angular"),
]


def resolve(tax, label: str) -> str:
    """The id of the one skill whose French label is ``label`` (optionally ``label|id-suffix``)."""
    text, _, suffix = label.partition("|")
    hits = [k for k, s in tax.skills.items() if s.label_fr == text and k.endswith(suffix)]
    if len(hits) != 1:
        sys.exit(f"{label!r}: {len(hits)} skills with that label in the taxonomy ({hits[:3]})")
    return hits[0]


def build() -> dict[Path, bytes]:
    """The pairs' bytes by target path (``scripts/rebuild.py`` writes or checks them)."""
    tax = load_taxonomy()
    rows = []
    for a, b, reason, source in FRAMEWORKS:
        rows.append((resolve(tax, a), resolve(tax, b), reason, source))
    for a, b in SAME:
        ia, ib = resolve(tax, a), resolve(tax, b)
        rows.append((ia, ib, "même compétence (ROME / ESCO)", "ROME 4.0 v460 et ESCO v1.1"))
        rows.append((ib, ia, "même compétence (ESCO / ROME)", "ROME 4.0 v460 et ESCO v1.1"))
    seen, out = set(), []
    for r in rows:
        if (r[0], r[1]) not in seen and r[0] != r[1]:
            seen.add((r[0], r[1]))
            out.append(r)
    out.sort()
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(["skill_id", "implied_id", "skill_label", "implied_label", "reason", "source"])
    for a, b, reason, source in out:
        w.writerow([a, b, tax.skills[a].label_fr, tax.skills[b].label_fr, reason, source])
    return {OUT: text.getvalue().encode("utf-8")}


def main() -> int:
    for path, data in build().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        pairs = data.count(b"\n") - 1  # after the header line
        print(f"{pairs} implications -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
