from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from backend.accounts.models import Invitation, User
from backend.accounts.services import invitation_accept
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.models import AuditLog
from backend.taxonomy.models import Skill
from employers import services
from employers.models import Contact, Employer, Offer, OfferSkill, OfferTransitionLog
from employers.selectors import employer_for_user
from tests.fixtures.races import at_once, told

from ..factories import (
    PASSWORD,
    EmployerFactory,
    OfferFactory,
    PartnershipFactory,
    UserFactory,
    commune,
    make_siret,
)

pytestmark = pytest.mark.django_db

STATES = list(Offer.Status)
PAIRS = [(name, state) for name in Offer.TRANSITIONS for state in STATES]


def offer_in(state: str, **fields) -> Offer:
    """A valid offer sitting in ``state`` with the fields its constraints require there."""
    extra = {}
    if state in (Offer.Status.PUBLISHED, Offer.Status.FILLED, Offer.Status.EXPIRED):
        extra.update(published_at=timezone.now(), refreshed_at=timezone.now())
    if state == Offer.Status.DECLINED:
        extra["moderation_reason"] = "Précisez le salaire."
    extra.update(fields)
    return OfferFactory(status=state, **extra)


def skill(label: str) -> Skill:
    return Skill.objects.filter(label_fr=label).order_by("-curated", "id").first()


def offer_fields(**overrides) -> dict:
    fields = {
        "title": "Développeur web Symfony (H/F)",
        "description": "Vous développez des applications **Symfony** pour des PME du bassin minier.",
        "contract_type": Offer.ContractType.CDI,
        "salary_min": Decimal("2000"),
        "salary_max": Decimal("2400"),
        "salary_period": Offer.SalaryPeriod.MONTH,
        "commune": commune("62510"),
    }
    fields.update(overrides)
    return fields


# ---------------------------------------------------------------- lifecycle, from the table


@pytest.mark.parametrize(("transition", "source"), PAIRS, ids=[f"{t}-from-{s}" for t, s in PAIRS])
def test_offer_transition_table(transition, source, employer, officer):
    offer = offer_in(source, employer=employer)
    move = Offer.TRANSITIONS[transition]
    target = move.target

    if source in move.sources:
        result = services.offer_transition(
            offer=offer, transition=transition, by=officer, reason="Motif de test"
        )

        offer.refresh_from_db()
        assert result.status == offer.status == target
        log = OfferTransitionLog.objects.get(offer=offer)
        assert (log.transition, log.from_state, log.to_state, log.actor) == (
            transition,
            source,
            target,
            officer,
        )
    else:
        with pytest.raises(ConflictError) as caught:
            services.offer_transition(offer=offer, transition=transition, by=officer, reason="Motif de test")

        label = Offer.Status(source).label.lower()
        assert caught.value.message == f"Impossible : l'offre est « {label} »."
        assert caught.value.extra == {"status": source, "transition": transition}
        offer.refresh_from_db()
        assert offer.status == source
        assert not OfferTransitionLog.objects.filter(offer=offer).exists()


def test_every_state_is_reachable_and_every_transition_has_a_source():
    targets = {move.target for move in Offer.TRANSITIONS.values()}
    assert targets | {Offer.Status.DRAFT} == set(Offer.Status)
    assert all(move.sources for move in Offer.TRANSITIONS.values())


def test_an_unknown_transition_is_refused_in_french(employer, officer):
    offer = offer_in(Offer.Status.SUBMITTED, employer=employer)

    with pytest.raises(ApplicationError, match="Action inconnue : publish"):
        services.offer_transition(offer=offer, transition="publish", by=officer)


def test_approving_publishes_with_dates_and_announces_on_commit(
    employer, officer, django_capture_on_commit_callbacks
):
    offer = offer_in(Offer.Status.SUBMITTED, employer=employer)

    with django_capture_on_commit_callbacks() as callbacks:
        published = services.offer_transition(offer=offer, transition="approve", by=officer)

    assert published.status == Offer.Status.PUBLISHED
    assert published.published_at is not None
    assert published.refreshed_at == published.published_at
    # offer.published is announced through on_commit (one callback per subscriber), never inline.
    from backend.core import events

    assert len(callbacks) == len(events.subscribers("offer.published"))


