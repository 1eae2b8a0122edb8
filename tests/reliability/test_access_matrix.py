"""Who may open what: every URL of the URL configuration (pages, API, admin) x every role (issue #10).

The URL list is read from Django's resolver, not written by hand: a new URL without a rule in RULES
fails the test, and a rule gives one status per role. Path ids point at real rows owned by
employer A or by the visible graduate, so employer B and the other graduate ask for someone else's.

Each expectation is a row of status codes, one per role, in ROLES order:
anonymous, employer A, employer B, graduate visible to employers, graduate invisible, officer, trainer
(teaching both graduates' cohort), admin.
302 for a page is a redirect to the login page (anonymous) or away from a page the role may not use;
the API answers 401 (anonymous), 403 (wrong role) or 404 (someone else's row, or no such row for you).
"""

import itertools
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from admissions.models import Application as Admission
from admissions.models import InformationSession, SessionBooking
from agenda.models import Event, EventRegistration, Slot
from agenda.services import calendar_feed_create
from backend.core.tokens import token_digest
from internships import services as internship_services
from tests.factories.placements import PlacementFactory

from .world import build_world

ROLES = (
    "anonymous",
    "employer_a",
    "employer_b",
    "graduate_visible",
    "graduate_invisible",
    "officer",
    "trainer",
    "admin",
)


def _uid(world):
    user = world.visible.user
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _event():
    start = timezone.now() + timedelta(days=7)
    return Event.objects.create(
        title="Job dating",
        kind="job_dating",
        place="Lens",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )


def _slot(world):
    """A free interview slot employer A opened at a job dating to come, for its published offer."""
    event = _event()
    registration = EventRegistration.objects.create(event=event, employer=world.a.employer)
    registration.offers.add(world.a.offer)
    return Slot.objects.create(
        registration=registration,
        offer=world.a.offer,
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(minutes=20),
    )


_ADMISSIONS = itertools.count()


def _admission(*, booked: bool = False) -> tuple[Admission, str]:
    """A confirmed application to the school (the private token is its key), booked at a session or not;
    each with its own address (one application in progress per address)."""
    token = Admission.new_token()
    start = timezone.now() + timedelta(days=3)
    admission = Admission.objects.create(
        token_hash=token_digest(token),
        state=Admission.State.SUBMITTED,
        first_name="Samia",
        last_name="Benali",
        email=f"samia-{next(_ADMISSIONS)}@example.fr",
        phone="0612345678",
        birth_date="2002-05-17",
        commune_id="62510",
        diploma_level="none",
        track="web_mobile",
        motivation="Motivée.",
    )
    if booked:
        session = InformationSession.objects.create(
            starts_at=start, ends_at=start + timedelta(hours=2), place="Lens", seats=10
        )
        SessionBooking.objects.create(application=admission, session=session)
    return admission, token


_AGREEMENTS = itertools.count()


def _agreement(world, *, signed: bool = False):
    """An internship agreement of the visible graduate at employer A (signed by the three, or not yet)."""
    start = timezone.localdate() + timedelta(days=30 + next(_AGREEMENTS))
    placement = PlacementFactory(
        graduate=world.visible.graduate,
        employer=world.a.employer,
        employer_name=world.a.employer.name,
        contract_type="STAGE",
        is_training_internship=True,
        start_date=start,
        end_date=start + timedelta(days=4),
    )
    agreement = internship_services.agreement_create(by=world.officer, placement=placement)
    if signed:
        host, trainee = world.a.user, world.visible.user
        internship_services.agreement_update_part(
            agreement=agreement,
            by=host,
            data={
                "host_address": "Lens",
                "host_representative_name": "Gérante",
                "host_insurer": "MAAF",
                "tutor_name": "Tuteur",
                "tutor_email": "tuteur@example.fr",
                "tasks": "Développer.",
                "schedule": "9 h – 17 h",
                "gratification_hourly": "4.50",
            },
        )
        internship_services.agreement_update_part(
            agreement=agreement,
            by=trainee,
            data={"trainee_address": "Liévin", "trainee_phone": "0612345678", "trainee_insurer": "MACIF"},
        )
        internship_services.agreement_check_part(agreement=agreement, by=host)
        internship_services.agreement_check_part(agreement=agreement, by=trainee)
        for user in (host, trainee, world.officer):
            internship_services.agreement_sign(
                agreement=agreement, by=user, ip_address=None, version_number=1
            )
    return agreement


def _info_session() -> InformationSession:
    start = timezone.now() + timedelta(days=3)
    return InformationSession.objects.create(
        starts_at=start, ends_at=start + timedelta(hours=2), place="Lens", seats=10
    )


# route -> [(what the ids point at, kwargs from the world, expected statuses in ROLES order)]
RULES: dict[str, list[tuple[str, object, str]]] = {}


def rule(route: str, expected: str, kwargs=None, what: str = ""):
    RULES.setdefault(route, []).append((what, kwargs or (lambda w: {}), expected))


