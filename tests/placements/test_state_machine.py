"""The candidacy state machine, generated from ``Application.TRANSITIONS``: every (state, transition)
pair, allowed or refused, every role that may not make a move, and the database's own guards."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from backend.core.exceptions import ApplicationError, ConflictError
from placements import services
from placements.models import Application, ApplicationTransition, Placement
from tests.factories.placements import ApplicationFactory

pytestmark = pytest.mark.django_db

STATES = list(Application.State)
TRANSITIONS = list(Application.TRANSITIONS)
ROLE_PREFERENCE = ["officer", "employer", "graduate", "system"]


def extra_for(transition: str) -> dict:
    if transition == "refuse":
        return {"refusal_reason": Application.RefusalReason.FILLED}
    if transition == "schedule_interview":
        return {"interview_at": timezone.now() + timedelta(days=2), "interview_place": "Lens, 12 rue Arago"}
    return {}


@pytest.fixture
def actors(officer, employer_user, graduate):
    return {"officer": officer, "employer": employer_user, "graduate": graduate.user, "system": None}


@pytest.mark.parametrize("state", STATES, ids=str)
@pytest.mark.parametrize("transition", TRANSITIONS)
def test_every_transition_from_every_state_is_applied_or_refused_clearly(
    state, transition, graduate, offer, actors
):
    sources, target, roles = Application.TRANSITIONS[transition]
    role = next(r for r in ROLE_PREFERENCE if r in roles)
    app = ApplicationFactory(graduate=graduate, offer=offer, state=state)
    logged_before = app.transitions.count()

    if state in sources:
        moved = services.application_transition(
            application=app, transition=transition, by=actors[role], note="noté", **extra_for(transition)
        )
        moved.refresh_from_db()
        assert moved.state == target
        last = moved.transitions.order_by("-pk").first()
        assert (last.transition, last.from_state, last.to_state) == (transition, state, target)
        assert last.actor == actors[role]
        assert last.note == "noté"
    else:
        with pytest.raises(ConflictError) as caught:
            services.application_transition(
                application=app, transition=transition, by=actors[role], **extra_for(transition)
            )
        message = caught.value.message
        assert message.startswith("Impossible de « ")
        assert f"l'étape « {Application.State(state).label.lower()} »" in message
        assert caught.value.status_code == 409
        assert caught.value.extra == {"state": state, "transition": transition}
        app.refresh_from_db()
        assert app.state == state
        assert app.transitions.count() == logged_before


ROLE_REFUSALS = [
    (transition, role)
    for transition, (_sources, _target, roles) in Application.TRANSITIONS.items()
    for role in ("graduate", "employer", "officer")
    if role not in roles
]


@pytest.mark.parametrize(("transition", "role"), ROLE_REFUSALS)
def test_a_role_not_listed_for_a_transition_is_refused_with_a_403(transition, role, graduate, offer, actors):
    sources, _target, _roles = Application.TRANSITIONS[transition]
    state = sorted(sources)[0]
    app = ApplicationFactory(graduate=graduate, offer=offer, state=state)

    with pytest.raises(ApplicationError) as caught:
        services.application_transition(
            application=app, transition=transition, by=actors[role], **extra_for(transition)
        )

    assert caught.value.status_code == 403
    assert "n'est pas une action possible pour vous" in caught.value.message
    app.refresh_from_db()
    assert app.state == state


def test_a_graduate_cannot_hire_themself(graduate, offer):
    application = ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.OFFER)
    with pytest.raises(ApplicationError, match="« Embaucher » n'est pas une action possible pour vous"):
        services.application_transition(
            application=application, transition="hire", by=application.graduate.user
        )


def test_an_employer_cannot_apply_on_behalf_of_a_graduate(graduate, offer, employer_user):
    app = ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.INTERESTED)
    with pytest.raises(ApplicationError) as caught:
        services.application_transition(application=app, transition="apply", by=employer_user)
    assert caught.value.status_code == 403


def test_another_company_or_another_graduate_has_no_business_with_the_candidacy(
    application, other_employer_user, other_graduate
):
    for outsider in (other_employer_user, other_graduate.user):
        with pytest.raises(ApplicationError) as caught:
            services.application_transition(application=application, transition="withdraw", by=outsider)
        assert caught.value.status_code == 404
        assert caught.value.message == "Cette candidature ne vous concerne pas."


def test_a_colleague_of_the_same_company_may_move_the_candidacy(application, colleague_user):
    moved = services.application_transition(
        application=application, transition="refuse", by=colleague_user, refusal_reason="experience"
    )
    assert moved.state == Application.State.REFUSED
    assert moved.refusal_reason == "experience"


def test_an_unknown_transition_is_refused_by_name(application, officer):
    with pytest.raises(ApplicationError, match="Action inconnue : promote"):
        services.application_transition(application=application, transition="promote", by=officer)


def test_a_refusal_needs_a_reason_from_the_list(application, employer_user):
    for reason in ("", "because"):
        with pytest.raises(ApplicationError) as caught:
            services.application_transition(
                application=application, transition="refuse", by=employer_user, refusal_reason=reason
            )
        assert caught.value.extra == {"field": "refusal_reason"}
        assert "Choisissez un motif dans la liste" in caught.value.message
    application.refresh_from_db()
    assert application.state == Application.State.APPLIED


def test_an_interview_needs_a_date_that_is_not_past(application, employer_user):
    with pytest.raises(ApplicationError, match="Indiquez la date et l'heure"):
        services.application_transition(
            application=application, transition="schedule_interview", by=employer_user
        )
    with pytest.raises(ApplicationError, match="La date de l'entretien est passée"):
        services.application_transition(
            application=application,
            transition="schedule_interview",
            by=employer_user,
            interview_at=timezone.now() - timedelta(days=3),
        )
    when = timezone.now() + timedelta(days=4)
    moved = services.application_transition(
        application=application,
        transition="schedule_interview",
        by=employer_user,
        interview_at=when,
        interview_place="Visio",
    )
    assert (moved.state, moved.interview_at, moved.interview_place) == ("interview", when, "Visio")


def test_applying_to_an_offer_no_longer_open_is_refused(graduate, offer):
    app = ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.SUGGESTED)
    offer.status = "closed"
    offer.save(update_fields=["status"])
    with pytest.raises(ApplicationError, match="Cette offre n'est plus ouverte"):
        services.application_transition(application=app, transition="apply", by=graduate.user)


def test_each_move_resets_the_stale_flag_and_the_movement_date(application, employer_user):
    old = timezone.now() - timedelta(days=40)
    Application.objects.filter(pk=application.pk).update(moved_at=old, stale_notified_at=old)
    moved = services.application_transition(
        application=application, transition="make_offer", by=employer_user
    )
    moved.refresh_from_db()
    assert moved.stale_notified_at is None
    assert moved.moved_at > old


def test_the_database_ties_the_refusal_reason_and_the_interview_date_to_their_states(application):
    for fields in (
        {"state": "refused", "refusal_reason": ""},
        {"state": "applied", "refusal_reason": "profile"},
        {"state": "interview", "interview_at": None},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Application.objects.filter(pk=application.pk).update(**fields)


def test_one_candidacy_per_graduate_and_offer(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(graduate=application.graduate, offer=application.offer, origin="graduate")


# ---------------------------------------------------------------- starting a candidacy


def test_a_graduate_applies_with_a_message_and_the_start_is_logged(graduate, offer):
    app = services.application_start(
        graduate=graduate, offer=offer, by=graduate.user, message="  Bonjour !  "
    )
    assert (app.state, app.origin, app.message, app.share_cv) == ("applied", "graduate", "Bonjour !", True)
    assert app.applied_at is not None
    step = app.transitions.get()
    assert (step.transition, step.from_state, step.to_state, step.actor) == (
        "start",
        "",
        "applied",
        graduate.user,
    )


def test_an_officer_pushes_a_graduate_and_an_employer_invites_a_visible_one(
    graduate, other_graduate, offer, officer, employer_user
):
    pushed = services.application_start(graduate=graduate, offer=offer, by=officer)
    invited = services.application_start(graduate=other_graduate, offer=offer, by=employer_user)
    assert (pushed.state, pushed.origin) == ("applied", "officer")
    assert (invited.state, invited.origin) == ("suggested", "employer")


def test_an_employer_cannot_invite_a_graduate_who_is_not_visible(graduate, offer, employer_user):
    with pytest.raises(ApplicationError) as caught:
        services.application_start(graduate=graduate, offer=offer, by=employer_user)
    assert caught.value.status_code == 404
    assert not Application.objects.exists()


def test_an_employer_cannot_invite_to_another_company_offer(other_graduate, other_offer, employer_user):
    with pytest.raises(ApplicationError) as caught:
        services.application_start(graduate=other_graduate, offer=other_offer, by=employer_user)
    assert caught.value.status_code == 403


def test_a_graduate_cannot_apply_for_someone_else(graduate, other_graduate, offer):
    with pytest.raises(ApplicationError) as caught:
        services.application_start(graduate=other_graduate, offer=offer, by=graduate.user)
    assert caught.value.status_code == 403


def test_the_school_cannot_push_a_graduate_without_an_account(cohort, offer, officer):
    from tests.factories.graduates import GraduateFactory

    no_account = GraduateFactory(
        cohort=cohort, user=None, first_name="Léo", last_name="Martin", email="leo@example.fr"
    )
    with pytest.raises(ApplicationError, match="Léo Martin n'a pas encore activé son compte"):
        services.application_start(graduate=no_account, offer=offer, by=officer)


def test_applying_twice_is_a_conflict_naming_the_current_step(application, graduate, offer):
    with pytest.raises(ConflictError) as caught:
        services.application_start(graduate=graduate, offer=offer, by=graduate.user)
    assert (
        "Une candidature existe déjà pour cette offre (étape : candidature envoyée)" in caught.value.message
    )
    assert caught.value.extra["application_id"] == application.pk


def test_applying_after_an_invitation_completes_it(other_graduate, offer, employer_user):
    invited = services.application_start(graduate=other_graduate, offer=offer, by=employer_user)
    applied = services.application_start(
        graduate=other_graduate,
        offer=offer,
        by=other_graduate.user,
        message="Merci pour l'invitation",
        share_cv=False,
    )
    assert applied.pk == invited.pk
    assert (applied.state, applied.message, applied.share_cv) == ("applied", "Merci pour l'invitation", False)
    assert list(applied.transitions.values_list("transition", flat=True)) == ["start", "apply"]


def test_interest_opens_the_candidacy_once_and_moves_an_invitation_on(
    graduate, other_graduate, offer, employer_user
):
    first = services.application_from_interest(graduate=graduate, offer=offer, by=graduate.user)
    again = services.application_from_interest(graduate=graduate, offer=offer, by=graduate.user)
    assert first.pk == again.pk
    assert (again.state, again.origin) == ("interested", "suggestion")
    assert again.transitions.count() == 1

    invited = services.application_start(graduate=other_graduate, offer=offer, by=employer_user)
    interested = services.application_from_interest(
        graduate=other_graduate, offer=offer, by=other_graduate.user
    )
    assert interested.pk == invited.pk
    assert interested.state == "interested"


def test_interest_is_said_by_the_graduate_themself(graduate, offer, employer_user):
    with pytest.raises(ApplicationError):
        services.application_from_interest(graduate=graduate, offer=offer, by=employer_user)


# ---------------------------------------------------------------- races


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_the_same_candidacy_at_once_one_wins_the_other_gets_a_conflict(
    graduate, offer, employer_user, officer
):
    app = ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.OFFER)
    outcome = {}

    def refuse_meanwhile():
        try:
            services.application_transition(
                application=app, transition="refuse", by=officer, refusal_reason="filled"
            )
            outcome["refuse"] = "done"
        except ConflictError as exc:
            outcome["refuse"] = exc.message
        finally:
            connections.close_all()

    with transaction.atomic():
        services.application_transition(application=app, transition="hire", by=employer_user)
        other = threading.Thread(target=refuse_meanwhile)
        other.start()
        # Commit only once the other move is queued behind our lock (bounded wait, no timing assertion).
        for _attempt in range(500):
            if _waiting_on_a_lock():
                break
            threading.Event().wait(0.01)
    other.join(timeout=30)

    assert (
        outcome["refuse"] == "Impossible de « ne pas retenir » : la candidature est à l'étape « embauché·e »."
    )
    app.refresh_from_db()
    assert app.state == Application.State.HIRED
    assert app.refusal_reason == ""
    assert list(
        ApplicationTransition.objects.filter(application=app).values_list("transition", flat=True)
    ) == [
        "start",
        "hire",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_hires_of_the_same_graduate_at_once_one_wins_the_other_gets_a_conflict(
    graduate, offer, other_offer, employer_user, other_employer_user
):
    """Locks are taken in one order (offer, then the graduate's candidacies by id): the second hire
    waits, then finds its candidacy made obsolete by the first — a 409, never a deadlock."""
    first = ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.OFFER)
    second = ApplicationFactory(graduate=graduate, offer=other_offer, state=Application.State.OFFER)
    outcome = {}

    def hire_meanwhile():
        try:
            services.application_transition(application=second, transition="hire", by=other_employer_user)
            outcome["second"] = "done"
        except ConflictError as exc:
            outcome["second"] = exc.message
        finally:
            connections.close_all()

    with transaction.atomic():
        services.application_transition(application=first, transition="hire", by=employer_user)
        other = threading.Thread(target=hire_meanwhile)
        other.start()
        for _attempt in range(500):  # commit once the other hire waits behind our locks
            if _waiting_on_a_lock():
                break
            threading.Event().wait(0.01)
    other.join(timeout=30)

    assert outcome["second"] == (
        "Impossible de « embaucher » : la candidature est à l'étape « sans objet (embauché·e ailleurs) »."
    )
    second.refresh_from_db()
    assert second.state == Application.State.OBSOLETE
    assert Placement.objects.filter(graduate=graduate).count() == 1
