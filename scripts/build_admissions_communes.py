"""Build the list of communes whose residents may apply to the school (``admissions/data/eligible_communes.csv``).

The school recruits among the residents of the Communauté d'agglomération de Lens-Liévin (CALL, SIREN
246200364): its 36 member communes, as listed by the BANATIC (the State's base of intercommunalities,
composition on 1 January 2022, the COG year of the communes table). The names below are that list; each is
resolved to its INSEE code and postal code in the committed communes table
(``backend/geo/data/communes.csv.gz``, département 62), so a name that does not resolve to exactly one
commune fails the build instead of being guessed. Writes the same bytes on every run.

    .venv/bin/python scripts/build_admissions_communes.py
"""

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMUNES = ROOT / "backend" / "geo" / "data" / "communes.csv.gz"
TARGET = ROOT / "admissions" / "data" / "eligible_communes.csv"
EPCI = "CA de Lens-Liévin (246200364)"
MEMBERS = [
    "Ablain-Saint-Nazaire", "Aix-Noulette", "Angres", "Annay", "Avion", "Bénifontaine",
    "Billy-Montigny", "Bully-les-Mines", "Carency", "Éleu-dit-Leauwette", "Estevelles",
    "Fouquières-lès-Lens", "Givenchy-en-Gohelle", "Gouy-Servins", "Grenay", "Harnes", "Hulluch",
    "Lens", "Liévin", "Loison-sous-Lens", "Loos-en-Gohelle", "Mazingarbe", "Méricourt", "Meurchin",
    "Montigny-en-Gohelle", "Noyelles-sous-Lens", "Pont-à-Vendin", "Rouvroy", "Sains-en-Gohelle",
    "Sallaumines", "Servins", "Souchez", "Vendin-le-Vieil", "Villers-au-Bois", "Vimy", "Wingles",
]  # fmt: skip


def build() -> dict[Path, bytes]:
    """The list's bytes by target path (``scripts/rebuild.py`` writes or checks them)."""
    with gzip.open(COMMUNES, "rt", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["department"] == "62"]
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    out = []
    for name in MEMBERS:
        found = by_name.get(name, [])
        if len(found) != 1:
            raise SystemExit(f"{name}: {len(found)} communes of the Pas-de-Calais bear this name")
        out.append((found[0]["insee"], name, found[0]["postal_codes"].split(" ")[0]))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["insee", "name", "postal_code", "epci"])
    for insee, name, postal in sorted(out):
        writer.writerow([insee, name, postal, EPCI])
    return {TARGET: text.getvalue().encode("utf-8")}


def main() -> int:
    for path, data in build().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        rows = data.count(b"\n") - 1  # the header line is not a commune
        print(f"{rows} communes written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
