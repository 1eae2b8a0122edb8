"""The school dashboard shows the candidacy figures an officer acts on: open, without news, and the
confirmed exits into work since 1 January (issue #13)."""

from datetime import date, timedelta

from django.utils import timezone

from placements.models import Application, Placement
from placements.selectors import officer_indicators
from tests.factories.graduates import GraduateFactory
from tests.factories.placements import ApplicationFactory, PlacementFactory

S = Application.State


def test_indicators_count_open_stale_and_this_years_exits(db, cohort, offer, settings):
    old = timezone.now() - timedelta(days=settings.APPLICATION_STALE_DAYS + 1)
    ApplicationFactory(graduate=GraduateFactory(cohort=cohort), offer=offer, state=S.APPLIED)
    ApplicationFactory(graduate=GraduateFactory(cohort=cohort), offer=offer, state=S.INTERVIEW, moved_at=old)
    ApplicationFactory(graduate=GraduateFactory(cohort=cohort), offer=offer, state=S.REFUSED, moved_at=old)
    today = date(2026, 12, 7)
    PlacementFactory(graduate=GraduateFactory(cohort=cohort), start_date=date(2026, 3, 1))
    PlacementFactory(graduate=GraduateFactory(cohort=cohort), start_date=date(2025, 11, 1))  # last year
    PlacementFactory(
        graduate=GraduateFactory(cohort=cohort),
        start_date=date(2026, 5, 1),
        is_training_internship=True,
        contract_type="STAGE",
    )
    PlacementFactory(
        graduate=GraduateFactory(cohort=cohort), start_date=date(2026, 6, 1), status=Placement.Status.DECLARED,
        confirmed_at=None,
    )  # fmt: skip
    assert officer_indicators(today=today) == {"open": 2, "stale": 1, "exits": 1, "year": 2026}


def test_the_dashboard_shows_them_with_links_to_the_board(db, client_for, officer, cohort, offer):
    ApplicationFactory(graduate=GraduateFactory(cohort=cohort), offer=offer, state=S.APPLIED)
    html = client_for(officer).get("/entreprise/ecole/").content.decode()
    assert '<span class="num">1</span> candidatures en cours' in html
    assert 'href="/candidatures/?stale=1"><span class="num">0</span> candidatures sans nouvelles' in html
    assert f"sorties en emploi en {timezone.localdate().year}" in html
