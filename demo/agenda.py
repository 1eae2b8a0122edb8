"""The demo's job dating: created, joined and booked through the agenda's services.

A job dating at the school in ten days' time (a weekday morning): the partner employer of the demo
comes with two of its offers and opens slots, a second partner with one; three graduates of the
cohorts have one booked by the officer, the demo graduate's slots are still free for her to book.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from agenda import services
from agenda.models import Event
from backend.accounts.models import User
from backend.core.exceptions import ApplicationError
from employers.models import Employer, Offer
from graduates.models import Graduate

from . import data

EVENT_TITLE = "Job dating du numérique — Lens"
EVENT_PLACE = "Tremplin, salle Louvre-Lens, 12 rue Arago, 62300 Lens"


@dataclass
class AgendaReport:
    events: int = 0
    registrations: int = 0
    slots: int = 0
    booked: int = 0


def _next_weekday_morning(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def seed_agenda(*, rng: random.Random, graduates: list[Graduate], officer: User) -> AgendaReport:
    report = AgendaReport()
    start = _next_weekday_morning(10)
    event = services.event_create(
        by=officer,
        title=EVENT_TITLE,
        kind=Event.Kind.JOB_DATING,
        place=EVENT_PLACE,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        description=(
            "Rencontrez en 20 minutes les entreprises du bassin minier qui recrutent des développeur·ses, "
            "des référent·es numériques et des technicien·nes domotique. Apportez votre CV et vos projets."
        ),
    )
    report.events = 1
    booked_graduates = [
        g for g in graduates if g.user_id and g.user.is_active and g.user.email != data.GRADUATE_EMAIL
    ]
    rng.shuffle(booked_graduates)
    for email, offers_wanted, first_offset in ((data.EMPLOYER_EMAIL, 2, 0), (data.EMPLOYER2_EMAIL, 1, 60)):
        user = User.objects.filter(email=email).first()
        employer = Employer.objects.filter(contacts__user=user).first() if user else None
        if employer is None or employer.status != Employer.Status.APPROVED:
            continue
        offers = list(
            Offer.objects.filter(employer=employer, status=Offer.Status.PUBLISHED).order_by("pk")[
                :offers_wanted
            ]
        )
        if not offers:
            continue
        registration = services.event_register(event=event, by=user, offers=offers)
        report.registrations += 1
        for i, offer in enumerate(offers):
            slots = services.slots_open(
                registration=registration,
                by=user,
                offer=offer,
                first_at=start + timedelta(minutes=first_offset + 80 * i),
                count=4,
                minutes=20,
            )
            report.slots += len(slots)
            # One slot of each offer booked by a graduate of the cohorts; the others stay free.
            while booked_graduates:
                graduate = booked_graduates.pop()
                try:
                    services.slot_book(slot=slots[0], graduate=graduate, by=officer)
                except ApplicationError:
                    continue  # already an application further on for this offer: the next one books
                report.booked += 1
                break
    return report


def demo_agenda_reset() -> int:
    deleted, _rows = Event.objects.filter(title=EVENT_TITLE, created_by__email=data.OFFICER_EMAIL).delete()
    return deleted