# ---------------------------------------------------------------- moderation


def test_an_offer_of_a_pending_employer_cannot_be_approved(officer):
    pending = EmployerFactory(status=Employer.Status.PENDING, name="Domotique Artois")
    offer = offer_in(Offer.Status.SUBMITTED, employer=pending)

    with pytest.raises(ApplicationError) as caught:
        services.offer_transition(offer=offer, transition="approve", by=officer)

    assert caught.value.message == (
        "L'employeur Domotique Artois n'est pas encore validé : validez-le avant de publier ses offres."
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED
    assert not OfferTransitionLog.objects.filter(offer=offer).exists()


def test_declining_requires_a_reason(employer, officer):
    offer = offer_in(Offer.Status.SUBMITTED, employer=employer)

    with pytest.raises(ApplicationError, match="Indiquez le motif du refus"):
        services.offer_transition(offer=offer, transition="decline", by=officer, reason="   ")

    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED


def test_the_decline_reason_is_shown_to_the_employer_then_cleared_on_approval(
    employer, employer_user, officer
):
    offer = offer_in(Offer.Status.SUBMITTED, employer=employer)

    services.offer_transition(
        offer=offer, transition="decline", by=officer, reason="  Le salaire est sous le SMIC.  "
    )
    offer.refresh_from_db()
    assert (offer.status, offer.moderation_reason) == (Offer.Status.DECLINED, "Le salaire est sous le SMIC.")

    services.offer_transition(offer=offer, transition="submit", by=employer_user)
    services.offer_transition(offer=offer, transition="approve", by=officer)
    offer.refresh_from_db()
    assert (offer.status, offer.moderation_reason) == (Offer.Status.PUBLISHED, "")
    assert list(OfferTransitionLog.objects.filter(offer=offer).values_list("transition", "note")) == [
        ("decline", "Le salaire est sous le SMIC."),
        ("submit", ""),
        ("approve", ""),
    ]


def test_submitting_revalidates_the_offer(employer, employer_user):
    offer = offer_in(
        Offer.Status.DRAFT, employer=employer, contract_type=Offer.ContractType.CDD, contract_months=6
    )
    Offer.objects.filter(pk=offer.pk).update(working_time=Offer.WorkingTime.PART_TIME)

    with pytest.raises(ApplicationError) as caught:
        services.offer_submit(offer=offer, by=employer_user)

    assert "weekly_hours" in caught.value.extra["fields"]
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT


def test_an_expired_offer_needs_a_future_deadline_before_going_back_to_moderation(employer, employer_user):
    past = timezone.localdate() - timedelta(days=3)
    offer = offer_in(Offer.Status.EXPIRED, employer=employer, deadline=past)

    with pytest.raises(ApplicationError) as caught:
        services.offer_submit(offer=offer, by=employer_user)

    assert caught.value.extra["fields"]["deadline"] == ["La date limite de candidature est déjà passée."]
    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED

    services.offer_update(offer=offer, by=employer_user, deadline=timezone.localdate() + timedelta(days=30))
    assert services.offer_submit(offer=offer, by=employer_user).status == Offer.Status.SUBMITTED


def test_an_approved_partner_is_published_at_once(employer, employer_user):
    PartnershipFactory(employer=employer)
    offer = offer_in(Offer.Status.DRAFT, employer=employer)

    result = services.offer_submit(offer=offer, by=employer_user)

    assert result.status == Offer.Status.PUBLISHED
    assert list(OfferTransitionLog.objects.filter(offer=offer).values_list("transition", "actor")) == [
        ("submit", employer_user.pk),
        ("approve", None),
    ]


@pytest.mark.parametrize(
    ("employer_status", "partnership"),
    [
        (Employer.Status.APPROVED, None),
        (Employer.Status.APPROVED, "future"),
        (Employer.Status.APPROVED, "prospect"),
        (Employer.Status.PENDING, "active"),
    ],
)
def test_other_employers_wait_for_moderation(employer_status, partnership):
    company = EmployerFactory(status=employer_status)
    if partnership == "active":
        PartnershipFactory(employer=company)
    elif partnership == "future":
        PartnershipFactory(employer=company, start_date=timezone.localdate() + timedelta(days=10))
    elif partnership == "prospect":
        PartnershipFactory(employer=company, status="prospect")
    user = UserFactory(role=User.Role.EMPLOYER)
    offer = offer_in(Offer.Status.DRAFT, employer=company)

    result = services.offer_submit(offer=offer, by=user)

    assert result.status == Offer.Status.SUBMITTED


# ---------------------------------------------------------------- duplicate and refresh


def test_duplicate_copies_skills_and_resets_past_dates(employer, employer_user):
    today = timezone.localdate()
    original = offer_in(
        Offer.Status.EXPIRED,
        employer=employer,
        deadline=today - timedelta(days=5),
        start_date=today - timedelta(days=1),
        openings=3,
        remote=Offer.Remote.HYBRID,
    )
    OfferSkill.objects.create(offer=original, skill=skill("Symfony"), level=OfferSkill.Level.REQUIRED)
    OfferSkill.objects.create(offer=original, skill=skill("Docker"), level=OfferSkill.Level.NICE)

    copy = services.offer_duplicate(offer=original, by=employer_user)

    copy.refresh_from_db()
    assert copy.pk != original.pk
    assert (copy.status, copy.duplicated_from_id, copy.created_by) == (
        Offer.Status.DRAFT,
        original.pk,
        employer_user,
    )
    assert (copy.title, copy.openings, copy.remote) == (original.title, 3, Offer.Remote.HYBRID)
    assert (copy.deadline, copy.start_date, copy.published_at) == (None, None, None)
    assert sorted(copy.offer_skills.values_list("skill__label_fr", "level")) == [
        ("Docker", "nice"),
        ("Symfony", "required"),
    ]
    original.refresh_from_db()
    assert original.status == Offer.Status.EXPIRED
    assert original.offer_skills.count() == 2


def test_duplicate_keeps_future_dates(employer, employer_user):
    later = timezone.localdate() + timedelta(days=40)
    original = offer_in(Offer.Status.PUBLISHED, employer=employer, deadline=later, start_date=later)

    copy = services.offer_duplicate(offer=original, by=employer_user)

    assert (copy.deadline, copy.start_date) == (later, later)


def test_refresh_pushes_back_expiry(employer, employer_user):
    old = timezone.now() - timedelta(days=59)
    offer = offer_in(Offer.Status.PUBLISHED, employer=employer, refreshed_at=old)

    refreshed = services.offer_refresh(offer=offer, by=employer_user)

    assert refreshed.refreshed_at > timezone.now() - timedelta(minutes=1)
    assert not refreshed.expiry_due(now=timezone.now() + timedelta(days=30))


@pytest.mark.parametrize("state", [s for s in STATES if s != Offer.Status.PUBLISHED])
def test_only_a_published_offer_can_be_refreshed(state, employer, employer_user):
    offer = offer_in(state, employer=employer)

    with pytest.raises(ApplicationError, match="Seule une offre publiée peut être actualisée."):
        services.offer_refresh(offer=offer, by=employer_user)


# ---------------------------------------------------------------- validation


def test_offer_create_saves_a_draft_with_sanitised_html_and_folded_search_text(employer, employer_user):
    offer = services.offer_create(
        employer=employer,
        by=employer_user,
        skills=[(skill("Symfony"), OfferSkill.Level.REQUIRED)],
        **offer_fields(description="Symfony <script>alert(1)</script> **apprécié**"),
    )

    assert offer.status == Offer.Status.DRAFT
    assert "<script>" not in offer.description_html
    assert "<strong>apprécié</strong>" in offer.description_html
    assert "developpeur web symfony" in offer.search_text
    assert "lievin" in offer.search_text
    assert len(offer.content_hash) == 64


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"salary_min": Decimal("3000"), "salary_max": Decimal("2000")},
            "salary_max",
            "Le salaire maximum doit être supérieur ou égal au minimum.",
        ),
        (
            {"salary_min": Decimal("0"), "salary_max": Decimal("0")},
            "salary_min",
            "Indiquez un salaire : la transparence salariale est obligatoire pour publier une offre.",
        ),
        (
            {"contract_type": Offer.ContractType.CDD},
            "contract_months",
            "Indiquez la durée du contrat en mois.",
        ),
        (
            {"contract_type": Offer.ContractType.STAGE, "contract_months": 8},
            "contract_months",
            "Un stage dure au plus 6 mois.",
        ),
        (
            {"working_time": Offer.WorkingTime.PART_TIME},
            "weekly_hours",
            "Pour un temps partiel, indiquez le nombre d'heures par semaine.",
        ),
        (
            {"deadline": timezone.localdate() - timedelta(days=1)},
            "deadline",
            "La date limite de candidature est déjà passée.",
        ),
    ],
)
def test_offer_validation_errors_name_the_field_in_french(employer, employer_user, overrides, field, message):
    with pytest.raises(ApplicationError) as caught:
        services.offer_create(employer=employer, by=employer_user, **offer_fields(**overrides))

    assert caught.value.message == message
    assert caught.value.extra["fields"][field] == [message]
    assert Offer.objects.count() == 0


