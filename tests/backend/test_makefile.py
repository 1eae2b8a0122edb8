"""The Makefile says what it does: ``.PHONY`` names exactly its command targets, and ``make test`` runs every
check CI relies on (#16 item 7: a ``.PHONY`` once named targets that did not exist, and ``make test`` skipped
``ruff format --check``)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# "name: prerequisites" at the start of a line; "name: export VAR ?= …" sets a variable for a target.
RULE = re.compile(r"^([A-Za-z0-9_.$()-]+):(?!=)(.*)$", re.MULTILINE)


def targets() -> set[str]:
    return {
        name
        for name, rest in RULE.findall(MAKEFILE)
        if name != ".PHONY" and not name.startswith("$(") and not rest.strip().startswith("export ")
    }


def phony() -> set[str]:
    (line,) = re.findall(r"^\.PHONY:(.*)$", MAKEFILE, re.MULTILINE)
    return set(line.split())


def recipe(target: str) -> list[str]:
    """The commands of ``target``'s rule (the tab-indented lines after it)."""
    match = re.search(rf"^{re.escape(target)}:(?! export).*\n((?:\t.*\n|[ ]*\n)*)", MAKEFILE, re.MULTILINE)
    assert match, f"no rule for {target}"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def test_phony_names_exactly_the_command_targets():
    assert phony() == targets()


def test_make_test_runs_lint_format_check_import_contracts_migrations_deploy_check_and_pytest():
    commands = " ; ".join(recipe("test"))
    for check in (
        "ruff check .",
        "ruff format --check .",
        "lint-imports",
        "makemigrations --check --dry-run",
        "check --deploy",
        "-m pytest",
    ):
        assert check in commands, check
    assert commands.index("ruff format --check") < commands.index("-m pytest")