# fmt: off
rule('', "200 302 302 302 302 302 302 302")
rule('analyse/diplomes/<int:pk>/suggestions/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.visible.graduate.pk})
rule('analyse/jugements/', "405 405 405 405 405 405 405 405")
rule('analyse/jugements/file/', "302 403 403 403 403 200 403 200")
rule('analyse/modele/', "302 403 403 403 403 200 403 200")
rule('analyse/offre/apercu/', "302 405 405 405 405 405 405 405")
rule('analyse/offres/<int:pk>/candidats/', "302 200 404 403 403 200 403 200", lambda w: {"pk": w.a.offer.pk})
rule('analyse/pour-vous/', "302 403 403 200 200 403 403 403")
rule('analyse/pour-vous/<int:offer_id>/avis/', "405 405 405 405 405 405 405 405", lambda w: {"offer_id": w.a.offer.pk})
rule('analyse/promotions/<int:pk>/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.cohort.pk})
rule('api/v1/appellations/', "200 200 200 200 200 200 200 200")
rule('api/v1/applications/', "401 200 200 200 200 200 200 200")
rule('api/v1/applications/<int:pk>/', "401 200 404 200 404 200 404 200", lambda w: {"pk": w.visible.application.pk})
rule('api/v1/applications/<int:pk>/transition/', "401 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.application.pk})
rule('api/v1/auth/token/', "405 405 405 405 405 405 405 405")
rule('api/v1/cohorts/', "401 403 403 403 403 200 403 200")
rule('api/v1/cohorts/<int:cohort_id>/matching/', "401 403 403 403 403 200 403 200", lambda w: {"cohort_id": w.cohort.pk})
rule('api/v1/cohorts/<int:pk>/', "401 403 403 403 403 200 403 200", lambda w: {"pk": w.cohort.pk})
rule('api/v1/cohorts/<int:pk>/board/', "401 403 403 403 403 200 403 200", lambda w: {"pk": w.cohort.pk})
rule('api/v1/cohorts/<int:pk>/import/', "401 403 403 403 403 405 403 405", lambda w: {"pk": w.cohort.pk})
rule('api/v1/cohorts/<int:pk>/invite/', "401 403 403 403 403 405 403 405", lambda w: {"pk": w.cohort.pk})
rule('api/v1/communes/', "200 200 200 200 200 200 200 200")
rule('api/v1/docs/', "200 200 200 200 200 200 200 200")
rule('api/v1/employer/offers/', "401 200 200 403 403 200 403 200")
rule('api/v1/employer/offers/<int:offer_id>/shortlist/', "401 200 404 403 403 200 403 200", lambda w: {"offer_id": w.a.offer.pk})
rule('api/v1/employer/offers/<int:pk>/', "401 200 404 403 403 200 403 200", lambda w: {"pk": w.a.offer.pk}, what='published offer')
rule('api/v1/employer/offers/<int:pk>/', "401 200 404 403 403 200 403 200", lambda w: {"pk": w.a.draft.pk}, what='draft')
rule('api/v1/employer/offers/<int:pk>/close/', "401 405 405 403 403 405 403 405", lambda w: {"pk": w.a.draft.pk})
rule('api/v1/employer/offers/<int:pk>/duplicate/', "401 405 405 403 403 405 403 405", lambda w: {"pk": w.a.draft.pk})
rule('api/v1/employer/offers/<int:pk>/fill/', "401 405 405 403 403 405 403 405", lambda w: {"pk": w.a.draft.pk})
rule('api/v1/employer/offers/<int:pk>/refresh/', "401 405 405 403 403 405 403 405", lambda w: {"pk": w.a.draft.pk})
rule('api/v1/employer/offers/<int:pk>/submit/', "401 405 405 403 403 405 403 405", lambda w: {"pk": w.a.draft.pk})
rule('api/v1/employers/', "401 403 403 403 403 200 403 200")
rule('api/v1/employers/<int:pk>/', "401 200 404 404 404 200 404 200", lambda w: {"pk": w.a.employer.pk})
rule('api/v1/employers/<int:pk>/approve/', "401 405 405 405 405 405 405 405", lambda w: {"pk": w.a.employer.pk})
rule('api/v1/employers/<int:pk>/contacts/', "401 200 404 404 404 200 404 200", lambda w: {"pk": w.a.employer.pk})
rule('api/v1/employers/<int:pk>/contacts/invite/', "401 405 405 405 405 405 405 405", lambda w: {"pk": w.a.employer.pk})
rule('api/v1/employers/<int:pk>/decline/', "401 405 405 405 405 405 405 405", lambda w: {"pk": w.a.employer.pk})
rule('api/v1/employers/<int:pk>/interactions/', "401 403 404 404 404 200 404 200", lambda w: {"pk": w.a.employer.pk})
rule('api/v1/employers/<int:pk>/partnerships/', "401 200 404 404 404 200 404 200", lambda w: {"pk": w.a.employer.pk})
rule('api/v1/employers/<int:pk>/partnerships/<int:partnership_id>/', "401 200 404 404 404 200 404 200", lambda w: {"pk": w.a.employer.pk, "partnership_id": w.a.partnership.pk})
rule('api/v1/employers/me/', "401 200 200 403 403 403 403 403")
rule('api/v1/graduates/', "401 200 200 200 200 200 200 200")
rule('api/v1/graduates/<int:pk>/', "401 200 200 200 404 200 404 200", lambda w: {"pk": w.visible.graduate.pk}, what='visible graduate')
rule('api/v1/graduates/<int:pk>/', "401 404 404 404 200 200 404 200", lambda w: {"pk": w.invisible.graduate.pk}, what='invisible graduate')
rule('api/v1/graduates/<int:pk>/confirm-skill/', "401 403 403 403 403 405 403 405", lambda w: {"pk": w.visible.graduate.pk})
rule('api/v1/graduates/me/', "401 403 403 200 200 403 403 403")
rule('api/v1/graduates/me/cv/', "401 403 403 405 405 403 403 403")
rule('api/v1/graduates/me/export/', "401 403 403 200 200 403 403 403")
rule('api/v1/graduates/me/erasure/', "401 403 403 200 200 403 403 403")
rule('api/v1/erasure-requests/', "401 403 403 403 403 200 403 200")
rule('api/v1/erasure-requests/<int:pk>/confirm/', "401 403 403 403 403 405 403 405", lambda w: {"pk": 1})
rule('api/v1/erasure-requests/<int:pk>/decline/', "401 403 403 403 403 405 403 405", lambda w: {"pk": 1})
rule('api/v1/graduates/me/projects/', "401 403 403 200 200 403 403 403")
rule('api/v1/graduates/me/projects/<int:pk>/', "401 403 403 405 405 403 403 403", lambda w: {"pk": w.visible.project.pk})
rule('api/v1/graduates/me/skills/', "401 403 403 200 200 403 403 403")
rule('api/v1/graduates/me/skills/<int:pk>/', "401 403 403 405 405 403 403 403", lambda w: {"pk": w.visible.skill.pk})
rule('api/v1/graduates/me/skills/<int:pk>/review/', "401 403 403 405 405 403 403 403", lambda w: {"pk": w.visible.skill.pk})
rule('api/v1/graduates/me/visibility/', "401 403 403 405 405 403 403 403")
rule('api/v1/judgements/', "401 403 403 403 403 200 403 200")
rule('api/v1/me/', "401 200 200 200 200 200 200 200")
rule('api/v1/moderation/offers/', "401 403 403 403 403 200 403 200")
rule('api/v1/moderation/offers/<int:pk>/approve/', "401 403 403 403 403 405 403 405", lambda w: {"pk": w.a.draft.pk})
rule('api/v1/moderation/offers/<int:pk>/decline/', "401 403 403 403 403 405 403 405", lambda w: {"pk": w.a.draft.pk})
rule('api/v1/moderation/rome/', "401 403 403 403 403 200 403 200")
rule('api/v1/moderation/rome/<int:pk>/occupation/', "401 403 403 403 403 405 403 405", lambda w: {"pk": w.a.offer.pk})
rule('api/v1/reports/curriculum/', "401 403 403 403 403 200 403 200")
rule('api/v1/territory/prospects/', "401 403 403 403 403 200 403 200")
rule('api/v1/territory/prospects/add/', "401 403 403 403 403 405 403 405")
rule('api/v1/admissions/', "401 403 403 403 403 200 403 200")
rule('api/v1/admissions/<int:pk>/transition/', "401 403 403 403 403 405 403 405", lambda w: {"pk": _admission()[0].pk})
rule('api/v1/admissions/sessions/', "401 403 403 403 403 200 403 200")
rule('api/v1/offers/', "200 200 200 200 200 200 200 200")
rule('api/v1/offers/<int:pk>/', "200 200 200 200 200 200 200 200", lambda w: {"pk": w.a.offer.pk}, what='published offer')
rule('api/v1/offers/<int:pk>/', "404 404 404 404 404 404 404 404", lambda w: {"pk": w.a.draft.pk}, what='draft')
rule('api/v1/outcome-checks/', "401 403 403 403 403 200 403 200")
rule('api/v1/outcome-checks/<int:pk>/', "401 403 403 403 403 200 403 200", lambda w: {"pk": w.visible.outcome.pk})
rule('api/v1/outcome-checks/<int:pk>/validate/', "401 403 403 403 403 405 403 405", lambda w: {"pk": w.visible.outcome.pk})
rule('api/v1/placements/', "401 200 200 200 200 200 200 200")
rule('api/v1/placements/<int:pk>/', "401 200 404 200 404 200 404 200", lambda w: {"pk": w.visible.placement.pk})
rule('api/v1/placements/<int:pk>/confirm/', "401 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.placement.pk})
rule('api/v1/ranker/', "401 403 403 403 403 200 403 200")
rule('api/v1/redoc/', "200 200 200 200 200 200 200 200")
rule('api/v1/reports/cohorts/<int:cohort_id>/', "401 403 403 403 403 200 403 200", lambda w: {"cohort_id": w.cohort.pk})
rule('api/v1/reports/skills-demand/', "401 403 403 403 403 200 403 200")
rule('api/v1/reports/years/<int:year>/', "401 403 403 403 403 200 403 200", lambda w: {"year": 2026})
rule('api/v1/schema/', "200 200 200 200 200 200 200 200")
rule('api/v1/skills/', "200 200 200 200 200 200 200 200")
rule('api/v1/suggestions/', "401 403 403 200 200 403 403 403")
rule('api/v1/suggestions/<int:offer_id>/feedback/', "401 403 403 405 405 403 403 403", lambda w: {"offer_id": w.a.offer.pk})
rule('candidatures/', "302 403 403 403 403 200 403 200")
rule('candidatures/<int:pk>/', "302 200 404 200 404 200 404 200", lambda w: {"pk": w.visible.application.pk})
rule('candidatures/<int:pk>/action/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.application.pk})
rule('candidatures/<int:pk>/entretien/deplacer/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.application.pk})
rule('candidatures/<int:pk>/cv/', "302 404 404 404 404 404 404 404", lambda w: {"pk": w.visible.application.pk})
rule('candidatures/mes-candidatures/', "302 403 403 200 200 403 403 403")
rule('candidatures/notifications/', "302 200 200 200 200 200 200 200")
rule('candidatures/placements/', "302 403 403 403 403 200 403 200")
rule('candidatures/placements/<int:pk>/confirmer/', "302 200 404 403 403 200 403 200", lambda w: {"pk": w.visible.placement.pk})
rule('candidatures/placements/declarer/', "302 403 403 200 200 403 403 403")
rule('candidatures/postuler/<int:offer_id>/', "302 403 403 302 200 403 403 403", lambda w: {"offer_id": w.a.offer.pk})
rule('candidatures/proposer/<int:offer_id>/', "302 200 404 403 403 200 403 200", lambda w: {"offer_id": w.a.offer.pk})
rule('candidatures/rapports/', "302 403 403 403 403 200 403 200")
rule('candidatures/rapports/annee/<int:year>/', "302 403 403 403 403 200 403 200", lambda w: {"year": 2026})
rule('candidatures/rapports/competences/', "302 403 403 403 403 200 403 200")
rule('candidatures/rapports/partenaires/', "302 403 403 403 403 200 403 200")
rule('candidatures/rapports/programme/', "302 403 403 403 403 200 403 200")
rule('candidatures/rapports/programme/export.xlsx', "302 403 403 403 403 200 403 200")
rule('candidatures/rapports/promotion/<int:cohort_id>/', "302 403 403 403 403 200 403 200", lambda w: {"cohort_id": w.cohort.pk})
rule('candidatures/recues/', "302 200 200 403 403 403 403 403")
rule('candidatures/suivi/', "302 403 403 403 403 200 403 200")
rule('candidatures/suivi/<int:pk>/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.visible.outcome.pk})
rule('candidatures/suivi/reponse/<str:token>/', "200 200 200 200 200 200 200 200", lambda w: {"token": w.visible.outcome_token}, what="the visible graduate's link")
rule('candidatures/suivi/reponse/<str:token>/', "404 404 404 404 404 404 404 404", lambda w: {"token": "devine"}, what='a guessed link')
rule('comptes/activation/<uidb64>/<token>/', "302 400 400 400 400 400 400 400", _uid)
rule('comptes/compte/', "302 200 200 200 200 200 200 200")
rule('comptes/compte/jeton/', "302 405 405 405 405 405 405 405")
rule('comptes/compte/jeton/supprimer/', "302 405 405 405 405 405 405 405")
rule('comptes/connexion/', "200 302 302 302 302 302 302 302")
rule('comptes/deconnexion/', "405 405 405 405 405 405 405 405")
rule('comptes/inscription/envoyee/', "200 200 200 200 200 200 200 200")
rule('comptes/invitation/<str:token>/', "200 200 200 200 200 200 200 200", lambda w: {"token": w.invitation_token}, what='a pending invitation')
rule('comptes/invitation/<str:token>/', "404 404 404 404 404 404 404 404", lambda w: {"token": "devine"}, what='a guessed link')
rule('comptes/mot-de-passe/change/', "200 200 200 200 200 200 200 200")
rule('comptes/mot-de-passe/nouveau/<uidb64>/<token>/', "200 200 200 200 200 200 200 200", _uid)
rule('comptes/mot-de-passe/oubli/', "200 200 200 200 200 200 200 200")
rule('comptes/mot-de-passe/oubli/envoye/', "200 200 200 200 200 200 200 200")
rule('diplomes/', "302 403 403 200 200 403 403 403")
rule('diplomes/competences/<int:pk>/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.skill.pk})
rule('diplomes/competences/ajouter/', "405 405 405 405 405 405 405 405")
rule('diplomes/confidentialite/', "200 200 200 200 200 200 200 200")
rule('diplomes/cv/', "405 405 405 405 405 405 405 405")
rule('diplomes/cv/supprimer/', "405 405 405 405 405 405 405 405")
rule('diplomes/cv/telecharger/', "302 403 403 404 404 403 403 403")
rule('diplomes/ecole/diplomes/<int:pk>/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.visible.graduate.pk})
rule('diplomes/ecole/diplomes/<int:pk>/competences/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.graduate.pk})
rule('diplomes/ecole/diplomes/<int:pk>/cv/', "302 403 403 403 403 404 403 404", lambda w: {"pk": w.visible.graduate.pk})
rule('diplomes/ecole/diplomes/<int:pk>/inviter/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.graduate.pk})
rule('diplomes/ecole/effacements/', "302 403 403 403 403 200 403 200")
rule('diplomes/ecole/effacements/<int:pk>/', "405 405 405 405 405 405 405 405", lambda w: {"pk": 1})
rule('diplomes/ecole/promotions/', "302 403 403 403 403 200 403 200")
rule('diplomes/ecole/promotions/<int:pk>/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.cohort.pk})
rule('diplomes/ecole/promotions/<int:pk>/import/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.cohort.pk})
rule('diplomes/ecole/promotions/<int:pk>/import/modele.csv', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.cohort.pk})
rule('diplomes/ecole/promotions/<int:pk>/inviter/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.cohort.pk})
rule('diplomes/ecole/promotions/<int:pk>/modifier/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.cohort.pk})
rule('diplomes/mes-donnees.json', "302 403 403 200 200 403 403 403")
rule('diplomes/mes-donnees.zip', "302 403 403 200 200 403 403 403")
rule('diplomes/mes-donnees/consultations/', "302 403 403 200 200 403 403 403")
rule('diplomes/mes-donnees/effacement/', "302 403 403 200 200 403 403 403")
rule('diplomes/mes-donnees/effacement/annuler/', "405 405 405 405 405 405 405 405")
rule('diplomes/profil/modifier/', "302 403 403 200 200 403 403 403")
rule('diplomes/profils/', "302 200 200 403 403 403 403 403")
rule('diplomes/profils/<int:pk>/', "302 200 200 403 403 403 403 403", lambda w: {"pk": w.visible.graduate.pk}, what='visible graduate')
rule('diplomes/profils/<int:pk>/', "302 404 404 403 403 403 403 403", lambda w: {"pk": w.invisible.graduate.pk}, what='invisible graduate')
rule('diplomes/projets/<int:pk>/', "302 403 403 200 404 403 403 403", lambda w: {"pk": w.visible.project.pk})
rule('diplomes/projets/<int:pk>/supprimer/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.project.pk})
rule('diplomes/projets/nouveau/', "302 403 403 200 200 403 403 403")
rule('diplomes/visibilite/', "405 405 405 405 405 405 405 405")
rule('ecole/territoire/', "302 403 403 403 403 200 403 200")
rule('ecole/territoire/prospects/', "302 403 403 403 403 200 403 200")
rule('ecole/territoire/prospects/ajouter/', "405 405 405 405 405 405 405 405")
rule('entreprise/', "302 200 200 403 403 403 403 403")
rule('entreprise/collegues/inviter/', "405 405 405 405 405 405 405 405")
rule('entreprise/ecole/', "302 403 403 403 403 200 403 200")
rule('entreprise/ecole/employeurs/', "302 403 403 403 403 200 403 200")
rule('entreprise/ecole/employeurs/<int:pk>/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.a.employer.pk})
rule('entreprise/ecole/employeurs/<int:pk>/contacts/inviter/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.employer.pk})
rule('entreprise/ecole/employeurs/<int:pk>/devenir-partenaire/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.employer.pk})
rule('entreprise/ecole/employeurs/<int:pk>/echanges/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.employer.pk})
rule('entreprise/ecole/employeurs/<int:pk>/partenariats/<int:partnership_pk>/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.a.employer.pk, "partnership_pk": w.a.partnership.pk})
rule('entreprise/ecole/employeurs/<int:pk>/partenariats/nouveau/', "302 403 403 403 403 200 403 200", lambda w: {"pk": w.a.employer.pk})
rule('entreprise/ecole/employeurs/<int:pk>/validation/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.employer.pk})
rule('entreprise/ecole/offres/', "302 403 403 403 403 200 403 200")
rule('entreprise/ecole/offres/a-coder/', "302 403 403 403 403 200 403 200")
rule('entreprise/ecole/offres/<int:pk>/metier/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.offer.pk})
rule('entreprise/ecole/offres/<int:pk>/moderer/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.draft.pk})
rule('entreprise/inscription/', "200 302 302 403 403 403 403 403")
rule('entreprise/offres/<int:pk>/', "302 200 404 404 404 200 404 200", lambda w: {"pk": w.a.offer.pk}, what='published offer')
rule('entreprise/offres/<int:pk>/', "302 200 404 404 404 200 404 200", lambda w: {"pk": w.a.draft.pk}, what='draft')
rule('entreprise/offres/<int:pk>/action/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.offer.pk})
rule('entreprise/offres/<int:pk>/lu-dans-le-texte/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.a.offer.pk})
rule('entreprise/offres/<int:pk>/modifier/', "302 200 404 403 403 403 403 403", lambda w: {"pk": w.a.draft.pk})
rule('entreprise/offres/import/', "302 200 200 403 403 403 403 403")
rule('entreprise/offres/import/modele.csv', "302 200 200 403 403 403 403 403")
rule('entreprise/offres/nouvelle/', "302 200 200 403 403 403 403 403")
rule('geo/communes/', "200 200 200 200 200 200 200 200")
rule('healthz', "200 200 200 200 200 200 200 200")
rule('i18n/setlang/', "302 302 302 302 302 302 302 302")
rule('metrics', "404 404 404 404 404 404 404 404")
rule('offres/', "200 200 200 200 200 200 200 200")
rule('offres/<int:pk>/', "200 200 200 200 200 200 200 200", lambda w: {"pk": w.a.offer.pk}, what='published offer')
rule('offres/<int:pk>/', "404 404 404 404 404 404 404 404", lambda w: {"pk": w.a.draft.pk}, what='draft')
rule('referentiels/appellations/', "200 200 200 200 200 200 200 200")
rule('referentiels/competences/', "200 200 200 200 200 200 200 200")
rule('referentiels/termes/', "302 403 403 403 403 200 403 200")
rule('referentiels/termes/<int:pk>/<str:action>/', "302 403 403 403 403 405 403 405", lambda w: {"pk": w.term.pk, "action": "ignorer"})
rule('diplomes/formation/', "302 403 403 403 403 403 200 403")
rule('diplomes/formation/promotions/<int:pk>/', "302 403 403 403 403 403 200 403", lambda w: {"pk": w.cohort.pk}, what="the trainer's cohort")
rule('diplomes/formation/promotions/<int:pk>/', "302 403 403 403 403 403 404 403", lambda w: {"pk": w.other_cohort.pk}, what="another cohort")
rule('accessibilite/', "200 200 200 200 200 200 200 200")
rule('styleguide/', "302 403 403 403 403 403 403 200")
rule('diplomes/formation/diplomes/<int:pk>/', "302 403 403 403 403 403 200 403", lambda w: {"pk": w.visible.graduate.pk})
rule('diplomes/formation/diplomes/<int:pk>/competences/', "405 405 405 405 405 405 405 405", lambda w: {"pk": w.visible.graduate.pk})
rule('agenda/', "302 200 200 200 200 200 403 200")
rule('agenda/entretiens/<int:pk>.ics', "302 404 404 404 404 404 403 404", lambda w: {"pk": w.visible.application.pk}, what='a candidacy with no interview')
rule('agenda/flux/', "405 405 405 405 405 405 405 405")
rule('agenda/flux/supprimer/', "405 405 405 405 405 405 405 405")
rule('agenda/flux/<str:token>.ics', "200 200 200 200 200 200 200 200", lambda w: {"token": calendar_feed_create(user=w.visible.user)}, what="the visible graduate's address")
rule('agenda/flux/<str:token>.ics', "404 404 404 404 404 404 404 404", lambda w: {"token": "devine"}, what='a guessed address')
rule('agenda/evenements/', "302 200 200 200 200 200 403 200")
rule('agenda/evenements/nouveau/', "302 403 403 403 403 200 403 200")
rule('agenda/evenements/<int:pk>/', "302 200 200 200 200 200 403 200", lambda w: {"pk": _event().pk}, what='a job dating to come')
rule('agenda/evenements/<int:pk>/inscription/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _event().pk})
rule('agenda/evenements/<int:pk>/creneaux/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _event().pk})
rule('agenda/evenements/<int:pk>/reserver/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _event().pk})
rule('agenda/evenements/<int:pk>/annuler/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _event().pk})
rule('candidater/', "200 200 200 200 200 200 200 200")
rule('candidater/lien/', "200 200 200 200 200 200 200 200")
rule('candidater/envoyee/', "200 200 200 200 200 200 200 200")
rule('candidater/suivi/<str:token>/confirmer/', "405 405 405 405 405 405 405 405", lambda w: {"token": _admission()[1]})
rule('candidater/suivi/<str:token>/', "200 200 200 200 200 200 200 200", lambda w: {"token": _admission()[1]}, what="the candidate's private link")
rule('candidater/suivi/<str:token>/', "404 404 404 404 404 404 404 404", lambda w: {"token": "devine"}, what='a guessed link')
rule('candidater/suivi/<str:token>/reserver/', "405 405 405 405 405 405 405 405", lambda w: {"token": _admission()[1]})
rule('candidater/suivi/<str:token>/retirer/', "405 405 405 405 405 405 405 405", lambda w: {"token": _admission()[1]})
rule('candidater/suivi/<str:token>/effacer/', "405 405 405 405 405 405 405 405", lambda w: {"token": _admission()[1]})
rule('candidater/effacee/', "200 200 200 200 200 200 200 200")
rule('candidater/suivi/<str:token>/reunion.ics', "200 200 200 200 200 200 200 200", lambda w: {"token": _admission(booked=True)[1]}, what='a booked session')
rule('candidater/suivi/<str:token>/reunion.ics', "404 404 404 404 404 404 404 404", lambda w: {"token": _admission()[1]}, what='nothing booked yet')
rule('admissions/', "302 403 403 403 403 200 200 200")
rule('stages/', "302 200 200 200 200 200 403 200")
rule('stages/nouvelle/', "302 403 403 403 403 200 403 200")
rule('stages/<int:pk>/', "302 200 404 200 404 200 403 200", lambda w: {"pk": _agreement(w).pk}, what="the visible graduate's agreement at employer A")
rule('stages/<int:pk>/modifier/', "302 200 404 200 404 200 403 200", lambda w: {"pk": _agreement(w).pk})
rule('stages/<int:pk>/verifier/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _agreement(w).pk})
rule('stages/<int:pk>/signer/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _agreement(w).pk})
rule('stages/<int:pk>/commencer/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _agreement(w).pk})
rule('stages/<int:pk>/terminer/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _agreement(w).pk})
rule('stages/<int:pk>/annuler/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _agreement(w).pk})
rule('stages/<int:pk>/avenant/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _agreement(w).pk})
rule('stages/<int:pk>/version-<int:number>.pdf', "302 200 404 200 404 200 403 200", lambda w: {"pk": _agreement(w, signed=True).pk, "number": 1}, what='signed by the three')
rule('stages/<int:pk>/version-<int:number>.pdf', "302 404 404 404 404 404 403 404", lambda w: {"pk": _agreement(w).pk, "number": 1}, what='nobody signed yet')
rule('stages/<int:pk>/evaluation/', "302 302 404 403 404 403 403 403", lambda w: {"pk": _agreement(w).pk}, what='not started: the host is sent back to the agreement')
rule('stages/<int:pk>/rapport/', "302 403 404 302 404 403 403 403", lambda w: {"pk": _agreement(w).pk}, what='not started: the trainee is sent back to the agreement')
rule('api/v1/agenda/events/', "401 200 200 200 200 200 403 200")
rule('api/v1/agenda/events/<int:pk>/', "401 200 200 200 200 200 403 200", lambda w: {"pk": _event().pk}, what='a job dating to come')
rule('api/v1/agenda/events/<int:pk>/registration/', "401 405 405 405 405 405 403 405", lambda w: {"pk": _event().pk})
rule('api/v1/agenda/events/<int:pk>/slots/', "401 200 200 200 200 200 403 200", lambda w: {"pk": _event().pk})
rule('api/v1/agenda/slots/<int:pk>/', "401 405 405 405 405 405 403 405", lambda w: {"pk": _slot(w).pk})
rule('api/v1/agenda/slots/<int:pk>/book/', "401 405 405 405 405 405 403 405", lambda w: {"pk": _slot(w).pk})
rule('api/v1/agenda/slots/<int:pk>/cancel/', "401 405 405 405 405 405 403 405", lambda w: {"pk": _slot(w).pk})
rule('api/v1/internships/agreements/', "401 200 200 200 200 200 403 200")
rule('api/v1/internships/agreements/<int:pk>/', "401 200 404 200 404 200 403 200", lambda w: {"pk": _agreement(w).pk})
rule('api/v1/internships/agreements/<int:pk>/sign/', "401 405 405 405 405 405 403 405", lambda w: {"pk": _agreement(w).pk})
rule('admissions/<int:pk>/', "302 403 403 403 403 200 200 200", lambda w: {"pk": _admission()[0].pk})
rule('admissions/<int:pk>/grille/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _admission()[0].pk})
rule('admissions/<int:pk>/decision/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _admission()[0].pk})
rule('admissions/<int:pk>/reunion/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _admission()[0].pk})
rule('admissions/<int:pk>/inscription/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _admission()[0].pk})
rule('admissions/entonnoir/', "302 403 403 403 403 200 403 200")
rule('admissions/reunions/', "302 403 403 403 403 200 200 200")
rule('admissions/reunions/<int:pk>/', "302 403 403 403 403 200 200 200", lambda w: {"pk": _info_session().pk})
rule('admissions/reunions/<int:pk>/presence/', "405 405 405 405 405 405 405 405", lambda w: {"pk": _info_session().pk})
# fmt: on


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


# ---------------------------------------------------------------------------------------- admin
# Every admin URL is generated from a ModelAdmin registration and guarded by the admin site itself:
# only staff get in, everyone else is sent to the admin's login page.
ADMIN_ROUTE = re.compile(r"^admin/")
ADMIN_STAFF_ONLY = "302 302 302 302 302 302 302 200"
STAFF_FORBIDDEN = "302 302 302 302 302 302 302 403"
ADMIN_EXCEPTIONS = {
    # The admin's own login page answers everyone; a signed-in staff member is sent on to the index.
    "admin/login/": "200 200 200 200 200 200 200 302",
    # Logging out is a POST (a GET by staff is refused).
    "admin/logout/": "302 302 302 302 302 302 302 405",
    # A content type shortcut (no such type here) and an unknown admin address.
    "admin/r/<path:content_type_id>/<path:object_id>/": "302 302 302 302 302 302 302 404",
    "admin/(?P<url>.*)$": "302 302 302 302 302 302 302 404",
    # Autocomplete answers only the widget's queries (a bare GET is refused).
    "admin/autocomplete/": STAFF_FORBIDDEN,
    # Logs and tokens are written by the application only: nobody adds or deletes them by hand.
    "admin/accounts/apitoken/add/": STAFF_FORBIDDEN,
    "admin/axes/accessattempt/add/": STAFF_FORBIDDEN,
    "admin/axes/accessfailurelog/add/": STAFF_FORBIDDEN,
    "admin/axes/accesslog/add/": STAFF_FORBIDDEN,
    "admin/core/auditlog/add/": STAFF_FORBIDDEN,
    "admin/core/auditlog/<path:object_id>/delete/": STAFF_FORBIDDEN,
    # Erasure goes through a request an officer confirms; a confirmed placement stays in the reports.
    "admin/graduates/erasurerequest/add/": STAFF_FORBIDDEN,
    "admin/graduates/erasurerequest/<path:object_id>/delete/": STAFF_FORBIDDEN,
    "admin/graduates/graduate/<path:object_id>/delete/": STAFF_FORBIDDEN,
    "admin/placements/placement/<path:object_id>/delete/": STAFF_FORBIDDEN,
}


def admin_kwargs(route: str, pattern: URLPattern, world) -> dict:
    kwargs = {}
    name = pattern.name or ""
    match = re.match(r"^(\w+?)_(\w+?)_(change|delete|history)$", name)
    if "object_id" in route:
        from django.apps import apps

        obj = None
        if match:
            for model in apps.get_models():
                if f"{model._meta.app_label}_{model._meta.model_name}" == f"{match[1]}_{match[2]}":
                    obj = model._default_manager.order_by("pk").first()
        kwargs["object_id"] = str(obj.pk) if obj is not None else "999999"
    if "<id>" in route:  # a user's password form
        kwargs["id"] = str(world.admin.pk)
    if "content_type_id" in route:
        kwargs["content_type_id"] = "999999"
    if "app_label" in route:
        kwargs["app_label"] = "employers"
    if "<url>" in route:
        kwargs["url"] = "inconnu/"
    return kwargs


def expected_admin(route: str, pattern: URLPattern, world, kwargs: dict) -> str:
    if route in ADMIN_EXCEPTIONS:
        return ADMIN_EXCEPTIONS[route]
    if kwargs.get("object_id") == "999999":
        # No row of that model in the world: staff are sent back to the list with a message.
        return "302 302 302 302 302 302 302 302"
    return ADMIN_STAFF_ONLY


def url_for(route: str, kwargs: dict) -> str:
    def replace(match):
        name = match.group(2)
        return str(kwargs[name])

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", replace, path)
    return "/" + path.replace("^", "").replace("$", "")


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _user_id(user) -> str | None:
    return None if user is None else str(user.pk)


@pytest.fixture
def world(db):
    return build_world()


# The admin's change forms build URL fields without assume_scheme (Django 6 changes the default scheme).
@pytest.mark.filterwarnings(
    "ignore:The default scheme will be changed:django.utils.deprecation.RemovedInDjango60Warning"
)
def test_every_url_has_a_rule_and_every_role_gets_what_the_rule_says(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "100000/min",
            "user": "100000/min",
        },
    }
    clients = {role: _client(world.users[role]) for role in ROLES}

    patterns = dict(walk(get_resolver().url_patterns))
    missing = [route for route in patterns if route not in RULES and not ADMIN_ROUTE.match(route)]
    checked = Counter()
    wrong = []
    for route, pattern in sorted(patterns.items()):
        if route in missing:
            continue  # reported below
        if ADMIN_ROUTE.match(route):
            kwargs = admin_kwargs(route, pattern, world)
            cases = [("", lambda w, k=kwargs: k, expected_admin(route, pattern, world, kwargs))]
        else:
            cases = RULES[route]
        for what, kwargs_for, expected in cases:
            url = url_for(route, kwargs_for(world))
            got = []
            for role in ROLES:
                response = clients[role].get(url)
                got.append(str(response.status_code))
                # A link that signs someone in (account activation) must not change who asks next.
                if clients[role].session.get("_auth_user_id") != _user_id(world.users[role]):
                    clients[role] = _client(world.users[role])
                checked[
                    "admin" if ADMIN_ROUTE.match(route) else "api" if route.startswith("api/") else "web"
                ] += 1
            got_row = " ".join(got)
            if got_row != expected:
                wrong.append(
                    f"rule({route!r}, {got_row!r}{', what=' + repr(what) if what else ''})  # expected {expected}: {url}"
                )
    total = sum(checked.values())
    print(
        f"\naccess matrix: {len(patterns)} URLs, {total} URL x role pairs checked "
        f"(web {checked['web']}, API {checked['api']}, admin {checked['admin']})"
    )
    assert not missing and not wrong, "\n".join(
        [f"rule({route!r}, ...)  # no rule for this URL" for route in missing] + wrong
    )
    stale = [route for route in RULES if route not in patterns]
    assert not stale, f"rules for URLs that no longer exist: {stale}"