def test_offer_create_refuses_unknown_fields(employer, employer_user):
    with pytest.raises(ApplicationError, match="Champs inconnus : status"):
        services.offer_create(employer=employer, by=employer_user, status="published", **offer_fields())


def test_offer_update_refuses_a_stale_form(employer, employer_user):
    offer = services.offer_create(employer=employer, by=employer_user, **offer_fields())
    seen = offer.updated_at
    services.offer_update(offer=offer, by=employer_user, title="Développeur Symfony confirmé")

    with pytest.raises(ConflictError, match="modifiée entre-temps"):
        services.offer_update(offer=offer, by=employer_user, expected_updated_at=seen, title="Autre titre")

    offer.refresh_from_db()
    assert offer.title == "Développeur Symfony confirmé"


@pytest.mark.parametrize("state", [Offer.Status.FILLED, Offer.Status.CLOSED])
def test_a_finished_offer_is_not_edited(state, employer, employer_user):
    offer = offer_in(state, employer=employer)

    with pytest.raises(ApplicationError, match="dupliquez-la"):
        services.offer_update(offer=offer, by=employer_user, title="Nouveau titre")


# ---------------------------------------------------------------- employers


def register(**overrides):
    data = {
        "name": "Numérique Lensois",
        "siret": make_siret(4242),
        "size_band": Employer.SizeBand.SMALL,
        "commune": commune("62498"),
        "email": "Claire.Dupont@Numerique-Lensois.fr",
        "password": PASSWORD,
        "first_name": "Claire",
        "last_name": "Dupont",
        "naf_code": "62.01z",
    }
    data.update(overrides)
    return services.employer_register(**data)


