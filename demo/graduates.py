"""Demo data: two cohorts of 24 graduates with varied, realistic profiles around Lens-Liévin.

Deterministic for a given ``random.Random``; the lead's demo seed calls :func:`seed_graduates`.
Accounts share one password hash (hashing 48 times would make ``make demo`` slow for nothing).
The first graduate uses ``diplome@tremplin.demo``: if the demo seed already created that account,
it becomes that person's profile, so the printed graduate login shows a full profile.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import PROTECT, Q
from django.utils import timezone

from backend.accounts.models import User
from backend.core.text import fold
from backend.geo.models import Commune
from backend.taxonomy.models import Appellation, Skill
from graduates.models import Cohort, Graduate, GraduateSkill, Project

from .data import (
    CONTRACT_SETS,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    GRADUATE_COMMUNES,
    GRADUATE_EMAIL,
    GRADUATE_TRACKS,
    LANGUAGE_SETS,
    LAST_NAMES,
    TRAINER_EMAILS,
)

EMAIL_DOMAIN = "diplomes.tremplin.demo"

# The tables are in demo/region/graduates.json (read by demo/data.py).
COMMUNES = GRADUATE_COMMUNES
TRACKS = {Cohort.Track(key): plan for key, plan in GRADUATE_TRACKS.items()}


def _skill_index(keys: set[str]) -> dict[str, Skill]:
    uids = {k for k in keys if k.startswith("tremplin:")}
    labels = keys - uids
    found = {s.uid: s for s in Skill.objects.filter(uid__in=uids)}
    for skill in Skill.objects.filter(label_fr__in=labels).order_by("-curated", "id"):
        found.setdefault(skill.label_fr, skill)
    return found


def _pick_commune(rng: random.Random, communes: dict[str, Commune]) -> Commune:
    codes = [c for c in COMMUNES if c in communes]
    return communes[rng.choices(codes, weights=[COMMUNES[c] for c in codes])[0]]


def _unused_last_name(first: str, last: str, used: set[tuple[str, str]]) -> str:
    """The drawn last name, or the next one in the list that nobody of that first name bears yet.

    Walking the list rather than drawing again leaves the random draws of every later graduate as
    they were, so the demo region stays the same from one seed to the next.
    """
    start = LAST_NAMES.index(last)
    for step in range(len(LAST_NAMES)):
        candidate = LAST_NAMES[(start + step) % len(LAST_NAMES)]
        if (first, candidate) not in used:
            return candidate
    raise ValueError(
        f"Plus aucun nom de famille libre pour le prénom {first} dans demo/region/graduates.json"
    )


def _email(first: str, last: str, used: set[str]) -> str:
    base = f"{fold(first).replace(' ', '-')}.{fold(last).replace(' ', '-')}"
    email, n = f"{base}@{EMAIL_DOMAIN}", 1
    while email in used:
        n += 1
        email = f"{base}{n}@{EMAIL_DOMAIN}"
    used.add(email)
    return email


# (track, days since the start of training, name); the past cohorts come last so that adding them
# left the two current cohorts' random draws as they were.
# The names leave the track out: every page prints it beside the name (« Promo Lens 2026-1 ·
# Développeur·se web et mobile »), and a name carrying it read the track twice.
DEMO_COHORTS = [
    (Cohort.Track.WEB_MOBILE, 270, "Promo Lens 2026-1"),
    (Cohort.Track.DIGITAL_COACH, 150, "Promo Lens 2026-2"),
    (Cohort.Track.WEB_MOBILE, 640, "Promo Lens 2025-1"),
    (Cohort.Track.DIGITAL_COACH, 455, "Promo Lens 2025-2"),
]
PAST_COHORT_NAMES = [name for _track, days, name in DEMO_COHORTS if days > 400]
# What the demo named them before: ``seed_demo --reset`` on an older demo database removes those too.
FORMER_COHORT_NAMES = [
    "Promo Lens 2026-1 · Développeur·se web et mobile",
    "Promo Lens 2026-2 · Référent·e numérique",
    "Promo Lens 2025-1 · Développeur·se web et mobile",
    "Promo Lens 2025-2 · Référent·e numérique",
]


def demo_graduates_reset() -> int:
    """Delete what :func:`seed_graduates` created (demo cohorts, their graduates, demo accounts)."""
    with transaction.atomic():
        names = [name for _t, _d, name in DEMO_COHORTS] + FORMER_COHORT_NAMES
        cohorts = Cohort.objects.filter(name__in=names)
        demo = Graduate.objects.filter(cohort__in=cohorts)
        # Outcome checks and placements PROTECT their graduate (real people leave by anonymisation);
        # the demo's invented people are the one case where they go, found by their reverse relations.
        for relation in Graduate._meta.related_objects:
            if relation.on_delete is PROTECT:
                relation.related_model.objects.filter(**{f"{relation.field.name}__in": demo}).delete()
        graduates, _ = demo.delete()
        removed, _ = cohorts.delete()
        users, _ = User.objects.filter(
            Q(email__endswith=f"@{EMAIL_DOMAIN}") | Q(email__in=TRAINER_EMAILS)
        ).delete()
    return graduates + removed + users


def seed_graduates(*, rng: random.Random, password: str) -> list[Graduate]:
    """Create the demo cohorts of 24 graduates and return the graduates.

    Two current cohorts (one finished three months ago, one in internship) and two alumni cohorts
    of 2025, fewer of whom still sign in or show their profile.
    """
    today = timezone.localdate()
    now = timezone.now()
    communes = Commune.objects.in_bulk(list(COMMUNES))
    all_keys = set().union(
        *(set(t["skills"]) | {k for p in t["projects"] for k in p[2]} for t in TRACKS.values())
    )
    skills = _skill_index(all_keys)
    appellations = Appellation.objects.in_bulk([c for t in TRACKS.values() for c in t["jobs"]])
    password_hash = make_password(password)
    created: list[Graduate] = []
    used_emails: set[str] = set(
        User.objects.filter(Q(email__endswith=EMAIL_DOMAIN)).values_list("email", flat=True)
    )
    # Two « Lina Delattre » in one cohort could not be told apart on the cohort's matching page: each
    # name is given once across the demo region. The demo graduate's own name is reserved first.
    used_names: set[tuple[str, str]] = {("Inès", "Dupont")} | set(
        Graduate.objects.filter(cohort__name__in=[n for _t, _d, n in DEMO_COHORTS]).values_list(
            "first_name", "last_name"
        )
    )

    with transaction.atomic():
        trainers = []
        for email, (first, last) in zip(
            TRAINER_EMAILS, [("Sophie", "Vandamme"), ("Karim", "Belkacem")], strict=True
        ):
            trainer, _ = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    # Trainers confirm skills and see their cohorts, not the entry characteristics.
                    "role": User.Role.TRAINER,
                    "password": password_hash,
                },
            )
            trainers.append(trainer)

        # Cohort 1 finished its internship three months ago; cohort 2 is in internship now; the two
        # 2025 cohorts are alumni whose applications, hires and outcomes the placements demo adds.
        plans = [(track, today - timedelta(days=days), name) for track, days, name in DEMO_COHORTS]
        for cohort_index, (track, start, name) in enumerate(plans):
            cohort, _ = Cohort.objects.get_or_create(
                name=name,
                defaults={
                    "track": track,
                    "training_start": start,
                    "training_end": start + timedelta(days=120),
                    "internship_start": start + timedelta(days=127),
                    "internship_end": start + timedelta(days=188),
                },
            )
            cohort.trainers.set([trainers[TRACKS[track]["trainer"]]])
            if cohort.graduates.exists():
                created.extend(cohort.graduates.all())
                continue
            plan = TRACKS[track]
            for index in range(24):
                female = rng.random() < (0.42 if track == Cohort.Track.WEB_MOBILE else 0.55)
                first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
                last = _unused_last_name(first, rng.choice(LAST_NAMES), used_names)
                email = (
                    GRADUATE_EMAIL if cohort_index == 0 and index == 0 else _email(first, last, used_emails)
                )
                if email == GRADUATE_EMAIL:
                    first, last, female = "Inès", "Dupont", True
                used_names.add((first, last))
                alumni = name in PAST_COHORT_NAMES
                has_account = email == GRADUATE_EMAIL or rng.random() < (0.6 if alumni else 0.85)
                user = None
                if has_account:
                    user, _ = User.objects.get_or_create(
                        email=email,
                        defaults={
                            "first_name": first,
                            "last_name": last,
                            "role": User.Role.GRADUATE,
                            "password": password_hash,
                        },
                    )
                age = rng.choice([18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 31])
                mode = rng.choices(
                    list(Graduate.MobilityMode), weights=[4, 5, 1] if rng.random() < 0.5 else [6, 3, 1]
                )[0]
                radius = {
                    "car": rng.choice([20, 30, 40, 50]),
                    "public_transport": rng.choice([10, 15, 20, 25]),
                    "bike_foot": rng.choice([3, 5, 8]),
                }[mode]
                recognised = rng.random() < 0.08
                engaged = user is not None and rng.random() < 0.9
                graduate = Graduate.objects.create(
                    user=user,
                    cohort=cohort,
                    first_name=first,
                    last_name=last,
                    email=email,
                    birth_date=date(today.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                    gender="F" if female else "M",
                    diploma_level=rng.choices(["none", "3", "4", "5"], weights=[4, 3, 3, 1])[0],
                    entry_situation=rng.choices(["neet", "jobseeker", "inactive"], weights=[5, 4, 1])[0],
                    qpv_resident=rng.random() < 0.35,
                    disability_recognised=recognised,
                    disability_disclosed=recognised and engaged and rng.random() < 0.5,
                    commune=_pick_commune(rng, communes) if engaged or rng.random() < 0.5 else None,
                    mobility_mode=mode,
                    mobility_radius_km=radius,
                    driving_licence=mode == "car" or rng.random() < 0.25,
                    contract_types=rng.choice(CONTRACT_SETS) if engaged else [],
                    available_from=(cohort.internship_end + timedelta(days=rng.choice([0, 0, 7, 14, 30])))
                    if engaged
                    else None,
                    languages=rng.choice(LANGUAGE_SETS) if engaged else [],
                    presentation=rng.choice(plan["presentation"]) if engaged and rng.random() < 0.85 else "",
                    github_url=f"https://github.com/{fold(first)[:6]}{fold(last)[:6]}".replace(" ", "")
                    if engaged and track == Cohort.Track.WEB_MOBILE and rng.random() < 0.7
                    else "",
                    portfolio_url=f"https://{fold(first).replace(' ', '')}-{fold(last).replace(' ', '')}.fr"
                    if engaged and rng.random() < 0.25
                    else "",
                )
                if engaged:
                    jobs = [appellations[c] for c in plan["jobs"] if c in appellations]
                    graduate.desired_appellations.set(rng.sample(jobs, k=min(len(jobs), rng.randint(1, 2))))
                    _seed_skills(rng, graduate, plan, skills, trainers[plan["trainer"]], now)
                    for title, description, keys in rng.sample(plan["projects"], k=rng.randint(1, 2)):
                        project = Project.objects.create(
                            graduate=graduate, title=title, description=description
                        )
                        project.skills.set([skills[k] for k in keys if k in skills])
                    if rng.random() < (0.15 if alumni else 0.7):
                        graduate.visible_to_employers = True
                        graduate.visibility_changed_at = now - timedelta(days=rng.randint(1, 60))
                graduate.content_hash = graduate.compute_content_hash()
                graduate.save()
                created.append(graduate)
    return created


def _seed_skills(rng, graduate, plan, skills, trainer, now) -> None:
    core = [skills[k] for k in plan["core"] if k in skills]
    others = [skills[k] for k in plan["skills"] if k in skills and skills[k] not in core]
    chosen = core + rng.sample(others, k=min(len(others), rng.randint(2, 6)))
    rows = []
    for skill in chosen:
        level = rng.choices([1, 2, 3, 4], weights=[1, 4, 4, 1])[0]
        confirmed = rng.random() < 0.45
        rows.append(
            GraduateSkill(
                graduate=graduate,
                skill=skill,
                source=GraduateSkill.Source.DECLARED,
                status=GraduateSkill.Status.ACCEPTED,
                level=level,
                confirmed_by=trainer if confirmed else None,
                confirmed_at=now - timedelta(days=rng.randint(10, 90)) if confirmed else None,
            )
        )
    # A few graduates still have CV proposals waiting to be sorted.
    leftovers = [s for s in others if s not in chosen]
    if leftovers and rng.random() < 0.3:
        skill = rng.choice(leftovers)
        rows.append(
            GraduateSkill(
                graduate=graduate,
                skill=skill,
                source=GraduateSkill.Source.EXTRACTED,
                status=GraduateSkill.Status.PROPOSED,
                evidence=f"… utilisation de {skill.label_fr} en stage …",
            )
        )
    GraduateSkill.objects.bulk_create(rows)
