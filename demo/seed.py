"""Seed the demo region: one seeder per domain, run in one transaction.

``employers`` (accounts, employers, partnerships, CRM log, offers), then ``graduates`` (four cohorts),
then ``placements`` (the cohorts' history); ``judgements`` adds the simulated officers' grades once
the pairs are scored (``manage.py demo``). ``demo_reset`` deletes what the seed created, nothing else.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from backend.accounts.models import User
from employers.models import Employer

from . import data
from .admissions import demo_admissions_reset, seed_admissions
from .agenda import demo_agenda_reset, seed_agenda
from .employers import DemoError, EmployersSeeder, SeedReport, demo_sirets
from .graduates import DEMO_COHORTS, TRAINER_EMAILS, demo_graduates_reset, seed_graduates
from .internships import demo_internships_reset, seed_internships
from .placements import seed_placement_history

SEED = 2026


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    note: str


DEMO_ACCOUNTS = [
    DemoAccount("Administrateur", data.ADMIN_EMAIL, "superutilisateur, accès à /admin/"),
    DemoAccount(
        "Chargée d'insertion",
        data.OFFICER_EMAIL,
        "modère, suit les partenariats, les candidatures et le rapport financeurs",
    ),
    DemoAccount(
        "Formatrice",
        TRAINER_EMAILS[0],
        "promos développeur web/mobile : confirme les compétences, sans les données d'entrée en formation",
    ),
    DemoAccount(
        "Employeur partenaire",
        data.EMPLOYER_EMAIL,
        "Terril Numérique (Lens), offres publiées sans modération",
    ),
    DemoAccount(
        "Employeur", data.EMPLOYER2_EMAIL, "Atelier Pixel Gohelle (Liévin), offres soumises à modération"
    ),
    DemoAccount(
        "Diplômée",
        data.GRADUATE_EMAIL,
        "diplômée de la promo développeur web/mobile : profil, offres pour elle, candidatures",
    ),
]


def demo_emails() -> list[str]:
    return [account.email for account in DEMO_ACCOUNTS]


def demo_is_seeded() -> bool:
    return (
        User.objects.filter(email__in=demo_emails()).exists()
        or Employer.objects.filter(siret__in=demo_sirets()).exists()
    )


def demo_reset(*, progress: Callable[[str], None] = print) -> None:
    """Delete what the seed created (matched by the demo SIRETs and e-mails), nothing else."""
    with transaction.atomic():
        events = demo_internships_reset() + demo_agenda_reset() + demo_admissions_reset()
        graduates = demo_graduates_reset()
        deleted, _ = Employer.objects.filter(siret__in=demo_sirets()).delete()
        users, _ = User.objects.filter(email__in=demo_emails()).delete()
    progress(f"Démo précédente supprimée ({events + graduates + deleted + users} lignes).")


def seed_demo(
    *, reset: bool = False, progress: Callable[[str], None] = print, seed: int = SEED
) -> SeedReport:
    """Create the demo region. Refuses when it is already there, unless ``reset`` first deletes it."""
    started = time.monotonic()
    if reset:
        demo_reset(progress=progress)
    elif demo_is_seeded():
        raise DemoError("La démo est déjà en place : relancez avec --reset pour la supprimer et la recréer.")
    seeder = EmployersSeeder(progress=progress, seed=seed)
    seeder.load_reference()
    with transaction.atomic():
        seeder.create_accounts()
        progress(f"Comptes de démonstration : {len(DEMO_ACCOUNTS)}")
        seeder.create_employers()
        seeder.create_partnerships()
        seeder.create_offers()
        progress("Promotions et diplômé·es…")
        graduates = seed_graduates(rng=random.Random(f"graduates:{seed}"), password=data.DEMO_PASSWORD)
        seeder.report.graduates = len(graduates)
        progress(f"  {seeder.report.graduates} diplômé·es dans {len(DEMO_COHORTS)} promotions")
        progress("Candidatures, stages, embauches et suivis des promotions passées…")
        history = seed_placement_history(
            rng=random.Random(f"placements:{seed}"), graduates=graduates, officer=seeder.officer
        )
        progress(
            f"  {history.applications} candidatures, {history.placements} placements, "
            f"{history.outcome_checks} suivis à échéance"
        )
        agenda = seed_agenda(rng=random.Random(f"agenda:{seed}"), graduates=graduates, officer=seeder.officer)
        progress(
            f"Job dating : {agenda.registrations} entreprises, {agenda.slots} créneaux, {agenda.booked} réservés"
        )
        admissions = seed_admissions(rng=random.Random(f"admissions:{seed}"), officer=seeder.officer)
        progress(
            f"Admissions : {admissions.applications} candidatures confirmées et {admissions.unconfirmed} à "
            f"confirmer, {admissions.sessions} réunions d'information, {admissions.booked} places réservées, "
            f"{admissions.decided} décisions"
        )
        progress(f"  Suivi d'une candidate (lien privé) : /candidater/suivi/{admissions.first_token}/")
        internships = seed_internships(officer=seeder.officer)
        progress(
            f"Conventions de stage : {internships.agreements} ({internships.signed} signée et stage en cours, "
            f"{len(internships.awaiting)} à signer par l'organisme d'accueil)"
        )
        for pk in internships.awaiting:
            progress(f"  Convention à signer (compte {data.EMPLOYER_EMAIL}) : /stages/{pk}/")
    if seeder.skills.missing:
        progress(
            f"Compétences introuvables dans le référentiel (ignorées) : {', '.join(sorted(seeder.skills.missing))}"
        )
    seeder.report.seconds = time.monotonic() - started
    return seeder.report


__all__ = ["DEMO_ACCOUNTS", "DemoError", "SeedReport", "demo_is_seeded", "demo_reset", "seed_demo"]
