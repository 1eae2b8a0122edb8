"""A small, complete world for the access matrix and the API fuzzing (issue #10).

Two employers (A and B), each with a contact, offers, a partnership and an exchange; one cohort with a
graduate visible to employers and one who is not, each with skills, a project, a candidacy (to A's
offer and to B's offer), a placement and an outcome check; an officer, a trainer teaching that cohort,
an administrator; a pending
e-mailed invitation and a term candidate. Every persona signs in with ``tests.factories.PASSWORD``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from backend.accounts.models import Invitation, User
from backend.taxonomy.models import Skill, TermCandidate
from employers.models import Interaction, Offer
from graduates.models import GraduateSkill, Project
from placements.models import OutcomeCheck
from tests.factories import ContactFactory, EmployerFactory, OfferFactory, PartnershipFactory, UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory
from tests.factories.placements import ApplicationFactory, OutcomeCheckFactory, PlacementFactory


@dataclass
class Side:
    """What one employer owns."""

    employer: object
    user: object
    offer: object  # published
    draft: object
    partnership: object
    interaction: object


@dataclass
class GraduateSide:
    graduate: object
    user: object
    skill: object
    project: object
    application: object
    placement: object
    outcome: object
    outcome_token: str


@dataclass
class World:
    a: Side
    b: Side
    visible: GraduateSide
    invisible: GraduateSide
    cohort: object
    other_cohort: object
    officer: object
    trainer: object
    admin: object
    invitation_token: str
    term: object
    users: dict = field(default_factory=dict)  # role name -> User (None for anonymous)


def _side(name: str, insee: str, n: int) -> Side:
    employer = EmployerFactory(name=name, commune_id=insee)
    user = ContactFactory(employer=employer, user__email=f"contact{n}@entreprise{n}.fr").user
    offer = OfferFactory(employer=employer, created_by=user, published=True, title=f"Développeur·se web {n}")
    draft = OfferFactory(employer=employer, created_by=user, title=f"Technicien·ne KNX {n}")
    partnership = PartnershipFactory(employer=employer)
    interaction = Interaction.objects.create(
        employer=employer, kind=Interaction.Kind.CALL, occurred_on=timezone.localdate(), summary="Appel"
    )
    return Side(employer, user, offer, draft, partnership, interaction)


def _graduate_side(cohort, first_name: str, *, visible: bool, offer, employer) -> GraduateSide:
    user = UserFactory(
        role=User.Role.GRADUATE, first_name=first_name, email=f"{first_name.lower()}@example.fr"
    )
    graduate = GraduateFactory(
        cohort=cohort,
        user=user,
        visible_to_employers=visible,
        visibility_changed_at=timezone.now() if visible else None,
        presentation="Développeuse React, je cherche un CDI dans le bassin minier, mobile sur le Pas-de-Calais.",
    )
    skill = GraduateSkill.objects.create(
        graduate=graduate,
        skill=Skill.objects.get(uid="tremplin:react"),
        source=GraduateSkill.Source.EXTRACTED,
        status=GraduateSkill.Status.PROPOSED,
        evidence="React",
    )
    project = Project.objects.create(graduate=graduate, title="Site de l'association", description="Django")
    application = ApplicationFactory(graduate=graduate, offer=offer)
    placement = PlacementFactory(graduate=graduate, employer=employer, employer_name=employer.name)
    outcome = OutcomeCheckFactory(graduate=graduate, milestone=OutcomeCheck.Milestone.M3)
    token = outcome.new_form_token()
    outcome.form_sent_at = timezone.now()
    outcome.save()
    return GraduateSide(graduate, user, skill, project, application, placement, outcome, token)


def build_world() -> World:
    a = _side("Hauts Numériques", "62498", 1)
    b = _side("Concurrent SARL", "59350", 2)
    cohort = CohortFactory(name="Promo Lens 2026-1")
    other_cohort = CohortFactory(name="Promo Arras 2026-2")
    visible = _graduate_side(cohort, "Kylian", visible=True, offer=a.offer, employer=a.employer)
    invisible = _graduate_side(cohort, "Ines", visible=False, offer=b.offer, employer=b.employer)
    officer = UserFactory(role=User.Role.OFFICER, email="charge@ecole.fr")
    trainer = UserFactory(role=User.Role.TRAINER, email="formateur@ecole.fr")
    cohort.trainers.add(trainer)  # teaches both graduates' cohort, not the other one
    admin = UserFactory(role=User.Role.ADMIN, email="admin@ecole.fr", is_staff=True, is_superuser=True)
    token, token_hash = Invitation.new_token()
    Invitation.objects.create(
        email="nouvelle@example.fr",
        kind=Invitation.Kind.GRADUATE,
        token_hash=token_hash,
        invited_by=officer,
        expires_at=timezone.now() + timedelta(days=7),
        data={},
    )
    term = TermCandidate.objects.create(term="Figma", key="figma", occurrences=4, documents=3)
    assert Offer.objects.count() == 4
    world = World(a, b, visible, invisible, cohort, other_cohort, officer, trainer, admin, token, term)
    world.users = {
        "anonymous": None,
        "employer_a": a.user,
        "employer_b": b.user,
        "graduate_visible": visible.user,
        "graduate_invisible": invisible.user,
        "officer": officer,
        "trainer": trainer,
        "admin": admin,
    }
    return world
