"""The partnership follow-up counts the internships a partner hosts from the agreements: recorded in
placements (HostedInternship) by the internships services once the three parties signed, with the dates
of the version in force, kept up to date at the start, the end, a cancellation and a signed avenant;
counted once with the training internship it documents; backfilled for agreements signed before."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from internships import services
from placements import reports
from placements.models import HostedInternship
from tests.factories import PartnershipFactory
from tests.factories.placements import PlacementFactory

from .conftest import fill, sign_all

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def hosted_per_year(employer) -> dict[int, int]:
    row = next(r for r in reports.partners_followup(today=TODAY).rows if r.employer_id == employer.pk)
    return {y.year: y.internships for y in row.years}


@pytest.fixture
def partner(employer):
    PartnershipFactory(employer=employer, start_date=date(2024, 1, 1))
    return employer


def test_a_signed_agreement_is_a_hosted_internship_in_its_start_year(
    partner, agreement, employer_user, trainee, officer
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    # Not before the three signatures.
    assert not HostedInternship.objects.exists()
    assert hosted_per_year(partner) == {2024: 0, 2025: 0, 2026: 0}

    sign_all_rest = [trainee.user, officer]
    for who in sign_all_rest:
        services.agreement_sign(agreement=agreement, by=who, ip_address=None, version_number=1)
    row = HostedInternship.objects.get(agreement_id=agreement.pk)
    assert (row.employer, row.graduate, row.start_date, row.end_date, row.status) == (
        partner,
        trainee,
        date(2026, 5, 4),
        date(2026, 6, 26),
        "signed",
    )
    assert hosted_per_year(partner) == {2024: 0, 2025: 0, 2026: 1}

    services.agreement_start(agreement=agreement, by=officer, today=date(2026, 5, 4))
    assert HostedInternship.objects.get(agreement_id=agreement.pk).status == "started"
    services.agreement_end(agreement=agreement, by=officer)
    assert HostedInternship.objects.get(agreement_id=agreement.pk).status == "ended"
    assert hosted_per_year(partner)[2026] == 1


def test_a_cancelled_agreement_is_no_longer_counted(partner, agreement, employer_user, trainee, officer):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    services.agreement_cancel(agreement=agreement, by=officer, reason="Le stage ne se fera pas.")
    assert HostedInternship.objects.get(agreement_id=agreement.pk).status == "cancelled"
    assert hosted_per_year(partner)[2026] == 0


def test_a_signed_avenant_moves_the_dates_an_unsigned_one_does_not(
    partner, agreement, employer_user, trainee, officer
):
    fill(
        agreement, host=employer_user, trainee_user=trainee.user, dates=(date(2025, 12, 1), date(2026, 1, 23))
    )
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    assert hosted_per_year(partner) == {2024: 0, 2025: 1, 2026: 0}
    services.agreement_amend(agreement=agreement, by=officer, reason="Début reporté en janvier.")
    services.agreement_update_part(
        agreement=agreement, by=officer, data={"start_date": date(2026, 1, 5), "end_date": date(2026, 2, 27)}
    )
    assert HostedInternship.objects.get(agreement_id=agreement.pk).start_date == date(2025, 12, 1)
    services.agreement_check_part(agreement=agreement, by=employer_user)
    services.agreement_check_part(agreement=agreement, by=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    row = HostedInternship.objects.get(agreement_id=agreement.pk)
    assert (row.start_date, row.end_date) == (date(2026, 1, 5), date(2026, 2, 27))
    assert hosted_per_year(partner) == {2024: 0, 2025: 0, 2026: 1}


def test_the_training_internship_an_agreement_documents_counts_once(partner, officer, employer_user, trainee):
    placement = PlacementFactory(
        graduate=trainee,
        employer=partner,
        employer_name=partner.name,
        contract_type="STAGE",
        is_training_internship=True,
        start_date=date(2026, 5, 4),
        end_date=date(2026, 6, 26),
    )
    assert hosted_per_year(partner)[2026] == 1  # the placement alone, before any agreement
    agreement = services.agreement_create(by=officer, placement=placement)
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    assert HostedInternship.objects.get(agreement_id=agreement.pk).placement == placement
    assert hosted_per_year(partner)[2026] == 1


def test_the_partner_page_shows_the_internships_of_the_agreements(
    partner, agreement, employer_user, trainee, officer, client_for
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    from django.urls import reverse

    page = client_for(officer).get(reverse("placements:partners")).content.decode()
    assert "Stages : 1" in page and "Stages sous convention signée par les trois parties" in page
    assert client_for(employer_user).get(reverse("placements:partners")).status_code == 403


def test_agreements_signed_before_are_backfilled(partner, agreement, employer_user, trainee, officer):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    services.agreement_start(agreement=agreement, by=officer, today=date(2026, 5, 4))
    HostedInternship.objects.all().delete()  # as before placements kept them
    migration = importlib.import_module("internships.migrations.0004_backfill_hosted_internships")
    migration.backfill(apps, None)
    row = HostedInternship.objects.get()
    assert (row.agreement_id, row.start_date, row.status) == (agreement.pk, date(2026, 5, 4), "started")
    migration.backfill(apps, None)
    assert HostedInternship.objects.count() == 1
