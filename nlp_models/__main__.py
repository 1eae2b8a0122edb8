"""Command line: ``python -m nlp_models extract|evaluate``.

python -m nlp_models extract [--kind offer|profile] < input.jsonl > output.jsonl
python -m nlp_models evaluate [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator

from .pipeline import get_extractor
from .ranking import ranked_skill_rows

OUTPUT_SKILL_FIELDS = ("id", "label", "esco_uri", "rome_code", "kind", "level", "start", "end")


def _read_jsonl(stream) -> Iterator[dict]:
    for n, line in enumerate(stream, 1):
        line = line.strip()
        if not line:
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"ligne {n} ignorée : JSON invalide ({exc})", file=sys.stderr)


def _skill_rows(skills) -> list[dict]:
    return [{k: getattr(s, k) for k in OUTPUT_SKILL_FIELDS} for s in skills]


def offer_record(item_id, analysis) -> dict:
    """One output line of ``extract --kind offer``."""
    return {
        "id": item_id,
        "language": analysis.language,
        "skills": _skill_rows(analysis.skills),
        "contract_type": analysis.contract_type,
        "contract_months": analysis.contract_months,
        "salary_min": analysis.salary_min,
        "salary_max": analysis.salary_max,
        "salary_period": analysis.salary_period,
        "remote": analysis.remote,
        "experience_years_min": analysis.experience_years_min,
        "beginner_ok": analysis.beginner_ok,
        "rome_code": analysis.rome_code,
        "rome_domain": analysis.rome_domain,
        "commune_insee": analysis.commune_insee,
    }


def profile_record(item_id, analysis) -> dict:
    """One output line of ``extract --kind profile``."""
    return {
        "id": item_id,
        "language": analysis.language,
        "skills": _skill_rows(analysis.skills),
        "experience_years_min": analysis.experience_years_min,
        "education_level": analysis.education_level,
        "commune_insee": analysis.commune_insee,
    }


def cmd_extract(args: argparse.Namespace) -> int:
    extractor = get_extractor()
    items = list(_read_jsonl(sys.stdin))
    if len(items) >= 50:
        print("chargement du pipeline…", file=sys.stderr, flush=True)
    extractor.nlp("fr")  # build before the clock starts, so the rate shown is the analysis rate
    started = time.perf_counter()
    total = len(items)
    progress_every = max(1, total // 20) if total >= 50 else 0

    def report(done: int) -> None:
        if progress_every and (done % progress_every == 0 or done == total):
            rate = done / max(time.perf_counter() - started, 1e-9)
            print(f"{done}/{total} documents ({rate:.0f}/s)", file=sys.stderr, flush=True)

    out = sys.stdout
    if args.kind == "offer":
        pairs = ((item.get("text") or "", item.get("title")) for item in items)
        for done, (item, analysis) in enumerate(zip(items, extractor.pipe_offers(pairs), strict=True), 1):
            record = offer_record(item.get("id"), analysis)
            text = "\n".join(x for x in (item.get("title"), item.get("text")) if x)
            record["ranked_skills"] = ranked_skill_rows(text, analysis, extractor.taxonomy)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            report(done)
    else:
        for done, item in enumerate(items, 1):
            analysis = extractor.extract_profile(item.get("text") or "")
            record = profile_record(item.get("id"), analysis)
            record["ranked_skills"] = ranked_skill_rows(item.get("text") or "", analysis, extractor.taxonomy)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            report(done)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import run_evaluation

    return run_evaluation(shared=args.shared)


def cmd_rome_evaluate(args: argparse.Namespace) -> int:
    from .rome_eval import evaluate_rome

    evaluate_rome(shared=args.shared)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp_models", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="JSONL {id, title, text} on stdin -> analyses on stdout")
    extract.add_argument("--kind", choices=("offer", "profile"), default="offer")
    extract.set_defaults(func=cmd_extract)
    evaluate = sub.add_parser("evaluate", help="scores on the gold set and the English benchmarks")
    evaluate.add_argument("--shared", default=None, help="path to shared/data (default ../shared/data)")
    evaluate.set_defaults(func=cmd_evaluate)
    rome = sub.add_parser("rome-evaluate", help="ROME classifier: top-1/top-3/domain/abstention per split")
    rome.add_argument("--shared", default=None, help="path to shared/data (default ../shared/data)")
    rome.set_defaults(func=cmd_rome_evaluate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
