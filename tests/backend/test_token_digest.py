"""One digest for every secret token (backend/core/tokens.py): invitations, API tokens, calendar feeds,
follow-up forms and candidates' private links are kept and found by the same SHA-256."""

import hashlib
import re
from pathlib import Path

from backend.core.tokens import token_digest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "backend",
    "employers",
    "graduates",
    "placements",
    "matching",
    "territory",
    "agenda",
    "internships",
    "admissions",
]
COPY = re.compile(r"sha256\(\s*(token|key|raw)\.encode\(")


def test_a_tokens_digest_is_its_sha256_in_hex():
    assert token_digest("abc") == hashlib.sha256(b"abc").hexdigest()
    assert token_digest("abc") != token_digest("abd") and len(token_digest("")) == 64


def test_no_app_keeps_its_own_copy_of_the_digest():
    copies = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path != ROOT / "backend" / "core" / "tokens.py"
        and "migrations" not in path.parts
        and COPY.search(path.read_text(encoding="utf-8"))
    ]
    assert copies == []
