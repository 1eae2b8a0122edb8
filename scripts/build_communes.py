"""Build the two communes tables from ../shared/data/geo (run once, outputs committed).

- ``backend/geo/data/communes.csv.gz``: what the platform uses (INSEE code, accented name,
  département, région, postal codes, latitude and longitude to 5 decimals, ~1 m);
- ``nlp_models/data/communes.json.gz``: every commune (and the Paris/Lyon/Marseille arrondissements)
  with its département, enough for ``nlp_models`` to resolve "59 - Lille" or "basé à Lens (62)"
  without Django.

Both gzip streams are written with mtime=0, so an unchanged source rebuilds byte for byte.
Source: Coercive/FranceCities (COG 2022), "Contient des données La Poste (ODbL) et INSEE".

    .venv/bin/python scripts/build_communes.py
"""

import csv
import gzip
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "geo" / "communes_fr_2022.csv"
TARGET = ROOT / "backend" / "geo" / "data" / "communes.csv.gz"
NLP_TARGET = ROOT / "nlp_models" / "data" / "communes.json.gz"


def read_rows() -> list[dict[str, str]]:
    with SOURCE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def platform_csv_bytes(source_rows: list[dict[str, str]]) -> bytes:
    rows = []
    for row in source_rows:
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
    buffer = io.BytesIO()
    # The gzip header names the file (« communes.csv »), as it did when written straight to disk.
    with (
        gzip.GzipFile(filename=TARGET.name, fileobj=buffer, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(["insee", "name", "department", "region", "postal_codes", "lat", "lon"])
        writer.writerows(rows)
    return buffer.getvalue()


def build_nlp_communes(source_rows: list[dict[str, str]]) -> dict:
    out = [
        [
            row["REF_INSEE"],
            row["NAME"],
            row["DEPARTMENT"],
            row["REGION"],
            row["IS_DISTRICT"] == "1",
            row["DISTRICT_OF"] or "",
        ]
        for row in source_rows
    ]
    out.sort()
    return {
        "format": 1,
        "source": "Coercive/FranceCities COG 2022 — Contient des données La Poste (ODbL) et INSEE",
        "communes": out,
    }


def nlp_json_bytes(payload: dict) -> bytes:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buffer.getvalue()


def build() -> dict[Path, bytes]:
    """Both tables' bytes by target path (``scripts/rebuild.py`` writes or checks them)."""
    if not SOURCE.exists():
        raise SystemExit(f"Source introuvable : {SOURCE}")
    source_rows = read_rows()
    return {
        TARGET: platform_csv_bytes(source_rows),
        NLP_TARGET: nlp_json_bytes(build_nlp_communes(source_rows)),
    }


def main() -> int:
    for path, data in build().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)} ({len(data) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
