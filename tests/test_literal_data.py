"""No Python module of the project holds more than ~150 lines of literal data (#16): reference data lives
in data files beside the code (CSV, JSON under a package's ``data/``, the demo's ``demo/region/``).

Literal data, precisely: the source lines spanned by list, tuple, set and dict displays whose every
element (every key and value of a dict) is a constant — a string, bytes, a number (signed or not), True,
False, None, implicitly concatenated strings — or is itself such a display; ``frozenset(<display>)``,
``set(…)``, ``tuple(…)``, ``list(…)`` and ``dict(…)`` of one such display count as the display. A line
counts once however many displays cross it. A display holding any name, call, f-string or expression is
code, not literal data (its constant sub-displays still count).

Walked: every ``.py`` file of the repository but ``tests/`` (a test's cases and expected values are the
test, not reference data) and ``*/migrations/*`` (written by Django). ``ALLOWED`` names the modules that
may hold more, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 150
SKIPPED_DIRS = {".venv", ".git", "node_modules", "staticfiles", "media", "tests", "migrations", "__pycache__"}
ALLOWED = {
    # Django reads its configuration as Python: the installed apps, the middleware, the OpenAPI
    # document's description are settings, not reference data.
    "backend/settings.py": "Django's settings module",
}
_CONVERSIONS = {"frozenset", "set", "tuple", "list", "dict"}


def _is_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return all(_is_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(
            k is not None and _is_literal(k) and _is_literal(v)
            for k, v in zip(node.keys, node.values, strict=True)
        )
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _CONVERSIONS
        and len(node.args) == 1
        and not node.keywords
    ):
        return isinstance(node.args[0], ast.List | ast.Tuple | ast.Set | ast.Dict) and _is_literal(
            node.args[0]
        )
    return False


def literal_data_lines(source: str) -> int:
    """How many lines of ``source`` literal displays span (see the module's docstring)."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict | ast.Call) and _is_literal(node):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return len(lines)


def project_modules() -> list[Path]:
    return sorted(
        path for path in ROOT.rglob("*.py") if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts[:-1])
    )


def test_the_count_takes_displays_of_constants_and_leaves_code():
    data = "TABLE = {\n" + "".join(f'    "k{i}": ("a", -{i}, None),\n' for i in range(200)) + "}\n"
    assert literal_data_lines(data) == 202
    assert literal_data_lines("FORMS = frozenset(\n    {\n        'a',\n        'b',\n    }\n)\n") == 6
    # a display with a name or a call in it is code; only its constant parts count
    code = "ROWS = [\n    (name, 1),\n    make(2),\n    ('x',\n     'y'),\n]\n"
    assert literal_data_lines(code) == 2
    assert literal_data_lines("x = f'{a}'\ny = [f'{b}', 'c']\n") == 0


def test_the_walk_sees_the_apps_scripts_and_the_demo_but_not_tests_or_migrations():
    found = {str(p.relative_to(ROOT)) for p in project_modules()}
    assert {
        "demo/graduates.py",
        "nlp_models/beginner.py",
        "scripts/rebuild.py",
        "backend/settings.py",
    } <= found
    assert not any(p.startswith("tests/") or "/migrations/" in p for p in found)


def test_no_module_holds_more_than_150_lines_of_literal_data():
    over = {}
    for module in project_modules():
        name = str(module.relative_to(ROOT))
        count = literal_data_lines(module.read_text(encoding="utf-8"))
        if count > LIMIT and name not in ALLOWED:
            over[name] = count
    assert not over, (
        f"lines of literal data over {LIMIT}: {over}; move the tables to a data file beside the code (a "
        "package's data/ directory, read once)"
    )


def test_every_allowed_module_exists_and_still_needs_its_exception():
    for name in ALLOWED:
        assert literal_data_lines((ROOT / name).read_text(encoding="utf-8")) > LIMIT, name
