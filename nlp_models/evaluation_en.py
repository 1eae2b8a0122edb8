"""English skill-ranking benchmarks of ``python -m nlp_models evaluate`` (Decorte et al.).

HOUSE and TECHWOLF are job-ad sentences labelled with ESCO skills. Each system ranks ESCO skills per
sentence; RP@5 = gold skills among the top 5 / min(5, |gold|), RP@10 likewise, MRR = reciprocal rank
of the first gold skill in the top 10, averaged over sentences with a gold skill (``LABEL NOT
PRESENT`` / ``UNDERSPECIFIED`` dropped), labels compared as ESCO preferred labels. Printed, in one
run and on the same sentences:

- the dictionary floor: the English matcher over every ESCO label and alternative label, longest
  and earliest mention first;
- the old ranker: that matcher, then :class:`~nlp_models.ranking.SkillRanker` (TF-IDF of labels);
- the ESCO ranker alone (:class:`~nlp_models.ranking.EscoSkillRanker`);
- ``ranked_skills`` exactly as ``python -m nlp_models extract`` writes it.

HOUSE test and TECHWOLF test are held out: nothing in the project is tuned on them. HOUSE
validation is what ``scripts/build_skill_ranker.py`` fits the ranker's weights on, so its figure is
an in-sample one, printed for reference only.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

from .pipeline import Extractor
from .ranking import SkillRanker, get_skill_ranker, ranked_skill_rows
from .text import fold

BENCHMARK_DIR = Path("benchmarks") / "skill_extraction" / "decorte_house_techwolf"
SETS = (
    ("HOUSE test (held out)", "house_test_annotations.csv"),
    ("TECHWOLF test (held out)", "techwolf_test_annotations.csv"),
    ("HOUSE validation (weights fitted here)", "house_validation_annotations.csv"),
)


def benchmark_sentences(path: Path) -> dict[str, list[str]]:
    """Sentence -> its gold ESCO preferred labels (possibly none), in file order."""
    gold: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = row["label"].strip()
            labels = gold.setdefault(row["sentence"], [])
            if label and label not in ("LABEL NOT PRESENT", "UNDERSPECIFIED") and label not in labels:
                labels.append(label)
    return gold


def rank_sentence(extractor: Extractor, sentence: str, ranker=None, k: int = 10) -> list[str]:
    """Skill ids for one sentence: those the matcher finds (longest and earliest mention first), then,
    when a ranker is given, the closest labels by TF-IDF until ``k``."""
    doc = extractor.nlp("en")(sentence)
    spans = sorted(doc.spans.get("skills", []), key=lambda s: (-(s.end_char - s.start_char), s.start_char))
    ranked: list[str] = []
    for span in spans:
        if span.label_ not in ranked:
            ranked.append(span.label_)
    if ranker is not None:
        for sid in ranker.rank(sentence, k):
            if len(ranked) >= k:
                break
            if sid not in ranked:
                ranked.append(sid)
    return ranked


def ranking_metrics(
    gold: dict[str, list[str]], rank: Callable[[str], list[str]], by_label: dict[str, str]
) -> dict[str, float]:
    """RP@5, RP@10, MRR of ``rank`` (sentence -> skill ids, best first) and its sentences/s."""
    rp5 = rp10 = mrr = 0.0
    n = unknown = 0
    started = time.perf_counter()
    for sentence, labels in gold.items():
        if not labels:
            continue
        ids = [by_label.get(fold(label)) for label in labels]
        unknown += sum(1 for i in ids if i is None)
        wanted = {i for i in ids if i}
        ranked = rank(sentence)[:10]
        n += 1
        rp5 += len(set(ranked[:5]) & wanted) / min(5, len(labels))
        rp10 += len(set(ranked) & wanted) / min(10, len(labels))
        mrr += next((1 / r for r, sid in enumerate(ranked, 1) if sid in wanted), 0.0)
    elapsed = time.perf_counter() - started
    return {
        "sentences": n,
        "RP@5": rp5 / n if n else 0.0,
        "RP@10": rp10 / n if n else 0.0,
        "MRR": mrr / n if n else 0.0,
        "unknown_labels": unknown,
        "sentences_per_s": n / elapsed if elapsed else 0.0,
    }


def extract_ranked_ids(extractor: Extractor, sentence: str, ranked_skill_rows) -> list[str]:
    """The ids of ``ranked_skills`` as ``python -m nlp_models extract`` writes them for one sentence."""
    analysis = next(iter(extractor.pipe_offers([(sentence, None)])))
    return [row["id"] for row in ranked_skill_rows(sentence, analysis, extractor.taxonomy)]


def run_english_benchmarks(extractor: Extractor, data: Path) -> None:
    """Print every system on every set; a message when the benchmarks are not at ``data``."""
    bench = data / BENCHMARK_DIR
    if not bench.exists():
        print(
            f"English benchmarks skipped: {bench} not found (they live in ../shared/data, not in the repo)."
        )
        return
    taxonomy = extractor.taxonomy
    by_label: dict[str, str] = {}
    for skill in taxonomy.skills.values():
        if skill.esco_uri:
            by_label.setdefault(fold(skill.label_en), skill.id)
    english = Extractor(taxonomy, scope="all")
    english.nlp("en")  # built outside the timings
    old = SkillRanker(taxonomy, scope="all")
    esco = get_skill_ranker()
    extractor.nlp("fr")
    systems = (
        ("dictionary floor (matcher over all ESCO labels)", lambda s: rank_sentence(english, s)),
        ("old ranker (matcher + TF-IDF of labels)", lambda s: rank_sentence(english, s, old)),
        ("ESCO ranker", lambda s: [r.id for r in esco.rank(s, 10)]),
        ("extract's ranked_skills", lambda s: extract_ranked_ids(extractor, s, ranked_skill_rows)),
    )
    for set_name, filename in SETS:
        gold = benchmark_sentences(bench / filename)
        for system, rank in systems:
            m = ranking_metrics(gold, rank, by_label)
            print(
                f"English {set_name}, {system}: {m['sentences']} sentences  RP@5={m['RP@5']:.3f} "
                f"RP@10={m['RP@10']:.3f} MRR={m['MRR']:.3f}  ({m['sentences_per_s']:.0f} sentences/s, "
                f"{m['unknown_labels']} gold labels not in the taxonomy)"
            )
