"""The demo's admissions: two information sessions and a dozen candidates of the agglomeration, through
the admissions services (form, e-mail confirmation, booking, attendance, grid, decisions), so every page
has real rows — and one more who has not confirmed her address yet (« à confirmer »).

Candidates are invented; their communes are eligible ones, their e-mails end in ``CANDIDATE_DOMAIN``
(which is how ``demo_admissions_reset`` finds them). The private links are not kept: the demo prints
one, the first candidate's, for the visitor to open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from admissions import services
from admissions.models import Application, InformationSession
from backend.accounts.models import User
from backend.geo.models import Commune

from . import data

CANDIDATE_DOMAIN = "candidats.tremplin.demo"
SESSION_PLACE = "Tremplin, salle Louvre-Lens, 12 rue Arago, 62300 Lens"

# (first name, last name, gender, commune INSEE, diploma, track, job seeker, RSA, QPV declared, age)
CANDIDATES = [
    ("Yasmine", "Haddad", "F", "62498", "none", "web_mobile", True, True, True, 19),
    ("Kevin", "Delattre", "M", "62510", "3", "home_automation", True, False, False, 23),
    ("Laura", "Wojcik", "F", "62065", "4", "digital_coach", True, False, True, 31),
    ("Enzo", "Lefebvre", "M", "62413", "none", "web_mobile", False, False, True, 18),
    ("Chaïma", "Benhamou", "F", "62771", "3", "web_mobile", True, True, True, 26),
    ("Dylan", "Kaczmarek", "M", "62186", "4", "home_automation", True, False, False, 21),
    ("Océane", "Dupuis", "F", "62570", "none", "digital_coach", False, False, False, 20),
    ("Mehdi", "Ouali", "M", "62528", "5", "web_mobile", True, False, True, 34),
    ("Manon", "Caron", "F", "62895", "3", "web_mobile", True, False, False, 24),
    ("Anthony", "Nowak", "M", "62587", "none", "digital_coach", True, True, True, 29),
    ("Inès", "Bouaziz", "F", "62386", "4", "home_automation", False, False, True, 17),
    ("Jordan", "Lemaire", "M", "62842", "3", "web_mobile", True, False, False, 22),
]
# Sent the form, has not opened the confirmation e-mail yet: listed under « À confirmer » only.
UNCONFIRMED = ("Sarah", "Vasseur", "F", "62498", "4", "digital_coach", True, False, False, 27)
MOTIVATIONS = [
    "Je passe mes soirées à bidouiller des sites et je voudrais en faire mon métier.",
    "J'aide déjà les anciens de ma résidence avec leurs démarches en ligne, j'aimerais être formée pour de vrai.",
    "Après plusieurs missions d'intérim, je cherche un métier d'avenir près de chez moi.",
    "J'ai installé la domotique chez mes parents en suivant des tutoriels, je veux apprendre les bases.",
]


@dataclass
class AdmissionsReport:
    sessions: int = 0
    applications: int = 0
    booked: int = 0
    decided: int = 0
    unconfirmed: int = 0
    first_token: str = field(default="", repr=False)


def _weekday(days: int, at: time) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, at))


def seed_admissions(*, rng: random.Random, officer: User) -> AdmissionsReport:
    report = AdmissionsReport()
    first = _weekday(1, time(9, 30))
    second = _weekday(8, time(14, 0))
    sessions = [
        services.session_create(
            by=officer, starts_at=at, ends_at=at + timedelta(hours=2), place=SESSION_PLACE, seats=seats
        )
        for at, seats in ((first, 8), (second, 12))
    ]
    report.sessions = len(sessions)
    today = timezone.localdate()
    applications = []
    for i, (first_name, last_name, gender, insee, diploma, track, seeker, rsa, qpv, age) in enumerate(
        [*CANDIDATES, UNCONFIRMED]
    ):
        application, token = services.application_submit(
            first_name=first_name,
            last_name=last_name,
            email=f"{first_name}.{last_name}".lower().replace("ï", "i").replace("è", "e").replace("é", "e")
            + f"@{CANDIDATE_DOMAIN}",
            phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            birth_date=date(today.year - age, rng.randint(1, 12), rng.randint(1, 28)),
            gender=gender,
            commune=Commune.objects.get(insee=insee),
            job_seeker=seeker,
            rsa=rsa,
            qpv_declared=qpv,
            diploma_level=diploma,
            track=track,
            motivation=MOTIVATIONS[i % len(MOTIVATIONS)],
            availability=rng.choice(list(Application.Availability.values)),
        )
        if i == len(CANDIDATES):
            report.unconfirmed += 1
            continue
        # Each one opened the link of her e-mail and confirmed.
        application = services.application_confirm(application=application)
        report.first_token = report.first_token or token
        applications.append(application)
    report.applications = len(applications)
    # Eight book a session (five tomorrow morning, three next week); the first one is left to the visitor.
    for application, session in zip(applications[1:9], [sessions[0]] * 5 + [sessions[1]] * 3, strict=True):
        services.session_book(application=application, session=session)
        report.booked += 1
    # An earlier session's candidates (no booking kept): assessed and decided, so the selection pages
    # have every state.
    decisions = [
        ("admit", "Bienvenue dans la promotion ! Nous vous appelons pour la rentrée."),
        ("admit", "Bienvenue ! Votre projet de référente numérique est très clair."),
        ("waitlist", "Les 24 places sont prises pour l'instant ; vous êtes 2e sur la liste d'attente."),
    ]
    for application, (move, reason) in zip(applications[9:], decisions, strict=True):
        services.application_transition(application=application, transition="attend", by=officer)
        services.application_assess(
            application=application,
            by=officer,
            test_score=rng.randint(10, 17),
            interview_score=rng.randint(11, 18),
            note="Entretien collectif puis individuel.",
            qpv_checked=application.qpv_declared,
        )
        services.application_transition(application=application, transition=move, by=officer, reason=reason)
        report.decided += 1
    return report


def demo_admissions_reset() -> int:
    apps, _rows = Application.objects.filter(email__endswith=f"@{CANDIDATE_DOMAIN}").delete()
    sessions, _rows = InformationSession.objects.filter(
        place=SESSION_PLACE, created_by__email=data.OFFICER_EMAIL, bookings__isnull=True
    ).delete()
    return apps + sessions
