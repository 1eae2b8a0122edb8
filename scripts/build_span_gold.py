"""Build nlp_models/data/gold/offer_spans.jsonl from the hand annotations in offer_spans.ann (the selection of
scripts/select_span_gold.py) and offer_spans_dev.ann (more dev offers, listed in ``DEV_TRADES``).

The offers (text, title, trade, split, France Travail fields) come from scripts/select_span_gold.py, which
reads ../shared/data/offers; the annotations are a compact hand-written file, one block per offer:

    = <offer id>
    @required <anchor>   from the first occurrence of <anchor> on, mentions are "required"
    @unknown <anchor>    ... and from here on "unknown" again (the text before any anchor is "unknown")
    @skip <anchor>       from here on (to the next anchor) nothing is a mention: a company or unit description
    f beginner=false remote=hybrid exp=2 contract=CDI months=12 smin=40000 smax=45000 period=year
    h PHP                a hard skill; every occurrence of "PHP" in the text is a mention
    h sauvegardes|sauvegarde = sauvegardes !nice #1,3
    s rigueur            soft skill; l anglais (language); p permis B (driving licence)
    h partie [réseaux]   only the bracketed part is the mention, found in that context
    x Ingénieur réseaux  no mention inside any occurrence of this string (a role or team name)

A mention line is `<type> <variants separated by |> [= skill name] [!required|!nice|!unknown|!negated]
[#occurrence numbers]`. Variants are found case-insensitively, as whole words; longer strings are placed
first and a shorter one never inside a span already taken. `#1,3` keeps only those occurrences (counted
from 1 over the text), to leave out e.g. a word inside the job title. The skill name defaults to the
first variant. Facts not given on the `f` line are read from the "Contrat :" and "Salaire :" header lines.

The second draw (select_span_gold.py --more, issue #11 item 5) is listed in offer_spans_more.jsonl (id, trade,
split, batch, text); its batches are annotated in offer_spans_more_a.ann and offer_spans_more_b.ann, each holding
only the offers of its batch. An offer of the manifest not annotated yet is reported and left out.

Usage: python scripts/build_span_gold.py   (fails loudly on a variant not found in its offer's text)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from select_span_gold import GOLD, MORE, jaccard, load, read_jsonl, select, trade_of, words  # noqa: E402

ANN = GOLD / "offer_spans.ann"
# More development offers (never test): the sysadmin/IT-support trade had none in dev. Their ids and trades are
# listed here; each must be outside HELD_OUT_IDS.txt and no near-copy of a held-out offer (checked on build).
DEV_ANN = GOLD / "offer_spans_dev.ann"
DEV_TRADES = {
    "201PVHP": "sysadmin_support", "198JDQV": "sysadmin_support", "3621465": "sysadmin_support",
    "3835633": "sysadmin_support", "198DPTD": "sysadmin_support", "198GDHN": "sysadmin_support",
    "201SXJW": "sysadmin_support", "6631837": "other",
}  # fmt: skip
ADDED = "2026-12-07, issue #11 item 5"  # marks the second draw's rows, so evaluate can print them apart
MORE_ANN = {"A": GOLD / "offer_spans_more_a.ann", "B": GOLD / "offer_spans_more_b.ann"}
OUT = GOLD / "offer_spans.jsonl"
TRADES_OUT = GOLD / "offer_trades.json"
# Trades of the 121 id-annotated offers (offers.jsonl): by title keywords (select_span_gold.TRADES), and by
# hand where the keywords say nothing or mislead. "other" = not a digital trade (fibre, machining...).
TRADE_OVERRIDES = {
    "202CHLB": "other", "6990476": "software", "7404955": "software", "6987686": "data_analysis_bi",
    "6904713": "data_analysis_bi", "5467567": "software", "201TVMG": "other", "6987684": "data_analysis_bi",
    "201RZQQ": "other", "201MJTH": "data_science_ml", "4455608": "cybersecurity", "7078440": "data_engineering",
    "6811229": "data_engineering", "6116521": "other", "201WDSR": "other", "8987840": "project_product",
    "6979436": "project_product", "6330381": "data_engineering", "8898696": "data_engineering",
    "6977435": "data_analysis_bi", "6553161": "devops_cloud", "7222461": "data_analysis_bi", "202CHHW": "other",
    "196YXYG": "data_engineering", "201WJBB": "data_science_ml", "200WVSD": "sysadmin_support",
    "202BLQN": "other", "200GLJF": "other", "201PTJX": "data_science_ml", "4732779": "data_engineering",
}  # fmt: skip
TYPES = {"h": "hard", "s": "soft", "l": "language", "p": "licence"}
LEVELS = ("required", "nice", "unknown", "negated")
CONTRACTS = {
    "CDI": "CDI", "CDD": "CDD", "MIS": "INTERIM", "LIB": "FREELANCE", "INTERIM": "INTERIM",
    "FREELANCE": "FREELANCE", "ALTERNANCE": "ALTERNANCE", "STAGE": "STAGE", "INTÉRIM": "INTERIM",
}  # fmt: skip
PERIODS = {"annuel": "year", "mensuel": "month", "horaire": "hour"}


def parse_ann(path: Path) -> dict[str, dict]:
    blocks: dict[str, dict] = {}
    current: dict | None = None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if line.startswith("= "):
            current = {"anchors": [], "facts": {}, "lines": [], "exclude": []}
            blocks[line[2:].strip()] = current
            continue
        if current is None:
            raise ValueError(f"line {n}: annotation before any '= id' line")
        if line.startswith("@"):
            level, _, anchor = line[1:].partition(" ")
            if level not in LEVELS + ("skip",):
                raise ValueError(f"line {n}: unknown level {level!r}")
            current["anchors"].append((level, anchor))
        elif line.startswith("x "):
            current["exclude"].append(line[2:].strip())
        elif line.startswith("f "):
            for item in line[2:].split():
                key, _, value = item.partition("=")
                current["facts"][key] = value
        elif line[:2] in {"h ", "s ", "l ", "p "}:
            body = line[2:]
            occ = None
            m = re.search(r"\s#([\d,]+)\s*$", body)
            if m:
                occ = {int(x) for x in m.group(1).split(",")}
                body = body[: m.start()]
            level = None
            m = re.search(r"\s!(\w+)\s*$", body)
            if m:
                level = m.group(1)
                if level not in LEVELS:
                    raise ValueError(f"line {n}: unknown level {level!r}")
                body = body[: m.start()]
            variants, _, skill = body.partition(" = ")
            variants = [v.strip() for v in variants.split("|") if v.strip()]
            current["lines"].append(
                {"type": TYPES[line[0]], "variants": variants, "skill": skill.strip() or variants[0],
                 "level": level, "occ": occ, "n": n}
            )  # fmt: skip
        else:
            raise ValueError(f"line {n}: cannot read {raw!r}")
    return blocks


def occurrences(text: str, variant: str) -> list[tuple[int, int]]:
    """Whole-word, case-insensitive matches; one- and two-letter names (C, R, Go, IA) keep their case.

    ``partie [réseaux]`` finds the whole string and returns the span of the bracketed part."""
    before, _, rest = variant.partition("[")
    inner, _, after = rest.partition("]")
    if not rest:
        before, inner, after = "", variant, ""
    flags = 0 if len(inner) <= 2 else re.IGNORECASE
    pattern = re.compile(
        r"(?<!\w)" + re.escape(before) + "(" + re.escape(inner) + ")" + re.escape(after) + r"(?![\w+#'’])",
        flags,
    )
    return [(m.start(1), m.end(1)) for m in pattern.finditer(text)]


def level_at(offset: int, regions: list[tuple[int, str]]) -> str:
    level = "unknown"
    for start, lvl in regions:
        if start <= offset:
            level = lvl
    return level


def header_facts(text: str) -> dict:
    facts = {"contract_type": None, "contract_months": None, "salary_min": None, "salary_max": None,
             "salary_period": None}  # fmt: skip
    m = re.search(r"^Contrat : (\w+)(?: - (\d+) Mois)?", text, re.M)
    if m:
        facts["contract_type"] = CONTRACTS.get(m.group(1).upper())
        if m.group(2):
            facts["contract_months"] = float(m.group(2))
    m = re.search(r"^Salaire : (Annuel|Mensuel|Horaire) de ([\d.]+) Euros(?: à ([\d.]+) Euros)?", text, re.M)
    if m:
        facts["salary_period"] = PERIODS[m.group(1).lower()]
        facts["salary_min"] = float(m.group(2))
        facts["salary_max"] = float(m.group(3) or m.group(2))
    return facts


def build_facts(text: str, given: dict[str, str]) -> dict:
    facts = header_facts(text)
    facts.update({"remote": None, "experience_years_min": None, "beginner_ok": False})
    keys = {"contract": "contract_type", "months": "contract_months", "smin": "salary_min",
            "smax": "salary_max", "period": "salary_period", "remote": "remote",
            "exp": "experience_years_min", "beginner": "beginner_ok"}  # fmt: skip
    for key, value in given.items():
        field = keys[key]
        if value in {"null", "none"}:
            facts[field] = None
        elif field == "beginner_ok":
            facts[field] = value == "true"
        elif field in {"contract_months", "salary_min", "salary_max", "experience_years_min"}:
            facts[field] = float(value)
        else:
            facts[field] = value
    return facts


def annotate(offer: dict, block: dict) -> dict:
    text = offer["text"]
    regions = []
    for level, anchor in block["anchors"]:
        pos = text.find(anchor)
        if pos < 0:
            raise ValueError(f"{offer['id']}: anchor {anchor!r} not in text")
        regions.append((pos, level))
    regions.sort()
    candidates = []
    for entry in block["lines"]:
        found = []
        for variant in entry["variants"]:
            spans = occurrences(text, variant)
            if not spans:
                raise ValueError(f"{offer['id']} line {entry['n']}: {variant!r} not in text")
            found.extend(spans)
        found.sort()
        if entry["occ"]:
            found = [s for k, s in enumerate(found, 1) if k in entry["occ"]]
        candidates.extend((span, entry) for span in found)
    taken: list[tuple[int, int]] = []
    for phrase in block["exclude"]:
        spans = occurrences(text, phrase)
        if not spans:
            raise ValueError(f"{offer['id']}: excluded {phrase!r} not in text")
        taken.extend(spans)
    mentions = []
    for (start, end), entry in sorted(candidates, key=lambda c: (-(c[0][1] - c[0][0]), c[0][0])):
        if any(start < e and s < end for s, e in taken) or level_at(start, regions) == "skip":
            continue
        taken.append((start, end))
        mentions.append(
            {"start": start, "end": end, "text": text[start:end], "type": entry["type"],
             "level": entry["level"] or level_at(start, regions), "skill": entry["skill"]}
        )  # fmt: skip
    mentions.sort(key=lambda m: m["start"])
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
    return {
        "id": offer["id"],
        "source": offer["source"],
        "trade": offer["trade"],
        "split": offer["split"],
        "title": offer["title"],
        "text": text,
        "mentions": mentions,
        "facts": build_facts(text, block["facts"]),
        "ft_fields": offer["ft_fields"],
    }


def trades_bytes() -> bytes:
    """offer_trades.json: {offer id: trade} for the 121 offers of offers.jsonl."""
    trades = {}
    for offer in read_jsonl(GOLD / "offers.jsonl"):
        trade = TRADE_OVERRIDES.get(offer["id"]) or trade_of(offer["title"])
        if trade is None:
            raise SystemExit(f"no trade for {offer['id']} {offer['title']!r}: add it to TRADE_OVERRIDES")
        trades[offer["id"]] = trade
    return (json.dumps(trades, ensure_ascii=False, indent=0, sort_keys=True) + "\n").encode("utf-8")


def held_out_ids() -> set[str]:
    lines = (GOLD / "HELD_OUT_IDS.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def dev_offers() -> dict[str, dict]:
    """The offers of ``DEV_TRADES``, split "dev"; fails if one is held out or a near-copy of a held-out offer
    (word Jaccard >= 0.5 between descriptions; nothing of the held-out offers is printed)."""
    held = held_out_ids()
    rows = load()
    held_words = [words(r["description"]) for r in rows if r["id"] in held]
    chosen = {}
    for row in rows:
        if row["id"] not in DEV_TRADES:
            continue
        w = words(row["description"])
        if row["id"] in held or any(jaccard(w, h) >= 0.5 for h in held_words):
            raise SystemExit(f"{row['id']} is held out or a near-copy of a held-out offer: not a dev offer")
        chosen[row["id"]] = {**row, "trade": DEV_TRADES[row["id"]], "split": "dev"}
    return chosen


def more_rows() -> tuple[list[dict], list[str]]:
    """The annotated offers of the second draw, in manifest order, and the ids not annotated yet.

    Fails when a batch file annotates an id that is not in the manifest or belongs to the other batch."""
    manifest = read_jsonl(MORE)
    by_id = {m["id"]: m for m in manifest}
    blocks: dict[str, dict] = {}
    for batch, path in MORE_ANN.items():
        if not path.exists():
            continue
        for offer_id, block in parse_ann(path).items():
            if offer_id not in by_id or by_id[offer_id]["batch"] != batch:
                raise SystemExit(f"{path.name}: {offer_id} is not an offer of batch {batch} in {MORE.name}")
            blocks[offer_id] = block
    rows = [{**annotate(m, blocks[m["id"]]), "added": ADDED} for m in manifest if m["id"] in blocks]
    return rows, [m["id"] for m in manifest if m["id"] not in blocks]


def build(report=None) -> dict[Path, bytes]:
    """The gold's and the trades' bytes by target path (``scripts/rebuild.py`` writes or checks them);
    ``report`` is given what is not annotated yet."""
    trades = trades_bytes()
    blocks = parse_ann(ANN)
    offers = {o["id"]: o for o in select()}
    unknown = set(blocks) - set(offers)
    if unknown:
        raise SystemExit(f"annotated ids not in the selection: {sorted(unknown)}")
    rows = [annotate(offer, blocks[i]) for i, offer in offers.items() if i in blocks]
    dev_blocks = parse_ann(DEV_ANN)
    extra = dev_offers()
    if set(dev_blocks) != set(extra) or set(dev_blocks) & set(offers):
        raise SystemExit(f"{DEV_ANN.name} must annotate exactly the DEV_TRADES offers: {sorted(dev_blocks)}")
    rows += [annotate(extra[i], dev_blocks[i]) for i in DEV_TRADES]
    more, more_missing = more_rows()
    if {r["id"] for r in more} & {r["id"] for r in rows}:
        raise SystemExit(f"{MORE.name} lists offers already in the gold")
    rows += more
    if report is not None:
        missing = [i for i in offers if i not in blocks]
        report(rows, missing, more, more_missing)
    gold = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    return {TRADES_OUT: trades, OUT: gold}


def main() -> None:
    def report(rows, missing, more, more_missing):
        print(
            f"{len(rows)} offers, {sum(len(r['mentions']) for r in rows)} mentions -> {OUT.relative_to(ROOT)}"
        )
        if missing:
            print(f"not annotated yet: {len(missing)} ({', '.join(missing)})")
        if more_missing:
            print(f"second draw, not annotated yet: {len(more_missing)} of {len(more) + len(more_missing)}")

    for path, data in build(report).items():
        path.write_bytes(data)


if __name__ == "__main__":
    main()
