"""An accepted internship candidacy (Terril-like host, a graduate of the web cohort), its agreement, and
helpers that fill each party's part as the pages would."""

from datetime import date
from decimal import Decimal

import pytest

from employers.models import Offer
from internships import services
from placements.models import Application
from tests.factories import OfferFactory
from tests.factories.graduates import GraduateFactory
from tests.factories.placements import ApplicationFactory

HOST_PART = {
    "host_address": "3 rue de la Gare, 62300 Lens",
    "host_representative_name": "Nadia Kaci",
    "host_representative_title": "Gérante",
    "host_insurer": "MAAF Pro, contrat 123456",
    "tutor_name": "Hugo Lefebvre",
    "tutor_title": "Développeur senior",
    "tutor_email": "hugo@hauts-numeriques.fr",
    "tasks": "Développer les écrans d'une application de prise de rendez-vous (Symfony, Twig).",
    "schedule": "Du lundi au vendredi, 9 h – 12 h 30 et 13 h 30 – 17 h",
    "weekly_hours": Decimal("35"),
    "gratification_hourly": Decimal("4.50"),
}
TRAINEE_PART = {
    "trainee_address": "8 rue Émile Zola, 62800 Liévin",
    "trainee_phone": "06 12 34 56 78",
    "trainee_insurer": "MACIF, responsabilité civile",
}


@pytest.fixture(autouse=True)
def clock(internships_clock):
    """These agreements run from 2025-2026: the school writes them on 3 November 2025."""
    return internships_clock


@pytest.fixture
def internship_offer(employer):
    return OfferFactory(
        employer=employer,
        published=True,
        title="Stage développeur·se web (H/F)",
        contract_type=Offer.ContractType.STAGE,
        contract_months=2,
        salary_min=Decimal("4.50"),
        salary_max=Decimal("4.50"),
        salary_period=Offer.SalaryPeriod.HOUR,
        internship_gratification=Decimal("682.52"),
    )


@pytest.fixture
def trainee(db):
    return GraduateFactory(user__email="ines@example.fr", first_name="Inès", last_name="Haddad")


@pytest.fixture
def hired(internship_offer, trainee):
    return ApplicationFactory(graduate=trainee, offer=internship_offer, state=Application.State.HIRED)


@pytest.fixture
def agreement(hired, officer):
    return services.agreement_create(by=officer, application=hired)


@pytest.fixture
def other_graduate_user(db):
    return GraduateFactory().user


def fill(agreement, *, host, trainee_user, dates=(date(2026, 5, 4), date(2026, 6, 26)), **host_overrides):
    """The host and the trainee complete and check their parts (the school sets the dates)."""
    officer = agreement.created_by
    services.agreement_update_part(
        agreement=agreement, by=officer, data={"start_date": dates[0], "end_date": dates[1]}
    )
    services.agreement_update_part(agreement=agreement, by=host, data=HOST_PART | host_overrides)
    services.agreement_check_part(agreement=agreement, by=host)
    services.agreement_update_part(agreement=agreement, by=trainee_user, data=TRAINEE_PART)
    services.agreement_check_part(agreement=agreement, by=trainee_user)
    return agreement.latest_version()


def sign_all(agreement, *, host, trainee_user, officer):
    number = agreement.latest_version().number
    for who, ip in ((host, "192.0.2.10"), (trainee_user, "192.0.2.20"), (officer, "192.0.2.30")):
        services.agreement_sign(agreement=agreement, by=who, ip_address=ip, version_number=number)
    agreement.refresh_from_db()
    return agreement
