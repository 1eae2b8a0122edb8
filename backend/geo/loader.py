import csv
import gzip
import io
from pathlib import Path

from backend.core.text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "communes.csv.gz"


def read_communes(path: Path = DATA_FILE):
    """Yield dicts from the committed communes file (see scripts/build_communes.py)."""
    with gzip.open(path, "rb") as gz, io.TextIOWrapper(gz, encoding="utf-8", newline="") as text:
        for row in csv.DictReader(text):
            yield {
                "insee": row["insee"],
                "name": row["name"],
                "search_name": fold(row["name"]),
                "department": row["department"],
                "region": row["region"],
                "postal_codes": row["postal_codes"],
                "latitude": float(row["lat"]),
                "longitude": float(row["lon"]),
            }


def import_communes(commune_model, *, batch_size: int = 2000, progress=None) -> int:
    """Insert or update every commune; safe to run again. Returns the number of rows read."""
    batch, total = [], 0
    fields = ["name", "search_name", "department", "region", "postal_codes", "latitude", "longitude"]
    for data in read_communes():
        batch.append(commune_model(**data))
        if len(batch) >= batch_size:
            commune_model.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["insee"], update_fields=fields
            )
            total += len(batch)
            batch = []
            if progress:
                progress(total)
    if batch:
        commune_model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["insee"], update_fields=fields
        )
        total += len(batch)
        if progress:
            progress(total)
    return total
