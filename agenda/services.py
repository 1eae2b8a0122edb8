"""Writes of the agenda: a person's calendar feed address; events, their employers, slots and bookings."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.services import require_officer
from backend.core.tokens import token_digest
from employers.models import Employer, Offer
from employers.selectors import employer_for_user
from graduates.models import Graduate
from placements import notifications
from placements.models import Application, Notification
from placements.services import application_start, application_transition

from .models import CalendarFeed, Event, EventRegistration, InterviewReminder, Slot


def calendar_feed_create(*, user: User) -> str:
    """A new secret feed address for ``user``; the previous one, if any, stops working at once.

    Returns the token, shown once: only its digest is kept.
    """
    token = CalendarFeed.new_token()
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_digest(token)})
        audit_log(actor=user, action="calendar_feed.create", target=user)
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    """Revoke ``user``'s feed address; False when there was none."""
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
        if deleted:
            audit_log(actor=user, action="calendar_feed.revoke", target=user)
    return bool(deleted)


# ---------------------------------------------------------------- events


def event_create(
    *,
    by: User,
    title: str,
    kind: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
) -> Event:
    require_officer(by, _("Seule l'équipe de l'école organise les événements."))
    if kind not in Event.Kind.values:
        raise ApplicationError(_("Choisissez un type d'événement dans la liste."), extra={"field": "kind"})
    if not title.strip() or not place.strip():
        raise ApplicationError(_("Indiquez le titre et le lieu de l'événement."), extra={"field": "title"})
    if ends_at <= starts_at:
        raise ApplicationError(_("L'événement doit finir après son début."), extra={"field": "ends_at"})
    if starts_at < timezone.now() - timedelta(days=1):
        raise ApplicationError(
            _("La date est passée : indiquez une date à venir."), extra={"field": "starts_at"}
        )
    return Event.objects.create(
        title=title.strip()[:200],
        kind=kind,
        place=place.strip()[:250],
        starts_at=starts_at,
        ends_at=ends_at,
        description=description.strip(),
        created_by=by,
    )


def event_update(*, event: Event, by: User, **changes) -> Event:
    """Change an event's title, kind, place, hours or presentation (the school only), under the rules
    of :func:`event_create`; the hours must still hold every slot already opened."""
    require_officer(by, _("Seule l'équipe de l'école organise les événements."))
    allowed = {"title", "kind", "place", "starts_at", "ends_at", "description"}
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(
            _("Ces champs ne se modifient pas : %(f)s.") % {"f": ", ".join(sorted(unknown))},
            extra={"fields": sorted(unknown)},
        )
    values = {name: changes.get(name, getattr(event, name)) for name in allowed}
    if values["kind"] not in Event.Kind.values:
        raise ApplicationError(_("Choisissez un type d'événement dans la liste."), extra={"field": "kind"})
    if not str(values["title"]).strip() or not str(values["place"]).strip():
        raise ApplicationError(_("Indiquez le titre et le lieu de l'événement."), extra={"field": "title"})
    if values["ends_at"] <= values["starts_at"]:
        raise ApplicationError(_("L'événement doit finir après son début."), extra={"field": "ends_at"})
    if event.is_past():
        raise ApplicationError(_("Cet événement est passé : il ne se modifie plus."))
    if ("starts_at" in changes or "ends_at" in changes) and values["starts_at"] < timezone.now() - timedelta(
        days=1
    ):
        raise ApplicationError(
            _("La date est passée : indiquez une date à venir."), extra={"field": "starts_at"}
        )
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        outside = Slot.objects.filter(registration__event=locked).filter(
            models.Q(starts_at__lt=values["starts_at"]) | models.Q(ends_at__gt=values["ends_at"])
        )
        if outside.exists():
            raise ApplicationError(
                _(
                    "Des créneaux d'entretien sont ouverts hors de ces horaires : "
                    "gardez des horaires qui les contiennent tous."
                ),
                extra={"field": "starts_at", "slot_ids": list(outside.values_list("pk", flat=True))},
            )
        locked.title = str(values["title"]).strip()[:200]
        locked.kind = values["kind"]
        locked.place = str(values["place"]).strip()[:250]
        locked.starts_at, locked.ends_at = values["starts_at"], values["ends_at"]
        locked.description = str(values["description"]).strip()
        locked.save()
        audit_log(actor=by, action="event.update", target=locked, fields=sorted(changes))
    return locked


def _employer_of(by: User) -> Employer:
    employer = employer_for_user(user=by) if by is not None else None
    if employer is None or employer.status != Employer.Status.APPROVED:
        raise ApplicationError(
            _("Les événements sont ouverts aux entreprises partenaires validées par l'école."),
            status_code=403,
        )
    return employer


