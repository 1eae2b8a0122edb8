"""Reads scoped to who asks: the interviews a person may see, as calendar events.

What an interview *is* comes from the candidacy; how it *changed* comes from its transition log:
the number of logged plannings and re-plannings gives the SEQUENCE, and a candidacy that ended
(refused, withdrawn, obsolete, closed) before the interview's hour cancels it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.tokens import token_digest
from employers.selectors import employer_for_user
from placements.models import Application, ApplicationTransition, Placement
from placements.selectors import application_list_for_user, role_for

from .ics import INTERVIEW_LENGTH, Interview
from .models import CalendarFeed, Event, Slot

# The logged moves that set an interview's time and place, or call it off (the candidacy going on).
INTERVIEW_MOVES = ("schedule_interview", "reschedule_interview", "cancel_interview")
# A candidacy that ends in one of these before its interview's hour cancels the interview.
ENDINGS = frozenset(
    {
        Application.State.REFUSED,
        Application.State.WITHDRAWN,
        Application.State.OBSOLETE,
        Application.State.CLOSED,
    }
)
# How far back a feed goes: older interviews are history, not agenda.
FEED_PAST_DAYS = 180


def _with_interview_log(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(interview_at__isnull=False).prefetch_related(
        Prefetch(
            "transitions",
            queryset=ApplicationTransition.objects.filter(transition__in=INTERVIEW_MOVES).order_by(
                "at", "pk"
            ),
            to_attr="interview_log",
        )
    )


def _summary(app: Application, role: str) -> str:
    if role == "graduate":
        return _("Entretien — %(o)s (%(e)s)") % {"o": app.offer.title, "e": app.offer.employer_label}
    if role == "employer":
        return _("Entretien — %(g)s (%(o)s)") % {"g": app.graduate.full_name, "o": app.offer.title}
    return _("Entretien — %(g)s chez %(e)s") % {"g": app.graduate.full_name, "e": app.offer.employer_label}


def interview_of(app: Application, *, role: str) -> Interview:
    """The calendar event of a candidacy's interview, as ``role`` reads it (``interview_log`` prefetched
    by :func:`_with_interview_log`, or read here)."""
    log = getattr(app, "interview_log", None)
    if log is None:
        log = list(app.transitions.filter(transition__in=INTERVIEW_MOVES).order_by("at", "pk"))
    # Called off on its own (the last logged interview move), or by the candidacy ending before it;
    # either way the calendar keeps the event, same UID, as CANCELLED with the next SEQUENCE.
    called_off = bool(log) and log[-1].transition == "cancel_interview"
    ended = app.state in ENDINGS and app.moved_at < app.interview_at and not called_off
    cancelled = called_off or ended
    stamps = [step.at for step in log] + ([app.moved_at] if ended else [])
    url = settings.SITE_URL + reverse("placements:application_detail", kwargs={"pk": app.pk})
    description = _("Candidature pour « %(o)s » chez %(e)s. Suivi : %(u)s") % {
        "o": app.offer.title,
        "e": app.offer.employer_label,
        "u": url,
    }
    if ended:
        description = _("Entretien annulé : la candidature est close (%(s)s).") % {
            "s": app.get_state_display().lower()
        }
    elif called_off:
        description = _(
            "Entretien annulé. La candidature pour « %(o)s » chez %(e)s reste ouverte : %(u)s"
        ) % {
            "o": app.offer.title,
            "e": app.offer.employer_label,
            "u": url,
        }
    return Interview(
        application_id=app.pk,
        uid=f"entretien-{app.pk}@tremplin",
        start=app.interview_at,
        end=app.interview_at + INTERVIEW_LENGTH,
        summary=(_("Annulé : %(s)s") % {"s": _summary(app, role)}) if cancelled else _summary(app, role),
        place=app.interview_place,
        description=description,
        url=url,
        sequence=max(len(log) - 1, 0) + (1 if ended else 0),
        cancelled=cancelled,
        stamp=max(stamps) if stamps else app.moved_at,
    )


def interviews_for_user(*, user: User, now=None) -> list[Interview]:
    """Every interview of the last months and to come that ``user`` takes part in: a graduate's own,
    an employer's (any colleague's), all of them for the school."""
    role = role_for(user)
    if role is None:
        return []
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    apps = _with_interview_log(application_list_for_user(user=user)).filter(interview_at__gte=since)
    return [interview_of(app, role=role) for app in apps.order_by("interview_at", "pk")]


def interview_for_user(*, user: User, application_id: int) -> Interview:
    """One candidacy's interview, for someone who may see the candidacy; a 404 for anyone else and
    for a candidacy that never had an interview."""
    app = _with_interview_log(application_list_for_user(user=user)).filter(pk=application_id).first()
    if app is None:
        raise Http404
    return interview_of(app, role=role_for(user))


def calendar_feed_owner(*, token: str) -> User | None:
    """The active account a feed token belongs to, or None (unknown, revoked, or account closed)."""
    feed = (
        CalendarFeed.objects.select_related("user").filter(token_hash=token_digest(token)).first()
        if token
        else None
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


# ---------------------------------------------------------------- events


def event_list_for_user(*, user: User) -> QuerySet[Event]:
    """Events anyone signed in with a role sees: the school all of them, others those not yet over
    (and, for an employer, the past ones it came to)."""
    role = role_for(user)
    if role is None:
        return Event.objects.none()
    qs = Event.objects.all()
    if role == "officer":
        return qs
    recent = timezone.now() - timedelta(days=1)
    employer = employer_for_user(user=user) if role == "employer" else None
    if employer is not None:
        came = Event.objects.filter(registrations__employer=employer).values("pk")
        return qs.filter(Q(ends_at__gte=recent) | Q(pk__in=came))
    return qs.filter(ends_at__gte=recent)


def event_get_for_user(*, user: User, event_id: int) -> Event:
    role = role_for(user)
    event = Event.objects.filter(pk=event_id).first() if role is not None else None
    if event is None:
        raise Http404
    if role != "officer" and event.ends_at < timezone.now() - timedelta(days=1):
        employer = employer_for_user(user=user) if role == "employer" else None
        if employer is None or not event.registrations.filter(employer=employer).exists():
            raise Http404
    return event


def event_slots(*, event: Event) -> QuerySet[Slot]:
    return Slot.objects.filter(registration__event=event).select_related(
        "offer", "registration__employer", "graduate", "application"
    )


@dataclass
class Meeting:
    """Who met whom at an event, and what followed: the candidacy's step today and any hire."""

    slot: Slot
    state_label: str
    hired: bool
    placement_label: str