def test_employer_register_creates_a_pending_employer_with_its_first_contact():
    employer, user = register()

    assert employer.status == Employer.Status.PENDING
    assert employer.naf_code == "62.01Z"
    assert (user.email, user.role) == ("claire.dupont@numerique-lensois.fr", User.Role.EMPLOYER)
    assert user.check_password(PASSWORD)
    contact = Contact.objects.get(user=user)
    assert (contact.employer, contact.is_primary) == (employer, True)
    assert employer_for_user(user=user) == employer
    assert AuditLog.objects.filter(action="employer.registered", target_id=str(employer.pk)).count() == 1


def _nothing_saved():
    return (Employer.objects.count(), User.objects.count(), Contact.objects.count())


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"siret": "12345678901234"}, "siret", "clé de contrôle"),
        ({"siret": "1234"}, "siret", "14 chiffres"),
        ({"password": "azerty"}, "password", "trop court"),
        ({"password": "1234567890123"}, "password", "entièrement numérique"),
    ],
)
def test_employer_register_refuses_bad_input_and_saves_nothing(overrides, field, words):
    before = _nothing_saved()

    with pytest.raises(ApplicationError) as caught:
        register(**overrides)

    assert field in caught.value.extra["fields"]
    assert words in caught.value.message
    assert _nothing_saved() == before