def event_register(*, event: Event, by: User, offers: list[Offer]) -> EventRegistration:
    """A partner employer comes to ``event`` with some of its published offers (again: the offers change)."""
    employer = _employer_of(by)
    if event.is_past():
        raise ApplicationError(_("Cet événement est passé : les inscriptions sont closes."))
    wrong = [o for o in offers if o.employer_id != employer.pk or o.status != Offer.Status.PUBLISHED]
    if wrong:
        raise ApplicationError(
            _("Choisissez parmi vos offres publiées."),
            extra={"field": "offers", "offer_ids": [o.pk for o in wrong]},
        )
    with transaction.atomic():
        registration, created = EventRegistration.objects.get_or_create(
            event=event, employer=employer, defaults={"registered_by": by}
        )
        registration.offers.set(offers)
        if created:
            audit_log(actor=by, action="event.register", target=registration, event_id=event.pk)
    return registration


def slots_open(
    *,
    registration: EventRegistration,
    by: User,
    offer: Offer,
    first_at: datetime,
    count: int,
    minutes: int = 20,
) -> list[Slot]:
    """Open ``count`` interview slots of ``minutes`` from ``first_at``, one after the other, for ``offer``."""
    employer = _employer_of(by)
    if registration.employer_id != employer.pk:
        raise ApplicationError(_("Cette inscription n'est pas celle de votre entreprise."), status_code=404)
    if not registration.offers.filter(pk=offer.pk).exists():
        raise ApplicationError(
            _("Ajoutez d'abord cette offre à votre inscription à l'événement."), extra={"field": "offer"}
        )
    if not 1 <= count <= 30 or not 5 <= minutes <= 120:
        raise ApplicationError(
            _("Entre 1 et 30 créneaux, de 5 à 120 minutes chacun."), extra={"field": "count"}
        )
    event = registration.event
    last_end = first_at + timedelta(minutes=minutes * count)
    if first_at < event.starts_at or last_end > event.ends_at:
        raise ApplicationError(
            _("Les créneaux doivent tenir dans les horaires de l'événement (%(a)s – %(b)s).")
            % {
                "a": timezone.localtime(event.starts_at).strftime("%H:%M"),
                "b": timezone.localtime(event.ends_at).strftime("%H:%M"),
            },
            extra={"field": "first_at"},
        )
    try:
        with transaction.atomic():
            return [
                Slot.objects.create(
                    registration=registration,
                    offer=offer,
                    starts_at=first_at + timedelta(minutes=minutes * i),
                    ends_at=first_at + timedelta(minutes=minutes * (i + 1)),
                    opened_by=by,
                )
                for i in range(count)
            ]
    except IntegrityError as exc:
        raise ConflictError(
            _(
                "Vous avez déjà un créneau qui commence à l'une de ces heures : choisissez une autre heure de début."
            ),
            extra={"field": "first_at"},
        ) from exc


def slot_close(*, slot: Slot, by: User) -> None:
    """An employer withdraws one of its own slots that nobody booked (a booked one is an interview:
    it moves or ends with the candidacy)."""
    employer = _employer_of(by)
    with transaction.atomic():
        locked = Slot.objects.select_for_update().select_related("registration").filter(pk=slot.pk).first()
        if locked is None or locked.registration.employer_id != employer.pk:
            raise ApplicationError(_("Ce créneau n'est pas un de ceux de votre entreprise."), status_code=404)
        if locked.graduate_id is not None:
            raise ConflictError(
                _("Ce créneau est réservé : l'entretien se déplace ou s'annule depuis la candidature."),
                extra={"application_id": locked.application_id},
            )
        audit_log(actor=by, action="slot.close", target=locked, starts_at=locked.starts_at.isoformat())
        locked.delete()


