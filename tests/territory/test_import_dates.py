"""``territory_import --dates-to-today``: a past sample read as today's feed, its months and gaps kept."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from employers.models import Offer
from territory.management.commands.territory_import import shift_to_today

from .test_prospects import LENS, ft_offer


def test_every_date_moves_by_the_same_days_and_the_newest_becomes_today():
    payloads = [
        {
            "id": "a",
            "dateCreation": "2025-07-23T21:46:29.000Z",
            "dateActualisation": "2025-09-20T09:36:24.000Z",
        },
        {"id": "b", "dateCreation": "2025-10-01T08:00:00.000Z"},
        {"id": "c"},  # no date: left alone
        "not an offer",
    ]
    days = shift_to_today(payloads, datetime(2026, 12, 7, 12, 0, tzinfo=UTC))
    assert days == (datetime(2026, 12, 7) - datetime(2025, 10, 1)).days
    assert payloads[1]["dateCreation"] == "2026-12-07T08:00:00Z"
    assert payloads[0]["dateCreation"] == "2026-09-28T21:46:29Z"  # 70 days before, as in the file
    assert payloads[0]["dateActualisation"] == "2026-11-26T09:36:24Z"
    assert payloads[2] == {"id": "c"} and payloads[3] == "not an offer"


def test_nothing_to_shift_without_dates():
    assert shift_to_today([{"id": "x"}], timezone.now()) == 0


@pytest.mark.django_db
def test_the_command_imports_the_sample_with_todays_dates(tmp_path):
    old = ft_offer("Ancienne SARL", LENS, days=400)
    older = ft_offer("Ancienne SARL", LENS, days=430)
    path = tmp_path / "offres.jsonl"
    path.write_text("\n".join(json.dumps(o) for o in (old, older)), encoding="utf-8")
    out = StringIO()
    call_command("territory_import", str(path), "--dates-to-today", "--json", stdout=out)
    assert "Dates décalées de 400 jour(s)" in out.getvalue()
    assert json.loads(out.getvalue().splitlines()[-1])["created"] == 2
    dates = dict(Offer.objects.values_list("external_id", "published_at"))
    assert dates[old["id"]].date() == timezone.now().date()
    assert (dates[old["id"]] - dates[older["id"]]).days == 30
