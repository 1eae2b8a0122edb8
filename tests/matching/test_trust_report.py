"""The trust targets checked on what the pages show (`matching.trust`, `manage.py matching_trust_report`):
on the demo region, and a check that can fail on a small one."""

import pytest
from django.core.management import CommandError, call_command

from backend.accounts.models import User
from demo.seed import demo_reset, seed_demo
from employers.models import Offer
from matching.models import MatchScore
from matching.ranker_bridge import build_matcher
from matching.services import scores
from matching.trust import _Reasons, trust_report
from placements.models import Application
from tests.territory.test_product import territory_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker):
    """The demo region, seeded and scored as `make demo` does, then read back by the report."""
    with django_db_blocker.unblock():
        seed_demo(progress=lambda _message: None)
        try:
            scores.scores_refresh_all()
            officer = User.objects.filter(role=User.Role.OFFICER).order_by("pk").first()
            pending = set(
                Application.objects.filter(state__in=Application.PENDING).values_list(
                    "graduate_id", "offer_id"
                )
            )
            scored_pending = sum(
                1 for pair in MatchScore.objects.values_list("graduate_id", "offer_id") if pair in pending
            )
            yield trust_report(officer=officer), scored_pending
        finally:
            demo_reset(progress=lambda _message: None)


def test_on_the_demo_every_entry_has_a_real_reason_none_is_in_the_candidacies_and_the_hint_is_there(
    demo_report,
):
    report, scored_pending = demo_report

    # Pairs with an open candidacy were scored: leaving them out is the pages' doing.
    assert scored_pending > 0
    assert report.graduates == 96 and report.suggestions > 300 and report.shortlist_entries > 300
    assert report.suggestions_without_reason == [] and report.shortlist_without_reason == []
    assert report.suggestions_in_candidacies == [] and report.shortlist_in_candidacies == []
    # Every graduate with an offer within reach gets the hint whenever a skill would open an offer.
    assert report.graduates_in_reach == report.graduates
    assert report.graduates_without_hint_where_one_exists == []
    assert (
        report.graduates_with_hint + len(report.graduates_without_any_hint_possible)
        == report.graduates_in_reach
    )
    assert report.graduates_with_hint >= 0.95 * report.graduates_in_reach
    assert report.ok


def test_the_report_flags_a_shown_pair_without_a_real_reason(scored, officer):
    # A row that claims a reason the rows do not give: Inès holds nothing the KNX offer asks for.
    MatchScore.objects.create(
        offer=scored["knx"],
        graduate=scored["ines"],
        model_version=scores.ranker_current().version,
        score=0.95,
        details={"real_reason": True, "within_radius": True},
    )

    report = trust_report(officer=officer)

    assert (scored["ines"].pk, scored["knx"].pk) in report.suggestions_without_reason
    assert (scored["ines"].pk, scored["knx"].pk) in report.shortlist_without_reason
    assert not report.ok
    with pytest.raises(CommandError):
        call_command("matching_trust_report")


def test_the_report_reads_the_region_make_demo_serves_with_its_territory_offers(scored, officer):
    # `make demo` imports France Travail offers: they have no shortlist page (404 for everyone), so the
    # report reads the partners' shortlists only instead of stopping on the first territory offer.
    assert territory_offer().status == Offer.Status.PUBLISHED

    report = trust_report(officer=officer)

    assert report.offers == Offer.objects.filter(status=Offer.Status.PUBLISHED, source="partner").count()
    assert report.ok
    call_command("matching_trust_report")


def test_the_brute_force_sees_which_skill_would_open_an_offer(scored):
    reasons = _Reasons(build_matcher())
    react, knx = scored["react"].pk, scored["knx"].pk

    # Inès holds React of React + Symfony (1 of 2): Symfony would open the offer.
    assert reasons.a_skill_would_open(scored["ines"].pk, [react])
    # Kylian holds both: nothing to open there; the KNX offer is closed to him, KNX would open it.
    assert not reasons.a_skill_would_open(scored["kylian"].pk, [react])
    assert reasons.a_skill_would_open(scored["kylian"].pk, [knx])
    assert reasons.has_reason(react, scored["ines"].pk) and not reasons.has_reason(knx, scored["ines"].pk)
