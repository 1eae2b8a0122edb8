"""Factories of the graduate side: a cohort (web/mobile, 2026), a graduate with an account."""

from datetime import date

import factory

from backend.accounts.models import User
from graduates.models import Cohort, Graduate

from . import UserFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Promo Lens {n}")
    track = Cohort.Track.WEB_MOBILE
    training_start = date(2026, 1, 5)
    training_end = date(2026, 4, 30)
    internship_start = date(2026, 5, 4)
    internship_end = date(2026, 6, 30)


class GraduateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Graduate

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.GRADUATE)
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")
    commune_id = "62510"
    birth_date = date(2003, 3, 14)
    gender = "F"
    diploma_level = "none"
    entry_situation = "neet"
    qpv_resident = True
