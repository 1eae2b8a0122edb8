"""Workplace commune -> INSEE code, from the compact communes file shipped in ``data/``.

Built by ``scripts/build_taxonomy.py`` from the COG 2022 communes ("Contient des données La Poste
(ODbL) et INSEE"). Names are compared folded ("Liévin" == "lievin", "St" == "Saint").
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .facts import Evidence
from .text import fold

COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "communes.json.gz"
HAUTS_DE_FRANCE = "32"


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    department: str
    region: str
    district_of: str


def _key(name: str) -> str:
    key = fold(name).replace("-", " ").replace("'", " ")
    key = re.sub(r"\bst\b", "saint", key)
    key = re.sub(r"\bste\b", "sainte", key)
    return re.sub(r"\s+", " ", key).strip()


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, list[Commune]]:
    payload = json.loads(gzip.decompress(COMMUNES_FILE.read_bytes()))
    index: dict[str, list[Commune]] = {}
    for insee, name, dept, region, is_district, district_of in payload["communes"]:
        commune = Commune(insee, name, dept, region, district_of if is_district else "")
        index.setdefault(_key(name), []).append(commune)
    return index


def resolve_commune(name: str, department: str | None = None) -> Commune | None:
    """The commune called ``name`` (in ``department`` if given); Hauts-de-France wins ties."""
    key = _key(name)
    arrondissement = re.fullmatch(r"(paris|lyon|marseille) (\d{1,2})(?:e|er|eme)?(?: arrondissement)?", key)
    candidates = _index().get(key, [])
    if arrondissement:
        city, number = arrondissement.groups()
        wanted = f"{city} {int(number)}"
        for commune in (
            _index().get(wanted, [])
            + _index().get(f"{wanted}e", [])
            + _index().get(f"{wanted}{'er' if number.lstrip('0') == '1' else 'e'} arrondissement", [])
        ):
            return commune
        candidates = _index().get(city, [])
    if not candidates:
        return None
    candidates = [c for c in candidates if not c.district_of] or candidates
    if department:
        in_dept = [c for c in candidates if c.department == department.zfill(2)]
        if in_dept:
            return in_dept[0]
        if department.isdigit() and len(department) <= 3:
            return None
    hdf = [c for c in candidates if c.region == HAUTS_DE_FRANCE]
    return (hdf or candidates)[0]


_LOCATION_FIELD = re.compile(
    r"^(?:lieu(?: de travail)?|localisation|location|ville)\s*:\s*(?:(\d{2,3}|2[AB])\s*-\s*)?"
    r"([^\n(]+?)\s*(?:\((\d{2,3})\))?\s*$",
    re.I | re.M,
)
_IN_TEXT = re.compile(
    r"(?:bas[ée]e?s?|situ[ée]e?s?|localis[ée]e?s?|implant[ée]e?s?|poste|agence|si[èe]ge|bureaux?|site)\s+"
    r"(?:[àa]|sur|de|en plein c(?:oe|œ)ur de)\s+([A-ZÉÈÎ][\w'’\-]+(?:[\s\-](?:sur|sous|en|le|la|les|lès|lez|de|du|"
    r"d['’][A-ZÉÈ][\w'’\-]+|[A-ZÉÈ][\w'’\-]+)){0,4})(?:\s*\((\d{2,3})\))?"
)


def extract_commune(text: str) -> tuple[Commune | None, Evidence | None]:
    """Workplace from a "Lieu : 62 - LENS" field or "basé à Lens (62)" in the text."""
    m = _LOCATION_FIELD.search(text)
    if m:
        dept = m.group(1) or m.group(3)
        commune = resolve_commune(m.group(2), dept)
        if commune:
            return commune, Evidence(m.start(2), m.end(2), m.group(2))
    for m in _IN_TEXT.finditer(text):
        words = m.group(1).split()
        # Try the longest prefix first: "Villeneuve d'Ascq", then "Villeneuve".
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            commune = resolve_commune(name, m.group(2))
            if commune:
                start = m.start(1)
                return commune, Evidence(start, start + len(name), name)
    return None, None
