"""The demo's internship agreements are made through the internships services: one signed by the three
parties and under way, one the demo partner still has to sign, printed by the seeder; the reset removes
them."""

import pytest
from django.utils import timezone

from backend.accounts.models import User
from demo import data
from demo.internships import COHORT_NAME
from demo.seed import demo_reset, seed_demo
from internships.models import Agreement, Party
from placements.models import HostedInternship


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    messages = []
    with django_db_blocker.unblock():
        seed_demo(progress=messages.append)
        yield messages
        demo_reset(progress=lambda _message: None)
        assert not Agreement.objects.exists() and not HostedInternship.objects.exists()


def test_one_agreement_is_under_way_and_one_awaits_the_host(demo, db, client):
    agreements = list(Agreement.objects.select_related("graduate__cohort", "employer").order_by("pk"))
    assert [a.status for a in agreements] == [Agreement.Status.STARTED, Agreement.Status.DRAFT]
    for agreement in agreements:
        assert agreement.graduate.cohort.name == COHORT_NAME
        assert agreement.employer.contacts.filter(user__email=data.EMPLOYER_EMAIL).exists()
        assert agreement.placement.employer_id == agreement.employer_id
    under_way, awaiting = agreements
    signed = under_way.version_in_force()
    assert signed.signed_pdf and {s.party for s in signed.signatures.all()} == set(Party.values)
    # The partners' follow-up counts the signed one, not the one awaiting the host.
    (hosted,) = HostedInternship.objects.all()
    assert (hosted.agreement_id, hosted.status, hosted.start_date) == (
        under_way.pk,
        "started",
        signed.start_date,
    )
    # A convention is signed before the internship begins (issue #15): the three signed the one under way
    # before its first day, and the one awaiting the host starts later than today.
    today = timezone.localdate()
    assert signed.start_date <= today
    assert all(timezone.localtime(s.signed_at).date() < signed.start_date for s in signed.signatures.all())
    assert timezone.localtime(signed.created_at).date() < signed.start_date
    latest = awaiting.latest_version()
    assert latest.start_date > today and latest.start_date > under_way.started_at.date()
    assert {s.party for s in latest.signatures.all()} == {Party.SCHOOL, Party.TRAINEE}
    assert latest.host_completed_at and latest.trainee_completed_at
    # The printed link opens the agreement for the demo partner, with the button to sign.
    line = next(m for m in demo if "/stages/" in m)
    client.force_login(User.objects.get(email=data.EMPLOYER_EMAIL))
    page = client.get(line.split(" : ", 1)[1].strip())
    assert page.status_code == 200
    assert "Signer pour l" in page.content.decode()