def test_employer_register_refuses_a_duplicate_siret(employer):
    before = _nothing_saved()

    with pytest.raises(ApplicationError) as caught:
        register(siret=employer.siret[:3] + " " + employer.siret[3:])

    assert caught.value.message.startswith("Cette entreprise est déjà inscrite sur Tremplin")
    assert caught.value.extra["fields"] == {"siret": ["déjà inscrit"]}
    assert _nothing_saved() == before


def test_employer_register_refuses_an_email_already_used_whatever_its_case(employer_user):
    before = _nothing_saved()

    with pytest.raises(ApplicationError) as caught:
        register(email=employer_user.email.upper())

    assert "Un compte existe déjà avec cette adresse e-mail" in caught.value.message
    assert _nothing_saved() == before


def test_a_double_submitted_signup_gets_a_message_not_a_crash(monkeypatch):
    """The other request saves the same e-mail between our checks and our insert."""
    real = User.set_password
    raced = []

    def other_request_wins(user, raw_password):
        real(user, raw_password)
        if not raced:  # after every check, just before the insert
            raced.append(user.email)
            UserFactory(email=user.email, role=User.Role.EMPLOYER)

    monkeypatch.setattr(User, "set_password", other_request_wins)
    employers_before = Employer.objects.count()

    with pytest.raises(ApplicationError) as caught:
        register()

    assert caught.value.status_code == 409
    assert caught.value.extra["duplicate"] == "email"  # employer_signup answers it like any sign-up
    assert caught.value.message.startswith("Cette inscription vient d'être enregistrée")
    assert Employer.objects.count() == employers_before
    assert User.objects.filter(email="claire.dupont@numerique-lensois.fr").count() == 1


