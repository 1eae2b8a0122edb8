"""A strict Content-Security-Policy on every page, and no template that would need a weaker one (issue #10)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts and "node_modules" not in p.parts
]
INLINE_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"""<[^>]*\sstyle\s*=\s*["']""", re.IGNORECASE)


def test_the_templates_were_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_holds_inline_script_handlers_or_style_attributes(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_HANDLER.search(text), "inline event handler: move it to static/js"
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/js"
    assert not INLINE_STYLE.search(text), "inline style attribute: use a class of tremplin.css"


@pytest.mark.parametrize("url", ["/", "/offres/", "/comptes/connexion/", "/page-inconnue/"])
def test_every_page_sends_a_strict_policy(client, db, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_signed_in_pages_carry_it_too(client_for, officer):
    assert "script-src 'self'" in client_for(officer).get("/candidatures/")["Content-Security-Policy"]


def test_no_python_module_renders_an_inline_style_attribute():
    apps = ["backend", "employers", "graduates", "placements", "matching"]
    offenders = [
        str(path.relative_to(ROOT))
        for app in apps
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"""\sstyle=\\?["']""", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
