"""Who may apply: residents of the communes in ``data/eligible_communes.csv``.

That file is built by ``scripts/build_admissions_communes.py`` from the committed communes table: the 36
member communes of the Communauté d'agglomération de Lens-Liévin (the school's agglomeration).
"""

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "eligible_communes.csv"


@cache
def eligible_communes() -> dict[str, str]:
    """INSEE code → name of every eligible commune."""
    with DATA.open(encoding="utf-8") as handle:
        return {row["insee"]: row["name"] for row in csv.DictReader(handle)}


def is_eligible(insee: str) -> bool:
    return insee in eligible_communes()


def epci_label() -> str:
    return "Communauté d'agglomération de Lens-Liévin"
