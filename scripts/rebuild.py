"""Every committed reference file and the one script that builds it; rebuild them, or check them byte for byte.

    .venv/bin/python scripts/rebuild.py                  # rebuild every file in dependency order (make data)
    .venv/bin/python scripts/rebuild.py communes taxonomy # only these builders
    .venv/bin/python scripts/rebuild.py --check          # write nothing: name every file its builder
                                                          # would write differently (exit status 1)

``BUILDERS`` lists, in the order they must run, each builder with the files it writes: no file has two
builders. A builder module exposes ``build() -> {path: bytes}``; the ROME classifier's build script is run
as a command instead (``--out`` a temporary file). ``SOURCES`` lists the other committed data files, which
no script derives: hand-written or hand-annotated files and frozen draws. ``tests/scripts/test_rebuild.py``
checks that the two lists cover every committed data file and rebuilds the builders marked ``in_suite``;
the others (minutes each) only through ``--check`` here.

A check compares each builder's output, computed from the committed inputs, with the committed file; a
rebuild runs each builder's script in turn, in its own process, so a later builder reads what an earlier
one just wrote.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
SHARED = ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class Builder:
    name: str
    script: str  # under scripts/
    outputs: tuple[str, ...]  # paths from the repository's root
    needs_shared: bool  # reads ../shared/data
    in_suite: bool  # rebuilt by the test suite (seconds), else only by `rebuild.py --check` (minutes)
    command: bool = False  # run as a command with --out instead of calling build()


BUILDERS: tuple[Builder, ...] = (
    Builder(
        "communes",
        "build_communes.py",
        ("backend/geo/data/communes.csv.gz", "nlp_models/data/communes.json.gz"),
        needs_shared=True,
        in_suite=True,
    ),
    Builder(
        "admissions_communes",
        "build_admissions_communes.py",
        ("admissions/data/eligible_communes.csv",),
        needs_shared=False,
        in_suite=True,
    ),
    Builder(
        "taxonomy",
        "build_taxonomy.py",
        ("nlp_models/data/taxonomy.json.gz",),
        needs_shared=True,
        in_suite=True,
    ),
    Builder(
        "span_gold",
        "build_span_gold.py",
        ("nlp_models/data/gold/offer_trades.json", "nlp_models/data/gold/offer_spans.jsonl"),
        needs_shared=True,
        in_suite=True,
    ),
    Builder(
        "skill_implications",
        "build_skill_implications.py",
        ("matching/ranker/data/skill_implications.csv",),
        needs_shared=False,
        in_suite=True,
    ),
    Builder(
        "skill_vectors",
        "build_skill_vectors.py",
        ("nlp_models/data/skill_vectors.npz",),
        needs_shared=False,
        in_suite=True,
    ),
    Builder(
        "skill_ranker",
        "build_skill_ranker.py",
        ("nlp_models/data/skill_ranker.npz",),
        needs_shared=True,
        in_suite=True,
    ),
    Builder(
        "facts_models",
        "build_facts_models.py",
        ("nlp_models/data/beginner_model.json",),
        needs_shared=True,
        in_suite=True,
    ),
    Builder(
        "rome_model",
        "build_rome_model.py",
        ("nlp_models/data/rome_model.npz",),
        needs_shared=True,
        in_suite=False,
        command=True,
    ),
    # Reads the communes table and the ROME classifier: after both.
    Builder(
        "territory_sample",
        "build_territory_sample.py",
        ("territory/data/sample_offers.jsonl",),
        needs_shared=True,
        in_suite=True,
    ),
)

# Committed data files no script derives, and why (a path ending in "/": every file under it).
SOURCES: dict[str, str] = {
    "nlp_models/data/rules/": "hand-written word lists of the skill matcher's rules (form, reason, source)",
    "nlp_models/data/beginner_cues.csv": "hand-written cues of the beginner model (its features' definitions)",
    "demo/region/graduates.json": "the invented demo region: graduates' communes, names, tracks, projects",
    "matching/ranker/data/simulated_world.json": "the ranker's simulated region: real places, invented habits",
    "backend/accounts/data/mots-de-passe-courants.txt": "hand-written list of common French password roots",
    "nlp_models/data/curation/skills.csv": "hand-curated skills, a reason and a source per row",
    "nlp_models/data/curation/aliases.csv": "hand-curated aliases, a reason and a source per row",
    "nlp_models/data/gold/offers.jsonl": "hand-annotated gold: 121 real offers",
    "nlp_models/data/gold/profiles.jsonl": "hand-written and hand-annotated CV texts",
    "nlp_models/data/gold/rome_titles.jsonl": "hand-labelled ROME codes of real offer titles",
    "nlp_models/data/gold/offer_spans.ann": "hand annotations of the span gold",
    "nlp_models/data/gold/offer_spans_dev.ann": "hand annotations of the span gold (more dev offers)",
    "nlp_models/data/gold/offer_spans_more_a.ann": "hand annotations of the span gold's second draw, batch A",
    "nlp_models/data/gold/offer_spans_more_b.ann": "hand annotations of the span gold's second draw, batch B",
    "nlp_models/data/gold/offer_spans_more.jsonl": (
        "frozen draw (select_span_gold.py --more, once): a new draw would exclude the offers it added"
    ),
    "nlp_models/data/gold/HELD_OUT_IDS.txt": (
        "frozen test split (select_span_gold.py --held-out, then --more --held-out appended): never redrawn"
    ),
    "demo/region/employers.json": "the invented demo region: employers, partnerships, CRM",
    "demo/region/trades.json": "the invented demo region: offers' building blocks per trade",
    "demo/region/texts.json": "the invented demo region: offer intros, benefits, decline reasons",
}


def _module(builder: Builder) -> ModuleType:
    for path in (str(ROOT), str(SCRIPTS)):
        if path not in sys.path:
            sys.path.insert(0, path)
    name = f"tremplin_build_{builder.name}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / builder.script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def build(builder: Builder) -> dict[str, bytes]:
    """The builder's outputs, by path from the repository's root, computed from the committed inputs."""
    if builder.command:
        (target,) = builder.outputs
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / Path(target).name
            subprocess.run(
                [sys.executable, str(SCRIPTS / builder.script), "--out", str(out)],
                cwd=ROOT,
                check=True,
            )
            return {target: out.read_bytes()}
    outputs = _module(builder).build()
    return {str(Path(path).resolve().relative_to(ROOT)): data for path, data in outputs.items()}


def differing(builder: Builder) -> list[str]:
    """The builder's outputs whose committed bytes differ from a rebuild (or that are missing)."""
    outputs = build(builder)
    if sorted(outputs) != sorted(builder.outputs):
        raise SystemExit(
            f"{builder.script} writes {sorted(outputs)}, BUILDERS says {sorted(builder.outputs)}"
        )
    return [p for p, data in outputs.items() if not (ROOT / p).exists() or (ROOT / p).read_bytes() != data]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help=f"builders to run (default all): {[b.name for b in BUILDERS]}"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; name the files a rebuild changes"
    )
    args = parser.parse_args(argv)
    unknown = set(args.names) - {b.name for b in BUILDERS}
    if unknown:
        parser.error(f"unknown builders: {sorted(unknown)}")
    chosen = [b for b in BUILDERS if not args.names or b.name in args.names]
    if any(b.needs_shared for b in chosen) and not SHARED.exists():
        print(f"{SHARED} is missing: these builders read it", file=sys.stderr)
        return 2
    stale = []
    for builder in chosen:
        started = time.perf_counter()
        if args.check:
            bad = differing(builder)
            stale += bad
            verdict = "differs: " + ", ".join(bad) if bad else "identical"
        else:
            # Each builder in its own process, so that it reads the files the builders before it wrote
            # (nothing cached in this process from before).
            subprocess.run([sys.executable, str(SCRIPTS / builder.script)], cwd=ROOT, check=True)
            verdict = "written: " + ", ".join(builder.outputs)
        print(
            f"{builder.name} ({builder.script}, {time.perf_counter() - started:.0f} s): {verdict}", flush=True
        )
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