def test_an_officer_approves_and_declines_employers(officer):
    company = EmployerFactory(status=Employer.Status.PENDING)

    approved = services.employer_approve(employer=company, by=officer)
    assert (approved.status, approved.reviewed_by) == (Employer.Status.APPROVED, officer)

    with pytest.raises(ApplicationError, match="Indiquez le motif du refus"):
        services.employer_decline(employer=company, by=officer, reason="")
    declined = services.employer_decline(
        employer=company, by=officer, reason="SIRET d'une entreprise radiée."
    )
    company.refresh_from_db()
    assert (company.status, company.decline_reason) == (
        Employer.Status.DECLINED,
        "SIRET d'une entreprise radiée.",
    )
    assert declined.reviewed_at is not None
    assert list(
        AuditLog.objects.filter(target_id=str(company.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    ) == ["employer.approved", "employer.declined"]


def test_an_employer_cannot_approve_itself(employer, employer_user):
    pending = EmployerFactory(status=Employer.Status.PENDING)

    with pytest.raises(ApplicationError) as caught:
        services.employer_approve(employer=pending, by=employer_user)

    assert caught.value.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Employer.Status.PENDING


# ---------------------------------------------------------------- invitations of contacts


def test_an_invited_contact_gets_an_email_and_joins_the_employer(
    employer, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact, invitation = services.contact_invite(
            employer=employer,
            by=officer,
            email=" Marc.Leroy@Hauts-Numeriques.fr ",
            first_name="Marc",
            last_name="Leroy",
        )

    assert [m.to for m in mailoutbox] == [["marc.leroy@hauts-numeriques.fr"]]
    assert mailoutbox[0].subject == "Votre accès employeur à Tremplin"
    assert f"{settings.SITE_URL}/comptes/invitation/{invitation.raw_token}/" in mailoutbox[0].body
    assert invitation.token_hash != invitation.raw_token
    assert contact.user is None

    user = invitation_accept(
        token=invitation.raw_token, first_name="Marc", last_name="Leroy", password=PASSWORD
    )

    contact.refresh_from_db()
    assert contact.user == user
    assert user.role == User.Role.EMPLOYER
    assert employer_for_user(user=user) == employer
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (user, True)


def test_no_email_leaves_when_the_invitation_is_rolled_back(employer, officer, mailoutbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.contact_invite(
            employer=employer, by=officer, email="x@example.fr", first_name="X", last_name="Y"
        )
        raise RuntimeError

    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_a_contact_who_already_has_an_account_is_not_invited_again(employer, employer_user, officer):
    with pytest.raises(ApplicationError) as caught:
        services.contact_invite(
            employer=employer, by=officer, email=employer_user.email.upper(), first_name="A", last_name="B"
        )

    assert caught.value.message == "Cette personne a déjà un accès pour Hauts Numériques."
    assert not Invitation.objects.exists()


def test_a_person_with_an_account_elsewhere_is_told_to_sign_in(employer, other_employer_user, officer):
    with pytest.raises(ApplicationError) as caught:
        services.contact_invite(
            employer=employer, by=officer, email=other_employer_user.email, first_name="A", last_name="B"
        )

    assert caught.value.message.startswith(f"Un compte existe déjà pour {other_employer_user.email}")
    assert not Invitation.objects.exists()
    assert not Contact.objects.filter(employer=employer, email=other_employer_user.email).exists()


# ---------------------------------------------------------------- races


@pytest.mark.django_db(transaction=True)
def test_two_officers_approving_at_once_publish_the_offer_once():
    employer = EmployerFactory()
    officers = [UserFactory(role=User.Role.OFFICER), UserFactory(role=User.Role.OFFICER)]
    offer = offer_in(Offer.Status.SUBMITTED, employer=employer)

    results = at_once(
        lambda by: services.offer_transition(offer=offer, transition="approve", by=by), officers
    )

    outcomes = [told(r, done="ok") for r in results]
    assert sorted(outcomes) == ["Impossible : l'offre est « publiée ».", "ok"]
    assert OfferTransitionLog.objects.filter(offer=offer, transition="approve").count() == 1
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED


def test_new_text_on_a_live_offer_of_a_non_partner_goes_back_to_moderation(employer, employer_user):
    offer = OfferFactory(employer=employer, published=True)

    updated = services.offer_update(
        offer=offer, by=employer_user, description="Un tout autre texte, à relire."
    )

    assert updated.status == Offer.Status.SUBMITTED
    log = updated.transitions.get(transition="resubmit")
    assert (log.from_state, log.to_state, log.actor) == ("published", "submitted", employer_user)


def test_other_edits_of_a_live_offer_stay_live(employer, employer_user):
    offer = OfferFactory(employer=employer, published=True)
    services.offer_update(offer=offer, by=employer_user, openings=3)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.openings == 3


def test_a_partner_edits_its_live_offer_without_moderation(employer, employer_user):
    PartnershipFactory(employer=employer)
    offer = OfferFactory(employer=employer, published=True)

    updated = services.offer_update(offer=offer, by=employer_user, description="Nouveau texte du partenaire.")

    assert updated.status == Offer.Status.PUBLISHED


def test_a_list_typed_right_under_its_lead_in_renders_as_a_list():
    from employers.services import render_description

    html = render_description("Missions :\n- Développer le site\n- Maintenir l'API\nProfil : curieux")
    assert "<ul>" in html and html.count("<li>") == 2
    assert "<p>Missions :</p>" in html


def test_pasted_bullets_render_as_a_list():
    from employers.services import render_description

    html = render_description("Vos atouts :\n• Git\n• Docker")
    assert html.count("<li>") == 2


def test_a_typed_salary_and_the_same_salary_read_in_the_text_are_the_same_fact():
    from decimal import Decimal

    from employers.services.analysis import _same_fact_value

    assert _same_fact_value(Decimal("2000.00"), 2000.0)
    assert not _same_fact_value(Decimal("2000.00"), 2500.0)
    assert _same_fact_value("hybrid", "Hybrid")
