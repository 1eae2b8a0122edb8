"""Durations read the way people say them (issue #13: « il y a 0 minute », « il y a 1 année, 2 mois »)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from backend.core.templatetags.tremplin import ago, since

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=5), "à l'instant"),
        (timedelta(minutes=1), "il y a 1 min"),
        (timedelta(minutes=59), "il y a 59 min"),
        (timedelta(hours=3), "il y a 3 h"),
        (timedelta(days=1), "il y a 1 jour"),
        (timedelta(days=12), "il y a 12 jours"),
        (timedelta(days=75), "il y a 2 mois"),
        (timedelta(days=365 + 70), "il y a 1 an"),
        (timedelta(days=800), "il y a 2 ans"),
    ],
)
def test_ago_says_one_unit_in_plain_french(delta, expected):
    with translation.override("fr"):
        assert ago(NOW - delta, NOW) == expected


def test_since_never_says_zero():
    with translation.override("fr"):
        assert since(NOW - timedelta(seconds=10), NOW) == "1 minute"
        assert since(NOW - timedelta(days=400), NOW) == "1 an"
        assert since(None, NOW) == ""
