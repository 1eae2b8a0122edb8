"""Personas and rows of the placements tests.

- ``offer``: a published CDI of Hauts Numériques (the ``employer`` of tests/conftest.py), written by
  ``employer_user``; ``colleague_user`` works there too; ``other_employer_user`` does not;
- ``graduate``: Inès, of a cohort whose internship ended on 30 June 2026, with an account;
- ``other_graduate``: Kylian, same cohort, visible to employers;
- ``application``: Inès's candidacy to ``offer``, at ``applied``.
"""

from datetime import timedelta

import factory
import pytest
from django.utils import timezone

from backend.accounts.models import User
from placements.models import Application, ApplicationTransition, OutcomeCheck, Placement
from tests.factories import OfferFactory, UserFactory
from tests.graduates.conftest import CohortFactory, GraduateFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A candidacy at any state, with the fields its state requires (reason, interview date)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    graduate = factory.SubFactory(GraduateFactory)
    offer = factory.SubFactory(OfferFactory, published=True)
    state = Application.State.APPLIED
    origin = Application.Origin.GRADUATE
    moved_at = factory.LazyFunction(timezone.now)
    applied_at = factory.LazyAttribute(
        lambda o: (
            o.moved_at if o.state not in (Application.State.SUGGESTED, Application.State.INTERESTED) else None
        )
    )
    refusal_reason = factory.LazyAttribute(
        lambda o: Application.RefusalReason.PROFILE if o.state == Application.State.REFUSED else ""
    )
    interview_at = factory.LazyAttribute(
        lambda o: timezone.now() + timedelta(days=3) if o.state == Application.State.INTERVIEW else None
    )
    message = "Bonjour, votre offre m'intéresse beaucoup."

    @factory.post_generation
    def logged(obj, create, extracted, **kwargs):
        if create:
            ApplicationTransition.objects.create(
                application=obj, transition="start", from_state="", to_state=obj.state, at=obj.moved_at
            )


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    graduate = factory.SubFactory(GraduateFactory)
    employer_name = "Hauts Numériques"
    contract_type = "CDI"
    job_title = "Développeuse web"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    status = Placement.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class OutcomeCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeCheck

    graduate = factory.SubFactory(GraduateFactory)
    milestone = OutcomeCheck.Milestone.M3
    due_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))


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
