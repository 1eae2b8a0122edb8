"""The school's cohort board says « en poste » for someone just hired, not « disponible » (issue #13)."""

from html import unescape

import pytest
from django.urls import reverse

from tests.factories.placements import ApplicationFactory

pytestmark = pytest.mark.django_db


def board_row(client, graduate) -> str:
    page = unescape(client.get(reverse("graduates:cohort_board", args=[graduate.cohort_id])).content.decode())
    return page.split(graduate.full_name)[1].split("</tr>")[0]


def test_a_graduate_hired_a_minute_ago_is_no_longer_shown_available(
    client_for, officer, employer_user, graduate, offer
):
    graduate.available_from = graduate.cohort.training_end
    graduate.save(update_fields=["available_from"])
    school = client_for(officer)
    assert "disponible" in board_row(school, graduate)

    app = ApplicationFactory(graduate=graduate, offer=offer, state="offer")
    client_for(employer_user).post(
        reverse("placements:application_action", args=[app.pk]), {"transition": "hire"}
    )

    row = board_row(school, graduate)
    assert "disponible" not in row
    assert ("en poste" in row) or ("embauché·e, début le" in row)
    assert offer.employer.name in row


def test_a_percentage_never_wraps_away_from_its_number(client_for, officer, graduate):
    page = (
        client_for(officer).get(reverse("graduates:cohort_board", args=[graduate.cohort_id])).content.decode()
    )

    row = page.split(f'data-graduate="{graduate.pk}"')[1].split("</tr>")[0]
    assert "&nbsp;%" in row and " %<" not in row
    assert "&nbsp;%</strong>" in page  # the cohort's average
