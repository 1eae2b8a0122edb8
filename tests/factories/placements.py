"""Factories of candidacies, placements and outcome checks."""

from datetime import timedelta

import factory
from django.utils import timezone

from placements.models import Application, ApplicationTransition, OutcomeCheck, Placement

from . import OfferFactory
from .graduates import GraduateFactory


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
