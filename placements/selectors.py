"""Reads scoped to who asks. Another person's candidacy, placement or follow-up is a 404, never a 403.

- officers (and admins) see everything;
- a graduate sees their own candidacies and placements;
- an employer account sees the candidacies to its organisation's offers and the placements naming
  its organisation, whoever of its colleagues asks.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from backend.accounts.models import User
from employers.models import Employer
from employers.selectors import employer_for_user

from .models import Application, ApplicationTransition, Notification, OutcomeCheck, Placement


def role_for(user: User) -> str | None:
    """The role name of ``Application.TRANSITIONS`` a signed-in account acts with."""
    if not user.is_authenticated:
        return None
    if user.is_officer:
        return "officer"
    if user.is_graduate:
        return "graduate"
    if user.is_employer:
        return "employer"
    return None


# --- applications --------------------------------------------------------------------------------


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related(
        "graduate", "graduate__cohort", "graduate__user", "offer", "offer__employer", "offer__commune"
    )


def application_list_for_user(*, user: User, employer: Employer | None = None) -> QuerySet[Application]:
    """Candidacies the account may see. ``employer`` saves a query when the caller already has it."""
    role = role_for(user)
    if role == "officer":
        return _applications()
    if role == "graduate":
        return _applications().filter(graduate__user=user)
    if role == "employer":
        employer = employer or employer_for_user(user=user)
        if employer is not None:
            # Sent candidacies, and the employer's own invitations; a graduate's mere interest only
            # when their profile is visible to employers (as on the offer's shortlist).
            unsent = [Application.State.SUGGESTED, Application.State.INTERESTED]
            return (
                _applications()
                .filter(offer__employer=employer)
                .filter(
                    ~Q(state__in=unsent)
                    | Q(origin=Application.Origin.EMPLOYER)
                    | Q(graduate__visible_to_employers=True, graduate__user__is_active=True)
                )
            )
    return Application.objects.none()


def application_get_for_user(*, user: User, application_id: int) -> Application:
    application = application_list_for_user(user=user).filter(pk=application_id).first()
    if application is None:
        raise Http404
    return application


# A candidacy someone opened for the graduate reads as who did it, not as a mere suggestion.
INVITED_BY = frozenset({Application.Origin.EMPLOYER, Application.Origin.OFFICER})


def application_timeline(*, application: Application) -> list[ApplicationTransition]:
    """The logged moves, oldest first, each with the label of the state it led to."""
    labels = dict(Application.State.choices)
    steps = list(application.transitions.select_related("actor"))
    for step in steps:
        step.to_label = labels.get(step.to_state, step.to_state)
        if step.to_state == Application.State.SUGGESTED and application.origin in INVITED_BY:
            step.to_label = application.get_origin_display()  # « Invitation de l'employeur »
        step.label = Application.TRANSITION_LABELS.get(step.transition, "")
    return steps


def stale_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.APPLICATION_STALE_DAYS)


def applications_stale(qs: QuerySet[Application], *, now: datetime | None = None) -> QuerySet[Application]:
    return qs.filter(state__in=Application.PENDING, moved_at__lte=stale_cutoff(now))


# The officer's board: one column per pending state, then what ended recently.
BOARD_PENDING = [
    Application.State.SUGGESTED,
    Application.State.INTERESTED,
    Application.State.APPLIED,
    Application.State.INTERVIEW,
    Application.State.OFFER,
]
BOARD_RECENT = [Application.State.HIRED, Application.State.REFUSED, Application.State.WITHDRAWN]
RECENT_DAYS = 30


# Ten cards keep the board about one screen of cards high per column (fifty made it 12,000 px with the
# demo's 25 sent candidacies); the rest is one link away in the list view, filtered by the column's state.
BOARD_CARDS_PER_COLUMN = 10


def board_columns(
    qs: QuerySet[Application], *, now: datetime | None = None, per_column: int = BOARD_CARDS_PER_COLUMN
) -> list[dict]:
    """Kanban columns: each pending state, then hires and refusals of the last 30 days.

    One query for the counts, one per column for its cards (at most ``per_column``, oldest move first
    in pending columns so what waits longest is on top).
    """
    now = now or timezone.now()
    recent_since = now - timedelta(days=RECENT_DAYS)
    counts = dict(
        qs.filter(Q(state__in=BOARD_PENDING) | Q(state__in=BOARD_RECENT, moved_at__gte=recent_since))
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    labels = dict(Application.State.choices)
    columns = []
    for state in BOARD_PENDING + BOARD_RECENT:
        column_qs = qs.filter(state=state)
        if state in BOARD_RECENT:
            column_qs = column_qs.filter(moved_at__gte=recent_since).order_by("-moved_at", "-pk")
        else:
            column_qs = column_qs.order_by("moved_at", "pk")
        total = counts.get(state, 0)
        cards = list(column_qs[:per_column]) if total else []
        columns.append(
            {
                "state": state,
                "label": labels[state],
                "recent": state in BOARD_RECENT,
                "count": total,
                "cards": cards,
                "more": max(total - len(cards), 0),
            }
        )
    return columns


# --- placements ----------------------------------------------------------------------------------


def _placements() -> QuerySet[Placement]:
    return Placement.objects.select_related(
        "graduate", "graduate__cohort", "employer", "offer", "confirmed_by"
    )


def placement_list_for_user(*, user: User) -> QuerySet[Placement]:
    role = role_for(user)
    if role == "officer":
        return _placements()
    if role == "graduate":
        return _placements().filter(graduate__user=user)
    if role == "employer":
        employer = employer_for_user(user=user)
        if employer is not None:
            return _placements().filter(employer=employer)
    return Placement.objects.none()


def placement_get_for_user(*, user: User, placement_id: int) -> Placement:
    placement = placement_list_for_user(user=user).filter(pk=placement_id).first()
    if placement is None:
        raise Http404
    return placement


# --- outcome checks ------------------------------------------------------------------------------


def outcome_check_list_for_user(*, user: User) -> QuerySet[OutcomeCheck]:
    """The school's follow-ups: officers only (graduates answer through their e-mailed link)."""
    if not (user.is_authenticated and user.is_officer):
        return OutcomeCheck.objects.none()
    return OutcomeCheck.objects.select_related(
        "graduate", "graduate__cohort", "graduate__user", "validated_by"
    )


def outcome_check_get_for_user(*, user: User, check_id: int) -> OutcomeCheck:
    check = outcome_check_list_for_user(user=user).filter(pk=check_id).first()
    if check is None:
        raise Http404
    return check


# --- notifications -------------------------------------------------------------------------------


def notification_list_for_user(*, user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def notification_unread_count(*, user: User) -> int:
    return notification_list_for_user(user=user).filter(read_at__isnull=True).count()


def officer_indicators(*, today=None) -> dict[str, int]:
    """The school dashboard's figures: candidacies still open, those without news for
    APPLICATION_STALE_DAYS, and confirmed exits into work since 1 January (the training internship aside)."""
    today = today or timezone.localdate()
    open_apps = Application.objects.filter(state__in=Application.PENDING)
    return {
        "open": open_apps.count(),
        "stale": applications_stale(open_apps).count(),
        "exits": Placement.objects.filter(
            status=Placement.Status.CONFIRMED, is_training_internship=False, start_date__year=today.year
        ).count(),
        "year": today.year,
    }
