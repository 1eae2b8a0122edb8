"""Build the committed sample of France Travail offers (demo and tests of the territory feed).

Reads ``../shared/data/offers/francetravail_M1805_2023-2025_datavizft.jsonl`` (real offers in the
"Offres d'emploi v2" API's own format), drops every offer whose id is in
``nlp_models/data/gold/HELD_OUT_IDS.txt`` (by id only: their text is never read here), and keeps, in id
order: every offer of Hauts-de-France (départements 59, 62, 02, 60, 80), then offers of other
départements up to SIZE, plus a few without a commune (the feed rejects them, with a reason).
Writes ``territory/data/sample_offers.jsonl`` byte for byte the same on every run.

Source: DatavizFT/DatavizFT @ e526e3c (MIT), offers published by their employers on France Travail.

    .venv/bin/python scripts/build_territory_sample.py
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "offers" / "francetravail_M1805_2023-2025_datavizft.jsonl"
HELD_OUT = ROOT / "nlp_models" / "data" / "gold" / "HELD_OUT_IDS.txt"
TARGET = ROOT / "territory" / "data" / "sample_offers.jsonl"
REGION = ("59", "62", "02", "60", "80")
SIZE = 300
WITHOUT_COMMUNE = 6


def held_out_ids() -> set[str]:
    lines = HELD_OUT.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main() -> int:
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
    chosen.sort(key=lambda o: str(o["id"]))
    assert not {str(o["id"]) for o in chosen} & excluded
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="\n") as out:
        for offer in chosen:
            out.write(json.dumps(offer, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{TARGET.relative_to(ROOT)}: {len(chosen)} offers ({len(region)} in Hauts-de-France)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
