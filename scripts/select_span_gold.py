"""Pick the offers of the span-annotated gold (nlp_models/data/gold/offer_spans.jsonl) and freeze its test split.

Reads the two France Travail offer files of ../shared/data/offers, sorts titles into trades by keywords,
drops near-copies (word Jaccard >= 0.5 between descriptions, against each other and against the 121 offers
of offers.jsonl) and draws offers with a fixed seed. The whole system/network administration and IT support
trade goes to `test` (it is the "new trade" nothing is tuned on); the other trades are split ~60 % test /
40 % dev. Writes the selection (id, source, trade, split, title, text, ft_fields) as JSON lines to stdout
and, with --held-out, the ids that must never be mined to nlp_models/data/gold/HELD_OUT_IDS.txt.

Usage: python scripts/select_span_gold.py --held-out > /tmp/selection.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_models.sources import francetravail_offer_text  # noqa: E402

OFFERS = ROOT.parent / "shared" / "data" / "offers"
DEV_FILE = "francetravail_M1805_2023-2025_datavizft.jsonl"
DATA_FILE = "francetravail_data_ia_2025-12.jsonl"
GOLD = ROOT / "nlp_models" / "data" / "gold"
SEED = 20261207
SYSADMIN = "sysadmin_support"

# Trade keywords on the title, first match wins. The sysadmin/support trade is listed by id: its titles are
# too varied ("Informaticien (H/F)") for keywords alone, so every title matching SYSADMIN_TITLE was read and
# the ones whose job is administration, support or IT maintenance kept (industrial and dev roles left out).
SYSADMIN_TITLE = re.compile(
    r"administrat(eur|rice)|technicien|support|r[ée]seau|help ?desk|exploitation|syst[èe]me|infra|informaticien",
    re.IGNORECASE,
)
SYSADMIN_IDS = {
    DATA_FILE: ["7158433", "7158463", "201CWJX", "201FSDF", "201PVHP", "6965089", "200WVSD"],
    DEV_FILE: [
        "0400826", "196YCFM", "198DPTD", "198JDQV", "198JGHN", "2180536", "3237786", "3676520",
        "3300666", "3421985", "3487101", "3559342", "3793217", "3835633", "197QVNW", "197YBWM",
        "198BGZC", "198GNRZ", "198HRPR", "198NFCD", "2407204", "2582251", "3108547", "3323055",
        "3476832", "3621299", "3621465",
    ],
}  # fmt: skip
MAX_SYSADMIN = 25
TRADES = [
    ("mobile", r"\bmobile|android|\bios\b|flutter|react native|kotlin|swift"),
    ("devops_cloud", r"devops|ing[ée]nieur cloud|architecte cloud|cloud (engineer|ops)|\bsre\b|kubernetes|platform engineer"),
    ("project_product", r"chef de projet|product owner|product manager|\bpo\b|scrum|project manager|\bmoa\b|amoa"),
    ("data_engineering", r"data engineer|ing[ée]nieur (de )?(la )?donn[ée]es|ing[ée]nieur data|databricks|big data"),
    ("data_science_ml", r"data scien|machine learning|\bml\b|\bia\b|intelligence artificielle|deep learning|\bllm|\bnlp"),
    ("data_analysis_bi", r"data analyst|web analyst|analyste (de )?donn|\bbi\b|business intelligence|d[ée]cisionnel|power ?bi|reporting"),
    ("web", r"\bweb\b|front|php|symfony|wordpress|react|angular|vue\.?js|javascript|int[ée]grateur"),
    ("software", r"d[ée]veloppeu|concepteur|programmeur|ing[ée]nieur (logiciel|d[ée]veloppement)|java|\.net|c#|c\+\+|python|full.?stack|back.?end"),
]  # fmt: skip
EXCLUDE_TITLE = re.compile(
    r"embarqu|industri|usinage|commande num|m[ée]caniq|m[ée]thodes|alternan|apprenti|stage|stagiaire", re.I
)
PER_TRADE = 4
MAX_CHARS = 3500  # annotation budget: very long offers (mostly boilerplate) are left out of the draw
TEST_SHARE = 0.6


def trade_of(title: str) -> str | None:
    if EXCLUDE_TITLE.search(title):
        return None
    for trade, pattern in TRADES:
        if re.search(pattern, title, re.IGNORECASE):
            return trade
    return None


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def load() -> list[dict]:
    rows = []
    for line in (OFFERS / DATA_FILE).open(encoding="utf-8"):
        r = json.loads(line)
        rows.append(
            {
                "id": r["offer_id"],
                "source": DATA_FILE,
                "title": r["title"],
                "text": francetravail_offer_text(r),
                "description": r["description"],
                "ft_fields": {"contract_type": r.get("contract_type"), "salary": r.get("salary")},
            }
        )
    for line in (OFFERS / DEV_FILE).open(encoding="utf-8"):
        r = json.loads(line)
        record = {
            "contract_type": r.get("typeContrat"),
            "salary": (r.get("salaire") or {}).get("libelle"),
            "location": (r.get("lieuTravail") or {}).get("libelle"),
            "description": r.get("description") or "",
        }
        rows.append(
            {
                "id": r["id"],
                "source": DEV_FILE,
                "title": r["intitule"],
                "text": francetravail_offer_text(record),
                "description": record["description"],
                "ft_fields": {
                    "typeContrat": r.get("typeContrat"),
                    "experienceExige": r.get("experienceExige"),
                    "experienceLibelle": r.get("experienceLibelle"),
                    "salaire": (r.get("salaire") or {}).get("libelle"),
                    "romeCode": r.get("romeCode"),
                    "appellationlibelle": r.get("appellationlibelle"),
                    "alternance": r.get("alternance"),
                },
            }
        )
    return rows


def select() -> list[dict]:
    rng = random.Random(SEED)
    rows = load()
    gold = [json.loads(line) for line in (GOLD / "offers.jsonl").open(encoding="utf-8")]
    gold_ids = {g["id"] for g in gold}
    kept_words = [words(g["text"]) for g in gold]

    def fresh(row: dict) -> bool:
        if row["id"] in gold_ids:
            return False
        w = words(row["description"])
        if any(jaccard(w, k) >= 0.5 for k in kept_words):
            return False
        kept_words.append(w)
        return True

    by_key = {(r["source"], r["id"]): r for r in rows}
    chosen: list[dict] = []
    sysadmin = [by_key[(src, i)] for src, ids in SYSADMIN_IDS.items() for i in ids]
    rng.shuffle(sysadmin)
    for row in sysadmin:
        if len([c for c in chosen if c["trade"] == SYSADMIN]) >= MAX_SYSADMIN:
            break
        if fresh(row):
            chosen.append({**row, "trade": SYSADMIN, "split": "test"})

    sysadmin_ids = {i for ids in SYSADMIN_IDS.values() for i in ids}
    pools: dict[str, list[dict]] = {trade: [] for trade, _ in TRADES}
    for row in rows:
        trade = trade_of(row["title"])
        if trade and row["id"] not in sysadmin_ids and 400 <= len(row["description"]) <= MAX_CHARS:
            pools[trade].append(row)
    for trade, _ in TRADES:
        pool = pools[trade]
        rng.shuffle(pool)
        picked = []
        for row in pool:
            if len(picked) >= PER_TRADE:
                break
            if fresh(row):
                picked.append(row)
        n_test = round(len(picked) * TEST_SHARE)
        for k, row in enumerate(picked):
            chosen.append({**row, "trade": trade, "split": "test" if k < n_test else "dev"})
    return chosen


HEADER = """\
# HELD-OUT OFFERS of the span gold (nlp_models/data/gold/offer_spans.jsonl), frozen on 2026-12-07.
# Every id below is in the TEST split (the whole sysadmin/IT-support trade and ~60 % of the other trades).
# Engineers must NEVER read, mine, grep, print or run any tool (extractor, taxonomy builder, rule
# miner, lexicon harvesting) on these offers, in the gold file or in ../shared/data/offers: exclude these
# ids from every corpus you tune on. Only `python -m nlp_models evaluate` may score them.
# One France Travail offer id per line (ids are unique across both source files).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="write nlp_models/data/gold/HELD_OUT_IDS.txt")
    args = parser.parse_args()
    chosen = select()
    for row in chosen:
        row = {k: v for k, v in row.items() if k != "description"}
        print(json.dumps(row, ensure_ascii=False))
    if args.held_out:
        lines = [f"{r['id']}" for r in chosen if r["split"] == "test"]
        (GOLD / "HELD_OUT_IDS.txt").write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