def event_meetings(*, event: Event) -> list[Meeting]:
    slots = (
        event_slots(event=event)
        .filter(application__isnull=False)
        .select_related("application__graduate", "application__offer")
    )
    meetings = []
    placements = {
        p.graduate_id: p
        for p in Placement.objects.filter(
            graduate_id__in=[s.graduate_id for s in slots], created_at__gte=event.starts_at
        ).order_by("created_at")
    }
    for slot in slots:
        app = slot.application
        placement = placements.get(slot.graduate_id)
        meetings.append(
            Meeting(
                slot=slot,
                state_label=app.get_state_display(),
                hired=app.state == Application.State.HIRED,
                placement_label=(
                    f"{placement.get_contract_type_display()} — {placement.employer_name}"
                    if placement
                    else ""
                ),
            )
        )
    return meetings


def slots_for_user(*, user: User, event: Event) -> QuerySet[Slot]:
    """The slots of ``event`` that ``user`` may read: the school all of them, an employer its own, a
    graduate the free ones to come and her own."""
    role = role_for(user)
    slots = event_slots(event=event).select_related("graduate__user")
    if role == "officer":
        return slots
    if role == "employer":
        employer = employer_for_user(user=user)
        return slots.filter(registration__employer=employer) if employer else slots.none()
    if role == "graduate":
        return slots.filter(Q(graduate__isnull=True, starts_at__gt=timezone.now()) | Q(graduate__user=user))
    return slots.none()


def slot_get_for_user(*, user: User, slot_id: int) -> Slot:
    """A slot of an event ``user`` may see (booked or not: booking it again is the service's 409); a 404
    for anyone else and for no such slot."""
    slot = (
        Slot.objects.select_related("registration__event", "registration__employer", "offer", "graduate")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None:
        raise Http404
    event_get_for_user(user=user, event_id=slot.registration.event_id)
    return slot
