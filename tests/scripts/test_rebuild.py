"""Every committed reference file has one builder in scripts/ (or is a hand-written source) and its builder
rebuilds it byte for byte (#16). ``scripts/rebuild.py`` holds both lists; ``make data`` runs it.

The ROME classifier's rebuild takes many minutes: it is not run here but by
``python scripts/rebuild.py --check rome_model`` (``make check-data`` checks every file)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("tremplin_rebuild", ROOT / "scripts" / "rebuild.py")
rebuild = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = rebuild
_spec.loader.exec_module(rebuild)

SHARED_MISSING = not rebuild.SHARED.exists()


def committed_data_files() -> list[str]:
    """Tracked files under a ``data/`` directory of the code, and the demo region's tables."""
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    return [
        path
        for path in listed
        if not path.startswith("tests/") and ("/data/" in f"/{path}" or path.startswith("demo/region/"))
    ]


def _is_source(path: str) -> bool:
    return any(path == s or (s.endswith("/") and path.startswith(s)) for s in rebuild.SOURCES)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git clone to list committed files")
def test_every_committed_data_file_has_exactly_one_builder_or_is_a_source():
    files = committed_data_files()
    assert len(files) > 25
    builders: dict[str, list[str]] = {}
    for builder in rebuild.BUILDERS:
        assert (ROOT / "scripts" / builder.script).exists(), builder.script
        for output in builder.outputs:
            builders.setdefault(output, []).append(builder.name)
    assert {o: b for o, b in builders.items() if len(b) > 1} == {}, "one builder per output"
    assert [o for o in builders if o not in files] == [], "every output is committed"
    assert [o for o in builders if _is_source(o)] == [], "an output is not a source"
    assert [f for f in files if f not in builders and not _is_source(f)] == [], (
        "a committed data file neither built by a script of rebuild.BUILDERS nor listed in rebuild.SOURCES"
    )
    for source in rebuild.SOURCES:
        assert any(f == source or (source.endswith("/") and f.startswith(source)) for f in files), source


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git clone to list committed files")
def test_the_built_package_ships_every_data_file_the_code_reads(tmp_path):
    # setuptools' build of the packages (what a wheel holds), egg-info kept out of the work tree
    subprocess.run(
        [sys.executable, "-W", "ignore", "-c", "from setuptools import setup; setup()", "-q", "egg_info",
         "--egg-base", str(tmp_path), "build_py", "--build-lib", str(tmp_path / "lib")],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    built = {str(p.relative_to(tmp_path / "lib")) for p in (tmp_path / "lib").rglob("*") if p.is_file()}
    # the hand annotations are read only by scripts/build_span_gold.py, which writes offer_spans.jsonl
    needed = [f for f in committed_data_files() if not f.endswith(".ann")]
    assert [f for f in needed if f not in built] == []
    assert "nlp_models/rome.py" in built


def test_builders_run_after_what_they_read():
    order = [b.name for b in rebuild.BUILDERS]
    # the admissions list and the territory sample read the communes table; the vectors and the
    # implications read the taxonomy; the territory sample reads the ROME classifier
    assert order.index("communes") < order.index("admissions_communes")
    assert order.index("communes") < order.index("territory_sample")
    assert order.index("taxonomy") < min(order.index("skill_vectors"), order.index("skill_implications"))
    assert order.index("rome_model") < order.index("territory_sample")


def test_make_data_runs_every_builder_and_make_models_the_models():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")

    def recipe(target: str) -> str:
        return re.search(rf"^{target}: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1).strip()

    assert recipe("data") == "$(BIN)/python scripts/rebuild.py"
    assert recipe("check-data") == "$(BIN)/python scripts/rebuild.py --check"
    command, _, names = recipe("models").partition(" scripts/rebuild.py ")
    assert command == "$(BIN)/python"
    assert set(names.split()) <= {b.name for b in rebuild.BUILDERS}
    models = {b.name for b in rebuild.BUILDERS if b.outputs[0].endswith((".npz", "_model.json"))}
    assert models <= set(names.split()), models


@pytest.mark.parametrize("builder", [b for b in rebuild.BUILDERS if b.in_suite], ids=lambda b: b.name)
def test_the_builder_rebuilds_its_committed_files_byte_for_byte(builder):
    if builder.needs_shared and SHARED_MISSING:
        pytest.skip(f"{builder.script} reads ../shared/data, absent here")
    assert rebuild.differing(builder) == [], (
        f"run `python scripts/rebuild.py {builder.name}` and commit what it writes (or find what made the "
        "build differ)"
    )
