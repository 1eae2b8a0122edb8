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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "geo" / "communes_fr_2022.csv"
TARGET = ROOT / "backend" / "geo" / "data" / "communes.csv.gz"
NLP_TARGET = ROOT / "nlp_models" / "data" / "communes.json.gz"


def read_rows() -> list[dict[str, str]]:
    with SOURCE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_platform_csv(source_rows: list[dict[str, str]]) -> int:
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
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(TARGET, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(["insee", "name", "department", "region", "postal_codes", "lat", "lon"])
        writer.writerows(rows)
    return len(rows)


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


def write_nlp_json(payload: dict) -> int:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    NLP_TARGET.parent.mkdir(parents=True, exist_ok=True)
    NLP_TARGET.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def main() -> int:
    if not SOURCE.exists():
        print(f"Source introuvable : {SOURCE}", file=sys.stderr)
        return 1
    source_rows = read_rows()
    n = write_platform_csv(source_rows)
    print(f"{n} communes écrites dans {TARGET.relative_to(ROOT)}")
    payload = build_nlp_communes(source_rows)
    size = write_nlp_json(payload)
    print(f"{len(payload['communes'])} communes -> {NLP_TARGET.relative_to(ROOT)} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
