"""Build backend/geo/data/communes.csv.gz from ../shared/data/geo (run once, output committed).

Keeps what Tremplin uses: INSEE code, accented name, département, région, postal codes,
latitude and longitude (5 decimals, ~1 m). Source: Coercive/FranceCities (COG 2022),
"Contient des données La Poste (ODbL) et INSEE".
"""

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "geo" / "communes_fr_2022.csv"
TARGET = ROOT / "backend" / "geo" / "data" / "communes.csv.gz"


def main() -> int:
    if not SOURCE.exists():
        print(f"Source introuvable : {SOURCE}", file=sys.stderr)
        return 1
    rows = []
    with SOURCE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["LATITUDE"] or not row["LONGITUDE"]:
                continue
            rows.append(
                (
                    row["REF_INSEE"],
                    row["NAME"],
                    row["DEPARTMENT"],
                    row["REGION"],
                    " ".join(sorted(set(row["ZIP_CODES"].replace(",", " ").split()))),
                    f"{float(row['LATITUDE']):.5f}",
                    f"{float(row['LONGITUDE']):.5f}",
                )
            )
    rows.sort()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the committed file byte-identical across rebuilds.
    with (
        open(TARGET, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(["insee", "name", "department", "region", "postal_codes", "lat", "lon"])
        writer.writerows(rows)
    print(f"{len(rows)} communes écrites dans {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
