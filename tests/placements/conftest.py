"""Personas and rows of the placements tests.

- ``offer``: a published CDI of Hauts Numériques (the ``employer`` of tests/conftest.py), written by
  ``employer_user``; ``colleague_user`` works there too; ``other_employer_user`` does not;
- ``graduate``: Inès, of a cohort whose internship ended on 30 June 2026, with an account;
- ``other_graduate``: Kylian, same cohort, visible to employers;
- ``application``: Inès's candidacy to ``offer``, at ``applied``.
"""

import pytest
from django.utils import timezone

from backend.accounts.models import User
from placements.models import Application
from tests.factories import OfferFactory, UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory  # noqa: F401 - still imported from here by the tests
from tests.factories.placements import (  # noqa: F401 - still imported from here by the tests
    ApplicationFactory,
    OutcomeCheckFactory,
    PlacementFactory,
)


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Promo Lens 2026-1")


@pytest.fixture
def graduate(cohort):
    user = UserFactory(
        role=User.Role.GRADUATE, first_name="Inès", last_name="Dupont", email="ines@example.fr"
    )
    return GraduateFactory(cohort=cohort, user=user)


@pytest.fixture
def other_graduate(cohort):
    user = UserFactory(
        role=User.Role.GRADUATE, first_name="Kylian", last_name="Nowak", email="kylian@example.fr"
    )
    return GraduateFactory(
        cohort=cohort, user=user, visible_to_employers=True, visibility_changed_at=timezone.now()
    )


@pytest.fixture
def offer(employer, employer_user):
    return OfferFactory(
        employer=employer,
        created_by=employer_user,
        published=True,
        title="Développeur·se web (H/F)",
        openings=1,
    )


@pytest.fixture
def other_offer(other_employer, other_employer_user):
    return OfferFactory(
        employer=other_employer, created_by=other_employer_user, published=True, title="Technicien·ne KNX"
    )


@pytest.fixture
def application(graduate, offer):
    return ApplicationFactory(graduate=graduate, offer=offer)


def make_application(state: str, **kwargs) -> Application:
    return ApplicationFactory(state=state, **kwargs)
