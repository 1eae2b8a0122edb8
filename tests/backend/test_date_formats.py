"""Dates in tables and lists: one project-wide short format per language (backend/formats), never a
format spelled out in a template; exports stay ISO 8601 (tests/placements/test_reports_views.py)."""

import re
from datetime import date, datetime
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def render(source: str, **values) -> str:
    return Template(source).render(Context(values))


def test_french_lists_read_the_day_the_short_month_and_the_year():
    with translation.override("fr"):
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2026, 12, 7)) == "7 déc. 2026"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2027, 3, 1)) == "1 mars 2027"
        assert (
            render('{{ t|date:"SHORT_DATETIME_FORMAT" }}', t=datetime(2026, 9, 4, 14, 5))
            == "4 sept. 2026 14:05"
        )
        # Django's own long form is kept for sentences.
        assert render('{{ d|date:"DATE_FORMAT" }}', d=date(2026, 12, 7)) == "7 décembre 2026"


def test_english_lists_are_not_ambiguous_either():
    with translation.override("en"):
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2026, 12, 7)) == "Dec. 7, 2026"


def test_no_template_spells_out_a_numeric_date_format():
    spelled = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in ROOT.glob("*/**/templates/**/*.html")
        if ".venv" not in path.parts
        for match in re.findall(r'\|date:"d/m/[Yy][^"]*"', path.read_text(encoding="utf-8"))
    ]
    assert spelled == [], 'use |date:"SHORT_DATE_FORMAT" (backend/formats) rather than ' + ", ".join(spelled)
