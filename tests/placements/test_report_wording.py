"""Report pages say their figures in words (issue #13): no « 0 / 1 · 0 / 1 », no « embauche(s) »."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from .test_reports import build_partners

pytestmark = pytest.mark.django_db


def row_text(html: str, name: str) -> str:
    row = html.split(f">{name}</a>")[1].split("</tr>")[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<br>", " | ", re.sub(r"<(?!br>)[^>]+>", "", row)))).strip()


def test_the_partners_table_says_hires_and_internships_against_commitments_in_words(client_for, officer):
    build_partners(today=timezone.localdate())

    html = client_for(officer).get(reverse("placements:partners")).content.decode()

    big = row_text(html, "Quatre-vingt-onze")
    assert "3 embauches, 2 stages" in big
    # 2025: the CDI of 1 March and the training internship; 2026: the CDD of 10 January.
    assert "Embauches : 1 sur 3 | Stages : 1 sur 2" in big
    assert "Embauches : 1 sur 3 | Stages : 0 sur 2" in big
    assert "(s)" not in html
    assert not re.search(r"\d+ / \d+ · \d+ / \d+", html)
