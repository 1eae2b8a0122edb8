"""Throughput of the NLP pipeline on the 1,026 real offers, against a naive baseline, in one process.

    .venv/bin/python benchmarks/nlp_throughput.py [--limit N] [--repeat 3]

Prints (offers/s both by wall clock and by the process's CPU time, which is steadier on a shared
machine, with the load average at the start and the end): taxonomy load time (fresh parse of the committed file), pipeline build time, offers/s for
Tremplin's full analysis (skills with context, facts, ROME, commune) and for a naive spaCy
PhraseMatcher over the raw ESCO labels (French and English preferred and alternative labels, default
spaCy French tokenizer, lower-case match), and the process memory (RSS). Falls back to the gold
offers committed in the repo when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OFFERS = ROOT.parent / "shared" / "data" / "offers" / "francetravail_data_ia_2025-12.jsonl"
GOLD = ROOT / "nlp_models" / "data" / "gold" / "offers.jsonl"


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc), else the peak from getrusage."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    """The 1-minute load average and the core count: wall-clock figures mean little without them on a
    shared machine."""
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    except OSError:
        return "load average unknown"


def report(runs: list[tuple[float, float]], n: int) -> str:
    """Best and median of repeated runs, by wall clock and by CPU time (the best run is the one least
    disturbed by other processes, as timeit reports)."""
    walls = sorted(n / wall for wall, _ in runs)
    cpus = sorted(n / cpu for _, cpu in runs)
    return (
        f"{walls[-1]:.0f} offers/s best wall clock (median {walls[len(walls) // 2]:.0f}), "
        f"{cpus[-1]:.0f} offers/s best CPU time (median {cpus[len(cpus) // 2]:.0f}) over {len(runs)} runs"
    )


def load_items(limit: int | None) -> tuple[list[tuple[str, str | None]], str]:
    from nlp_models.sources import francetravail_offer_text

    if OFFERS.exists():
        with OFFERS.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        items = [(francetravail_offer_text(r), r.get("title")) for r in rows]
        source = f"{OFFERS.name} ({len(items)} offers)"
    else:
        with GOLD.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        items = [(r["text"], r.get("title")) for r in rows]
        source = f"gold offers ({len(items)}; ../shared/data not found)"
    return (items[:limit] if limit else items), source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the offers (best reported)")
    args = parser.parse_args()
    base_rss = rss_mb()
    print(f"start: {load_average()}")

    from nlp_models.taxonomy import TAXONOMY_FILE, _parse, load_taxonomy

    raw = TAXONOMY_FILE.read_bytes()
    started = time.perf_counter()
    _parse(raw)
    load_s = time.perf_counter() - started
    taxonomy = load_taxonomy()
    print(
        f"taxonomy: {len(taxonomy.skills)} skills, {TAXONOMY_FILE.stat().st_size / 1e6:.2f} MB file, "
        f"loaded in {load_s:.2f} s (target < 2 s)"
    )

    items, source = load_items(args.limit)
    print(f"input: {source}, {sum(len(t) for t, _ in items) / len(items):.0f} characters on average")

    from nlp_models.pipeline import Extractor
    from nlp_models.places import _index

    started = time.perf_counter()
    extractor = Extractor(taxonomy)
    extractor.nlp("fr")
    extractor.nlp("en")
    extractor.rome  # noqa: B018  (builds the ROME index)
    _index()
    print(
        f"Tremplin pipeline built in {time.perf_counter() - started:.1f} s (French + English, ROME, communes)"
    )

    list(extractor.pipe_offers(items[:20]))  # warm caches
    runs = []
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        analyses = list(extractor.pipe_offers(items))
        runs.append((time.perf_counter() - started, time.process_time() - cpu_started))
    n_skills = sum(len(a.skills) for a in analyses)
    print(
        f"Tremplin: {report(runs, len(items))}, {n_skills / len(items):.1f} skills per offer "
        f"(target >= 200 offers/s)"
    )
    print(f"memory after Tremplin: RSS {rss_mb():.0f} MB (process start {base_rss:.0f} MB)")

    import spacy
    from spacy.matcher import PhraseMatcher

    started = time.perf_counter()
    nlp = spacy.blank("fr")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    labels = set()
    for skill in taxonomy.skills.values():
        if skill.esco_uri:
            labels.update((skill.label_fr, skill.label_en, *skill.aliases))
    patterns = list(nlp.tokenizer.pipe(sorted(labels)))
    matcher.add("ESCO", patterns)
    print(
        f"baseline: PhraseMatcher over {len(labels)} raw ESCO labels, built in {time.perf_counter() - started:.1f} s"
    )
    runs = []
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        found = 0
        for doc in nlp.pipe([t for t, _ in items]):
            found += len(matcher(doc))
        runs.append((time.perf_counter() - started, time.process_time() - cpu_started))
    print(f"baseline: {report(runs, len(items))}, {found / len(items):.1f} matches per offer, no facts")
    print(
        f"memory at the end: RSS {rss_mb():.0f} MB, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(f"end: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
