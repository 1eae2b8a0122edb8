"""Pick the offers of the span-annotated gold (nlp_models/data/gold/offer_spans.jsonl) and freeze its test split.

Reads the two France Travail offer files of ../shared/data/offers, sorts titles into trades by keywords,
drops near-copies (word Jaccard >= 0.5 between descriptions, against each other and against the 121 offers
of offers.jsonl) and draws offers with a fixed seed. The whole system/network administration and IT support
trade goes to `test` (it is the "new trade" nothing is tuned on); the other trades are split ~60 % test /
40 % dev. Writes the selection (id, source, trade, split, title, text, ft_fields) as JSON lines to stdout
and, with --held-out, the ids that must never be mined to nlp_models/data/gold/HELD_OUT_IDS.txt.

A second, disjoint draw (``--more``, issue #11 item 5) grows the gold past 150 offers: ~90 offers of 9 trades
(``MORE_QUOTAS``) that are in no gold file yet, no near-copy of any gold offer nor of each other, 400..3,500
characters, 2/3 test and 1/3 dev. Test offers are taken first among the ids the facts models
(scripts/build_facts_models.py) hash to their own test split, dev offers among those they hash to dev, so the
held-out span offers are never what those models were fitted on. Half of each trade goes to annotation batch
"A" (offer_spans_more_a.ann), half to "B" (offer_spans_more_b.ann). It writes the manifest
nlp_models/data/gold/offer_spans_more.jsonl and, with --held-out, appends its test ids to HELD_OUT_IDS.txt.

Usage: python scripts/select_span_gold.py --held-out > /tmp/selection.jsonl
       python scripts/select_span_gold.py --more [--held-out]
"""

from __future__ import annotations

import argparse
import hashlib
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


def read_jsonl(path: Path) -> list[dict]:
    """One JSON object per line (the file closed at once)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def load() -> list[dict]:
    rows = []
    for r in read_jsonl(OFFERS / DATA_FILE):
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
    for r in read_jsonl(OFFERS / DEV_FILE):
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
    gold = read_jsonl(GOLD / "offers.jsonl")
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


# The second draw: its own seed, trade quotas (the pools of mobile, devops and project offers are small), shares.
MORE_SEED = 20261208
MORE_QUOTAS = {
    SYSADMIN: 3, "mobile": 5, "devops_cloud": 8, "project_product": 10, "web": 14, "software": 15,
    "data_engineering": 14, "data_science_ml": 14, "data_analysis_bi": 14,
}  # fmt: skip
MORE_TEST_SHARE = 2 / 3
MORE = GOLD / "offer_spans_more.jsonl"


def facts_split(offer_id: str) -> str:
    """The split scripts/build_facts_models.py gives an offer (a hash of its id: 70 % dev, 30 % test)."""
    return "dev" if int(hashlib.sha256(offer_id.encode()).hexdigest()[:8], 16) % 100 < 70 else "test"


def gold_texts() -> dict[str, str]:
    """Every offer already in the gold: offers.jsonl, offer_spans.jsonl (both .ann files) -> its text."""
    texts = {}
    for name in ("offers.jsonl", "offer_spans.jsonl"):
        for row in read_jsonl(GOLD / name):
            texts[row["id"]] = row["text"]
    return texts


def select_more() -> list[dict]:
    """The second draw (see the module's docstring); deterministic for given source files and gold."""
    rng = random.Random(MORE_SEED)
    rows = load()
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["id"]] = seen.get(row["id"], 0) + 1
    # ids found in both source files are left out: which copy is the truth is not clear
    rows = [r for r in rows if seen[r["id"]] == 1]
    gold = gold_texts()
    by_id = {r["id"]: r for r in rows}
    kept_words = [words(by_id[i]["description"]) if i in by_id else words(t) for i, t in gold.items()]

    def fresh(row: dict) -> bool:
        w = words(row["description"])
        if row["id"] in gold or any(jaccard(w, k) >= 0.5 for k in kept_words):
            return False
        kept_words.append(w)
        return True

    sysadmin_ids = {i for ids in SYSADMIN_IDS.values() for i in ids}
    pools: dict[str, list[dict]] = {trade: [] for trade in MORE_QUOTAS}
    for row in rows:
        if not 400 <= len(row["description"]) <= MAX_CHARS or row["id"] in gold:
            continue
        trade = SYSADMIN if row["id"] in sysadmin_ids else trade_of(row["title"])
        if trade:
            pools[trade].append(row)
    chosen: list[dict] = []
    for trade, quota in MORE_QUOTAS.items():
        pool = sorted(pools[trade], key=lambda r: (r["source"], r["id"]))
        rng.shuffle(pool)
        n_test = quota if trade == SYSADMIN else round(quota * MORE_TEST_SHARE)
        slots = {"test": n_test, "dev": quota - n_test}
        picked: dict[str, list[dict]] = {"test": [], "dev": []}
        later = []
        for row in pool:  # first pass: each split takes the ids the facts models hash to the same split
            split = facts_split(row["id"])
            if len(picked[split]) < slots[split]:
                if fresh(row):
                    picked[split].append(row)
            else:
                later.append(row)
        for row in later:  # then fill what is left from the others, in the same order
            split = "test" if len(picked["test"]) < slots["test"] else "dev"
            if len(picked[split]) < slots[split] and fresh(row):
                picked[split].append(row)
        ordered = [(row, "test") for row in picked["test"]] + [(row, "dev") for row in picked["dev"]]
        start = len(chosen) % 2  # odd-sized trades give their extra offer to A and B in turn
        for k, (row, split) in enumerate(ordered):
            batch = "AB"[(k + start) % 2]
            chosen.append({**row, "trade": trade, "split": split, "batch": batch})
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
    parser.add_argument("--more", action="store_true", help="the second draw: write offer_spans_more.jsonl")
    args = parser.parse_args()
    if args.more:
        more = select_more()
        keys = ("id", "source", "trade", "split", "batch", "title", "text", "ft_fields")
        MORE.write_text("".join(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n" for r in more))
        if args.held_out:
            path = GOLD / "HELD_OUT_IDS.txt"
            held = path.read_text(encoding="utf-8")
            new = [r["id"] for r in more if r["split"] == "test" and r["id"] not in held.split()]
            path.write_text(held + "".join(f"{i}\n" for i in new), encoding="utf-8")
        counts: dict[tuple[str, str, str], int] = {}
        for r in more:
            counts[r["trade"], r["split"], r["batch"]] = (
                counts.get((r["trade"], r["split"], r["batch"]), 0) + 1
            )
        print(f"{len(more)} offers -> {MORE.relative_to(ROOT)}", file=sys.stderr)
        for key, n in sorted(counts.items()):
            print(" ".join(key), n, file=sys.stderr)
        return
    chosen = select()
    for row in chosen:
        row = {k: v for k, v in row.items() if k != "description"}
        print(json.dumps(row, ensure_ascii=False))
    if args.held_out:
        lines = [f"{r['id']}" for r in chosen if r["split"] == "test"]
        (GOLD / "HELD_OUT_IDS.txt").write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
