"""The school's board stays about a screen of cards high per column (issue #13: 14,900 px): the oldest
moves first, the rest one link away in the list view."""

from html import unescape

import pytest
from django.urls import reverse

from placements.models import Application
from placements.selectors import BOARD_CARDS_PER_COLUMN
from tests.factories import OfferFactory
from tests.graduates.conftest import GraduateFactory

from .conftest import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_a_crowded_column_shows_its_first_cards_and_links_to_the_rest(client_for, officer, cohort):
    offer = OfferFactory(published=True)
    total = BOARD_CARDS_PER_COLUMN + 3
    for _ in range(total):
        ApplicationFactory(
            graduate=GraduateFactory(cohort=cohort), offer=offer, state=Application.State.APPLIED
        )

    page = unescape(client_for(officer).get(reverse("placements:board")).content.decode())

    column = page.split('data-column="applied"')[1].split("</section>")[0]
    assert column.count("data-application=") == BOARD_CARDS_PER_COLUMN == 10
    assert f'<span class="badge">{total}</span>' in column
    assert "… et 3 de plus (vue liste)" in column
    assert "vue=liste" in column and "state=applied" in column
