"""The word lists of the skill matcher's rules, kept as reviewable CSV files in ``data/rules/``.

Each file has the columns ``form``, ``reason`` (why the rule needs the word) and ``source`` (where
the word came from: a rule of SKILL_SPANS.md, a dev error, ROME / ESCO); one row per word, so that a
placement officer or a reviewer can read and change a list without reading Python. The rules that
use them live in :mod:`nlp_models.components`:

- ``ambiguous_cased.csv``: aliases that are also ordinary words, taken only in this casing (« R »,
  « Go », « AD »);
- ``needs_tech_context.csv``: tech names that are also common words, taken with a technical cue or
  in a list (« vue », « node », « excel »);
- ``needs_list_context.csv``: products named by a common word, taken only in a list (« Access »);
- ``generic_forms.csv``: ESCO labels that alone name no skill (« gestion », « support »);
- ``generic_categories.csv``: categories that give way to the product named with them (« serveurs
  Linux ») and ``lower_products.csv``, products that may follow them in lower case;
- ``role_domains.csv``: domains that name a role after a role noun (« Ingénieur DevOps »);
- ``generic_verbs.csv``: verbs that name no task of their own (« réaliser des maquettes »);
- ``area_list_only.csv``: knowledge areas taken only as an item of a list (« systèmes »).

Plain Python (csv only), read once per process.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from .text import fold

RULES_DIR: Path = Path(__file__).resolve().parent / "data" / "rules"
COLUMNS = ("form", "reason", "source")


@functools.cache
def read_forms(name: str) -> tuple[str, ...]:
    """The ``form`` column of ``data/rules/<name>.csv`` as written, in file order; every row must give a
    form and a reason."""
    path = RULES_DIR / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path.name}: expected columns {COLUMNS}, got {reader.fieldnames}")
        rows = list(reader)
    for n, row in enumerate(rows, 2):
        if not row["form"].strip() or not row["reason"].strip():
            raise ValueError(f"{path.name}, line {n}: a form and its reason are required")
    return tuple(row["form"].strip() for row in rows)


def folded_set(name: str) -> frozenset[str]:
    """The folded forms of a list (accents and case removed, as the matcher compares them)."""
    return frozenset(fold(form) for form in read_forms(name))


def cased_forms(name: str) -> dict[str, str]:
    """Folded form -> the one spelling the list allows (« iac » -> « IaC »)."""
    return {fold(form): form for form in read_forms(name)}
