"""Build the committed sample of France Travail offers (demo and tests of the territory feed).

Reads ``../shared/data/offers/francetravail_M1805_2023-2025_datavizft.jsonl`` (real offers in the
"Offres d'emploi v2" API's own format), drops every offer whose id is in
``nlp_models/data/gold/HELD_OUT_IDS.txt`` (by id only: their text is never read here), and keeps, in id
order: every offer of Hauts-de-France (départements 59, 62, 02, 60, 80), then offers of other
départements up to SIZE, plus a few without a commune (the feed rejects them, with a reason).

That file has no ``entreprise``: the company's name (what the CRM's prospects group by) is taken, where
it exists, from ``../shared/data/offers/francetravail_data_ia_2025-12.jsonl`` (the same France Travail
offers scraped with their ``company``), by offer id. That second file's offers of Hauts-de-France with a
company and a commune are added too, turned into the API's format: ``lieuTravail.commune`` is the INSEE
code of the commune its label names (``backend/geo/data/communes.csv.gz``), and ``romeCode`` — which that
file lacks — is the parent fiche the project's ROME classifier (``nlp_models.rome``, rome-clf-2) reads in
the title; an offer is kept only if that fiche is one of the school's trades, and carries
``"tremplinDerived": "romeCode"`` to say so. No ``experienceExige`` is invented for them.
Writes ``territory/data/sample_offers.jsonl`` byte for byte the same on every run.

Sources: DatavizFT/DatavizFT @ e526e3c (MIT) and the data-IA scrape of France Travail (December 2025),
offers published by their employers on France Travail.

    .venv/bin/python scripts/build_territory_sample.py
"""

import csv
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "offers" / "francetravail_M1805_2023-2025_datavizft.jsonl"
HELD_OUT = ROOT / "nlp_models" / "data" / "gold" / "HELD_OUT_IDS.txt"
COMPANIES = ROOT.parent / "shared" / "data" / "offers" / "francetravail_data_ia_2025-12.jsonl"
COMMUNES = ROOT / "backend" / "geo" / "data" / "communes.csv.gz"
TARGET = ROOT / "territory" / "data" / "sample_offers.jsonl"
# The parent fiches France Travail publishes for the school's trades (settings.SCHOOL_TRADES and the
# feed's TERRITORY_ROME_CODES).
SCHOOL_ROME = {"M1805", "M1855", "M1810", "I1401", "I1404", "G1238", "F1134", "I1314"}
REGION = ("59", "62", "02", "60", "80")
SIZE = 300
WITHOUT_COMMUNE = 6


def held_out_ids() -> set[str]:
    lines = HELD_OUT.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def communes_by_name() -> dict[tuple[str, str], str]:
    with gzip.open(COMMUNES, "rt", encoding="utf-8") as fh:
        return {(row["department"], _fold(row["name"])): row["insee"] for row in csv.DictReader(fh)}


def _contract(label: str) -> tuple[str, str] | None:
    """The data-IA file's contract label to the API's (typeContrat, typeContratLibelle)."""
    label = (label or "").strip()
    if label.upper().startswith("CDI"):
        return "CDI", "CDI"
    if label.upper().startswith("CDD"):
        return "CDD", label
    if "intérim" in label.lower() or "interim" in label.lower():
        return "MIS", label
    return None


def scraped_offers(excluded: set[str]) -> tuple[dict[str, str], list[dict]]:
    """(company by offer id, the region's offers of the school's trades in the API's format)."""
    if not COMPANIES.exists():
        return {}, []
    sys.path.insert(0, str(ROOT))
    from nlp_models.rome import load_model

    model = load_model()
    places = communes_by_name()
    companies: dict[str, str] = {}
    converted = []
    with COMPANIES.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in sorted(rows, key=lambda r: str(r["offer_id"])):
        ref, company = str(row["offer_id"]), (row.get("company") or "").strip()
        if company:
            companies.setdefault(ref, company)
        if ref in excluded or not company:
            continue
        department, _, name = str(row.get("location") or "").partition(" - ")
        insee = places.get((department.strip(), _fold(name)))
        contract = _contract(row.get("contract_type") or "")
        if department.strip() not in REGION or insee is None or contract is None:
            continue
        match = model.predict(row["title"], row.get("description") or None)
        if match.code not in SCHOOL_ROME:
            continue
        offer = {
            "id": ref,
            "intitule": row["title"],
            "description": row.get("description") or "",
            "dateCreation": row["published_date"],
            "romeCode": match.code,
            "romeLibelle": match.label,
            "appellationlibelle": match.appellation,
            "typeContrat": contract[0],
            "typeContratLibelle": contract[1],
            "natureContrat": "Contrat travail",
            "alternance": False,
            "nombrePostes": 1,
            "salaire": {"libelle": row["salary"]} if row.get("salary") else {},
            "lieuTravail": {"libelle": row["location"], "commune": insee},
            "entreprise": {"nom": company},
            "tremplinDerived": "romeCode",
        }
        converted.append(offer)
    return companies, converted


def build(report=None) -> dict[Path, bytes]:
    """The sample's bytes by target path (``scripts/rebuild.py`` writes or checks them)."""
    excluded = held_out_ids()
    offers = []
    with SOURCE.open(encoding="utf-8") as fh:
        for line in fh:
            offer = json.loads(line)
            if str(offer.get("id")) in excluded:
                continue
            offers.append(offer)
    offers.sort(key=lambda o: str(o["id"]))

    def department(offer: dict) -> str:
        return str((offer.get("lieuTravail") or {}).get("commune") or "")[:2]

    region = [o for o in offers if department(o) in REGION]
    nowhere = [o for o in offers if not department(o)][:WITHOUT_COMMUNE]
    others = [o for o in offers if department(o) and department(o) not in REGION]
    chosen = region + others[: max(0, SIZE - len(region) - len(nowhere))] + nowhere
    companies, scraped = scraped_offers(excluded)
    for offer in chosen:
        if offer.get("entreprise") is None and str(offer["id"]) in companies:
            offer["entreprise"] = {"nom": companies[str(offer["id"])]}
    known = {str(o["id"]) for o in chosen}
    added = [o for o in scraped if o["id"] not in known]
    chosen += added
    chosen.sort(key=lambda o: str(o["id"]))
    assert not {str(o["id"]) for o in chosen} & excluded
    named = sum(1 for o in chosen if (o.get("entreprise") or {}).get("nom"))
    if report is not None:
        report(
            f"{TARGET.relative_to(ROOT)}: {len(chosen)} offers ({len(region) + len(added)} in Hauts-de-France, "
            f"{len(added)} of them from the data-IA scrape with a derived romeCode; {named} with a company)"
        )
    lines = "".join(json.dumps(offer, ensure_ascii=False, sort_keys=True) + "\n" for offer in chosen)
    return {TARGET: lines.encode("utf-8")}


def main() -> int:
    for path, data in build(print).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