def slot_book(*, slot: Slot, graduate: Graduate, by: User) -> Slot:
    """Book ``slot`` for ``graduate`` (the graduate themself, or an officer for them).

    The candidacy to the slot's offer is opened or completed (``application_start``), then moved to
    « entretien » at the slot's time and place through the state machine (``schedule_interview``,
    logged; the employer who opened the slot planned it). The slot row is locked first: of two people
    booking it at once, the second gets a 409 and nothing of theirs is kept.
    """
    if not (by.is_officer or (by.is_graduate and graduate.user_id == by.pk)):
        raise ApplicationError(
            _("Vous ne pouvez pas réserver ce créneau pour cette personne."), status_code=403
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = (
                Slot.objects.select_for_update()
                .select_related("registration__event", "offer")
                .get(pk=slot.pk)
            )
            event = locked.registration.event
            if locked.graduate_id is not None:
                raise ConflictError(_("Ce créneau vient d'être réservé : choisissez-en un autre."))
            if locked.starts_at < now:
                raise ApplicationError(_("Ce créneau est passé : choisissez-en un autre."))
            app = Application.objects.filter(graduate=graduate, offer=locked.offer).first()
            if app is None or app.state in (Application.State.SUGGESTED, Application.State.INTERESTED):
                app = application_start(graduate=graduate, offer=locked.offer, by=by)
            elif app.state != Application.State.APPLIED:
                raise ConflictError(
                    _("Vous avez déjà une candidature à l'étape « %(s)s » pour cette offre.")
                    % {"s": app.get_state_display().lower()},
                    extra={"application_id": app.pk, "state": app.state},
                )
            place = _("%(e)s — %(p)s") % {"e": event.title, "p": event.place}
            app = application_transition(
                application=app,
                transition="schedule_interview",
                by=by if by.is_officer else locked.opened_by,
                interview_at=locked.starts_at,
                interview_place=place,
                note=_("Créneau réservé au %(e)s par %(b)s")
                % {"e": event.title, "b": by.get_full_name() or by.email},
            )
            locked.graduate, locked.application, locked.booked_by, locked.booked_at = graduate, app, by, now
            locked.save(update_fields=["graduate", "application", "booked_by", "booked_at"])
    except IntegrityError as exc:
        raise ConflictError(_("Vous avez déjà un créneau à cette heure : choisissez-en un autre.")) from exc
    return locked


def slot_cancel(*, slot: Slot, by: User, note: str = "") -> Application:
    """Call off the interview booked in ``slot`` without ending the candidacy: the graduate herself,
    an officer for her, or the employer of the slot's offer.

    The candidacy leaves « entretien » by the logged ``cancel_interview`` move (back to « candidature
    envoyée »), which frees the slot for someone else and tells the other side; calendars keep the
    interview as cancelled, same UID, next SEQUENCE. The slot row is locked first, as booking it is: a
    booking and a cancellation of one slot happen one after the other. An interview whose hour has
    passed is not cancelled (409).
    """
    with transaction.atomic():
        locked = (
            Slot.objects.select_for_update(of=("self",))
            .select_related("registration__event")
            .filter(pk=slot.pk)
            .first()
        )
        if locked is None:
            raise ApplicationError(_("Ce créneau n'existe plus."), status_code=404)
        if locked.application_id is None:
            raise ConflictError(_("Ce créneau n'est pas réservé : il n'y a pas d'entretien à annuler."))
        event = locked.registration.event
        return application_transition(
            application=locked.application,
            transition="cancel_interview",
            by=by,
            note=note.strip()
            or _("Créneau du %(e)s annulé par %(b)s")
            % {"e": event.title, "b": by.get_full_name() or by.email},
        )


# ---------------------------------------------------------------- reminders

REMINDER_AHEAD = timedelta(hours=24)


@dataclass
class ReminderReport:
    """Interviews within the next 24 hours not yet reminded (``due``) and, on a wet run, those reminded."""

    due: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)


def _remind(app: Application) -> None:
    when = timezone.localtime(app.interview_at)
    names = {"h": date_format(when, "H:i"), "d": date_format(when, "l j F"), "o": app.offer.title}
    link = settings.SITE_URL + reverse("placements:application_detail", kwargs={"pk": app.pk})
    body = _("Entretien le %(d)s à %(h)s. %(p)s") % {**names, "p": app.interview_place}
    notifications.notify(
        user=app.graduate.user,
        kind=Notification.Kind.INTERVIEW,
        subject=_("Rappel : entretien le %(d)s à %(h)s — « %(o)s »") % names,
        body=body,
        link=link,
    )
    for contact in app.offer.employer.contacts.select_related("user"):
        notifications.notify(
            user=contact.user,
            kind=Notification.Kind.INTERVIEW,
            subject=_("Rappel : entretien avec %(g)s le %(d)s à %(h)s")
            % {**names, "g": app.graduate.full_name},
            body=body,
            link=link,
        )


def interview_reminders_send(
    *, now: datetime | None = None, wet_run: bool = False, batch_size: int = 200
) -> ReminderReport:
    """Remind both sides of every interview in the next 24 hours, once per interview time.

    Safe to run twice: a reminder row (unique per candidacy and time) is written in the same
    transaction as the notifications; candidacies someone is moving right now are skipped (locked
    rows) and picked up by the next run.
    """
    now = now or timezone.now()
    due = Application.objects.filter(
        state=Application.State.INTERVIEW, interview_at__gt=now, interview_at__lte=now + REMINDER_AHEAD
    ).order_by("interview_at", "pk")
    reminded = InterviewReminder.objects.filter(application_id__in=due.values("pk")).values_list(
        "application_id", "interview_at"
    )
    done = set(reminded)
    report = ReminderReport(
        due=[pk for pk, at in due.values_list("pk", "interview_at") if (pk, at) not in done]
    )
    if not wet_run:
        return report
    for start in range(0, len(report.due), batch_size):
        chunk = report.due[start : start + batch_size]
        with transaction.atomic():
            apps = (
                Application.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("graduate__user", "offer__employer")
                .filter(pk__in=chunk, state=Application.State.INTERVIEW, interview_at__gt=now)
            )
            for app in apps:
                _row, created = InterviewReminder.objects.get_or_create(
                    application=app, interview_at=app.interview_at, defaults={"sent_at": now}
                )
                if created:
                    _remind(app)
                    report.sent.append(app.pk)
    return report
