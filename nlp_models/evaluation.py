"""``python -m nlp_models evaluate``: scores on the French gold set and the English benchmarks.

- French gold offers and CV texts (``data/gold/*.jsonl``, written by hand, see
  ``docs/annotation_guidelines.md``): micro precision / recall / F1 of skill ids, exact and with credit
  for a broader or narrower concept (up to two levels apart), requirement-level accuracy on the skills
  found, and the accuracy of each offer fact. Gold skills with no taxonomy entry (``unmapped``, written
  as the surface term) count as misses, unless the taxonomy has grown since and now names the term
  (same folded label or alias, owner chosen as the matcher chooses it): the term then counts as that
  skill (:func:`resolve_unmapped`), so adding a missing tool to the taxonomy can be measured.
- English HOUSE (test) and TECHWOLF (test) sets of Decorte et al.: RP@5, RP@10 and MRR as defined in
  the papers, the system ranking the ESCO skills it matches in each sentence. Skipped with a message
  when ``../shared/data`` is absent.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .pipeline import Extractor, get_extractor
from .taxonomy import Taxonomy
from .text import fold

GOLD_DIR = Path(__file__).resolve().parent / "data" / "gold"
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FACT_FIELDS = ("contract_type", "contract_months", "salary", "remote", "experience_years_min", "beginner_ok")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return f"{name:<34} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


def load_gold(name: str) -> list[dict]:
    path = GOLD_DIR / name
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _close(taxonomy: Taxonomy, a: str, b: str, cache: dict[str, set[str]]) -> bool:
    """a and b are the same skill or one is a broader concept of the other within two levels."""
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        if x not in cache:
            cache[x] = taxonomy.ancestors(x, max_depth=2)
        if y in cache[x]:
            return True
    return False


_TERM_INDEX: dict[str, dict[str, str]] = {}


def _term_index(taxonomy: Taxonomy) -> dict[str, str]:
    """Folded label or alias -> skill id over the matcher's scope (core skills), the owner of a form
    shared by several skills chosen as :class:`nlp_models.components.SkillMatcher` does: curated
    skills first, then the smallest id."""
    if taxonomy.version not in _TERM_INDEX:
        index: dict[str, str] = {}
        for sid in sorted(taxonomy.core_ids, key=lambda s: (s not in taxonomy.curated_ids, s)):
            skill = taxonomy.skills[sid]
            for label in (skill.label_fr, skill.label_en, *skill.aliases):
                key = fold(re.sub(r"\s*\([^)]*\)$", "", label))
                if key:
                    index.setdefault(key, sid)
        _TERM_INDEX[taxonomy.version] = index
    return _TERM_INDEX[taxonomy.version]


def resolve_unmapped(taxonomy: Taxonomy, terms: list[str]) -> tuple[set[str], list[str]]:
    """The gold ``unmapped`` terms that the taxonomy now names (as skill ids), and those it does not.

    An annotator writes a term in ``unmapped`` when the taxonomy has no entry for it; once an entry with
    that exact name (folded) exists, the annotation means that skill.
    """
    index = _term_index(taxonomy)
    resolved, unresolved = set(), []
    for term in terms:
        sid = index.get(fold(term))
        if sid is None:
            unresolved.append(term)
        else:
            resolved.add(sid)
    return resolved, unresolved


def score_skills(gold_docs: list[dict], predicted: list[set[str]], taxonomy: Taxonomy) -> tuple[PRF, PRF]:
    """Micro scores: exact ids, and with broader/narrower credit. Unresolved ``unmapped`` terms are
    misses."""
    exact, soft = PRF(), PRF()
    cache: dict[str, set[str]] = {}
    for doc, pred in zip(gold_docs, predicted, strict=True):
        resolved, unresolved = resolve_unmapped(taxonomy, doc.get("unmapped", []))
        gold = {s["id"] for s in doc["skills"]} | resolved
        unmapped = len(unresolved)
        exact.tp += len(gold & pred)
        exact.fp += len(pred - gold)
        exact.fn += len(gold - pred) + unmapped
        soft.tp += sum(1 for p in pred if any(_close(taxonomy, p, g, cache) for g in gold))
        soft.fp += sum(1 for p in pred if not any(_close(taxonomy, p, g, cache) for g in gold))
        soft.fn += sum(1 for g in gold if not any(_close(taxonomy, p, g, cache) for p in pred)) + unmapped
    return exact, soft


def _fact_value(analysis, name: str):
    if name == "salary":
        return (analysis.salary_min, analysis.salary_max, analysis.salary_period)
    return getattr(analysis, name)


def _gold_fact(facts: dict, name: str):
    if name == "salary":
        return (facts.get("salary_min"), facts.get("salary_max"), facts.get("salary_period"))
    return facts.get(name)


def _same(a, b) -> bool:
    if isinstance(a, tuple):
        return all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 0.051
    return a == b


def evaluate_offers(extractor: Extractor, gold: list[dict]) -> dict:
    extractor.nlp("fr")  # build outside the timing
    extractor.rome  # noqa: B018
    started = time.perf_counter()
    analyses = list(extractor.pipe_offers((d["text"], d.get("title")) for d in gold))
    elapsed = time.perf_counter() - started
    predicted = [{s.id for s in a.skills} for a in analyses]
    exact, soft = score_skills(gold, predicted, extractor.taxonomy)
    level_ok = level_n = 0
    for doc, analysis in zip(gold, analyses, strict=True):
        gold_levels = {s["id"]: s.get("level", "unknown") for s in doc["skills"]}
        for skill in analysis.skills:
            if skill.id in gold_levels:
                level_n += 1
                level_ok += skill.level == gold_levels[skill.id]
    unresolved = sum(len(resolve_unmapped(extractor.taxonomy, d.get("unmapped", []))[1]) for d in gold)
    facts = {}
    errors: dict[str, list] = defaultdict(list)
    for name in FACT_FIELDS:
        ok = 0
        for doc, analysis in zip(gold, analyses, strict=True):
            want, got = _gold_fact(doc["facts"], name), _fact_value(analysis, name)
            if _same(want, got):
                ok += 1
            else:
                errors[name].append((doc["id"], want, got))
        facts[name] = ok / len(gold) if gold else 0.0
    return {
        "unmapped": unresolved,
        "unmapped_resolved": sum(len(d.get("unmapped", [])) for d in gold) - unresolved,
        "exact": exact,
        "soft": soft,
        "level_acc": level_ok / level_n if level_n else 0.0,
        "level_n": level_n,
        "facts": facts,
        "errors": errors,
        "docs": len(gold),
        "seconds": elapsed,
    }


def evaluate_profiles(extractor: Extractor, gold: list[dict]) -> tuple[PRF, PRF]:
    predicted = [{s.id for s in extractor.extract_profile(d["text"]).skills} for d in gold]
    return score_skills(gold, predicted, extractor.taxonomy)


# ------------------------------------------------------------------------------------ English benchmarks
def _benchmark_sentences(path: Path) -> dict[str, list[str]]:
    gold: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = row["label"].strip()
            sentence = row["sentence"]
            labels = gold.setdefault(sentence, [])
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


def ranking_metrics(extractor: Extractor, gold: dict[str, list[str]], ranker=None) -> dict[str, float]:
    by_label: dict[str, str] = {}
    for skill in extractor.taxonomy.skills.values():
        if skill.esco_uri:
            by_label.setdefault(fold(skill.label_en), skill.id)
    extractor.nlp("en")  # build outside the timing
    rp5 = rp10 = mrr = 0.0
    n = 0
    unknown_labels = 0
    started = time.perf_counter()
    for sentence, labels in gold.items():
        if not labels:
            continue
        ids = [by_label.get(fold(label)) for label in labels]
        unknown_labels += sum(1 for i in ids if i is None)
        wanted = {i for i in ids if i}
        ranked = rank_sentence(extractor, sentence, ranker)
        n += 1
        rp5 += len(set(ranked[:5]) & wanted) / min(5, len(labels))
        rp10 += len(set(ranked[:10]) & wanted) / min(10, len(labels))
        for rank, sid in enumerate(ranked, 1):
            if sid in wanted:
                mrr += 1 / rank
                break
    elapsed = time.perf_counter() - started
    return {
        "sentences": n,
        "RP@5": rp5 / n,
        "RP@10": rp10 / n,
        "MRR": mrr / n,
        "unknown_labels": unknown_labels,
        "sentences_per_s": n / elapsed if elapsed else 0.0,
    }


def run_evaluation(shared: str | None = None) -> int:
    """Print every score; returns the process exit code."""
    extractor = get_extractor()
    offers = load_gold("offers.jsonl")
    held_out = [d for d in offers if d.get("split") == "test"]
    for split, docs in (
        ("development", [d for d in offers if d.get("split", "dev") == "dev"]),
        ("held-out", held_out),
        # The held-out split grew after its first scores were published (``added`` says when): each part
        # is also scored on its own so the figures stay comparable over time.
        ("held-out, first 18 (before issue #3)", [d for d in held_out if "added" not in d]),
        ("held-out, added for issue #3", [d for d in held_out if "added" in d]),
        ("all", offers),
    ):
        if split.startswith("held-out,") and len(docs) == len(held_out):
            continue
        if not docs:
            continue
        report = evaluate_offers(extractor, docs)
        print(
            f"French gold offers, {split}: {report['docs']} documents "
            f"({report['docs'] / report['seconds']:.0f} offers/s), "
            f"{report['unmapped_resolved']} unmapped gold terms now in the taxonomy, {report['unmapped']} still not"
        )
        print(report["exact"].line("  skills, exact id"))
        print(report["soft"].line("  skills, broader/narrower credit"))
        covered = PRF(report["exact"].tp, report["exact"].fp, report["exact"].fn - report["unmapped"])
        print(covered.line("  skills, exact id, in-taxonomy gold only"))
        print(
            f"  requirement level accuracy           {report['level_acc']:.3f} on {report['level_n']} skills found"
        )
        for name, acc in report["facts"].items():
            print(f"  {name:<36} accuracy {acc:.3f}")
    profiles = load_gold("profiles.jsonl")
    exact, soft = evaluate_profiles(extractor, profiles)
    print(f"French gold CV texts: {len(profiles)} documents")
    print(exact.line("  skills, exact id"))
    print(soft.line("  skills, broader/narrower credit"))

    data = Path(shared) if shared else DEFAULT_SHARED
    bench = data / "benchmarks" / "skill_extraction" / "decorte_house_techwolf"
    if not bench.exists():
        print(
            f"English benchmarks skipped: {bench} not found (they live in ../shared/data, not in the repo)."
        )
        return 0
    from .ranking import SkillRanker

    english = Extractor(extractor.taxonomy, scope="all")
    ranker = SkillRanker(extractor.taxonomy, scope="all")
    for name, filename, system, with_ranker in (
        ("HOUSE test", "house_test_annotations.csv", "matcher only", None),
        ("HOUSE test", "house_test_annotations.csv", "matcher + TF-IDF", ranker),
        ("TECHWOLF test", "techwolf_test_annotations.csv", "matcher only", None),
        ("TECHWOLF test", "techwolf_test_annotations.csv", "matcher + TF-IDF", ranker),
    ):
        metrics = ranking_metrics(english, _benchmark_sentences(bench / filename), with_ranker)
        name = f"{name}, {system}"
        print(
            f"English {name}: {metrics['sentences']} sentences  RP@5={metrics['RP@5']:.3f} "
            f"RP@10={metrics['RP@10']:.3f} MRR={metrics['MRR']:.3f}  ({metrics['sentences_per_s']:.0f} sentences/s, "
            f"{metrics['unknown_labels']} gold labels not in the taxonomy)"
        )
    return 0
