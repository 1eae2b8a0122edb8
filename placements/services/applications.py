"""Candidacies: started, moved through ``Application.TRANSITIONS`` only, each move logged; stale ones flagged and closed."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError, ConflictError
from employers.models import Offer
from employers.services import offer_transition
from graduates.models import Graduate
from graduates.selectors import graduate_list_for_user

from .. import notifications
from ..models import Application, ApplicationTransition, ContractCategory
from .placements import placement_from_application
from .roles import actor_role, employer_of


def _log(
    app: Application,
    *,
    transition: str,
    from_state: str,
    by: User | None,
    note: str = "",
    at: datetime | None = None,
) -> None:
    ApplicationTransition.objects.create(
        application=app,
        transition=transition,
        from_state=from_state,
        to_state=app.state,
        actor=by,
        note=note,
        at=at or timezone.now(),
    )


def _check_offer_open(offer: Offer) -> None:
    if offer.status != Offer.Status.PUBLISHED:
        raise ApplicationError(
            _("Cette offre n'est plus ouverte (« %(s)s ») : choisissez-en une autre.")
            % {"s": offer.get_status_display().lower()}
        )


def application_start(
    *,
    graduate: Graduate,
    offer: Offer,
    by: User,
    message: str = "",
    share_cv: bool = True,
) -> Application:
    """Open a candidacy. Who asks decides how it starts:

    - the graduate applies (``applied``), or completes a suggestion they had (``suggested`` or
      ``interested`` → ``applied``);
    - an officer pushes the graduate to the employer (``applied``, origin *officer*);
    - an employer invites a visible graduate to apply (``suggested``, origin *employer*): the
      graduate then decides.
    """
    if by.is_officer:
        origin, target = Application.Origin.OFFICER, Application.State.APPLIED
    elif by.is_graduate and graduate.user_id == by.pk:
        origin, target = Application.Origin.GRADUATE, Application.State.APPLIED
    elif by.is_employer and (emp := employer_of(by)) is not None and emp.pk == offer.employer_id:
        if not graduate_list_for_user(user=by).filter(pk=graduate.pk).exists():
            raise ApplicationError(_("Ce profil n'est pas visible par votre entreprise."), status_code=404)
        origin, target = Application.Origin.EMPLOYER, Application.State.SUGGESTED
        share_cv = False  # an invitation shares nothing: the graduate decides when they apply
    else:
        raise ApplicationError(_("Vous ne pouvez pas créer cette candidature."), status_code=403)
    _check_offer_open(offer)
    if target == Application.State.APPLIED and graduate.user_id is None:
        raise ApplicationError(
            _(
                "%(n)s n'a pas encore activé son compte : relancez son invitation avant de proposer sa candidature."
            )
            % {"n": graduate.full_name}
        )

    with transaction.atomic():
        existing = Application.objects.select_for_update().filter(graduate=graduate, offer=offer).first()
        if existing is not None:
            if target == Application.State.APPLIED and existing.state in {
                Application.State.SUGGESTED,
                Application.State.INTERESTED,
            }:
                existing.message = message.strip() or existing.message
                existing.share_cv = share_cv
                existing.save(update_fields=["message", "share_cv"])
                return application_transition(application=existing, transition="apply", by=by)
            raise ConflictError(
                _("Une candidature existe déjà pour cette offre (étape : %(s)s).")
                % {"s": existing.get_state_display().lower()},
                extra={"application_id": existing.pk, "state": existing.state},
            )
        now = timezone.now()
        try:
            with transaction.atomic():
                app = Application.objects.create(
                    graduate=graduate,
                    offer=offer,
                    state=target,
                    origin=origin,
                    created_by=by,
                    message=message.strip(),
                    share_cv=share_cv,
                    moved_at=now,
                    applied_at=now if target == Application.State.APPLIED else None,
                )
        except IntegrityError as exc:  # a concurrent double click
            raise ConflictError(_("Une candidature existe déjà pour cette offre.")) from exc
        _log(app, transition="start", from_state="", by=by, note=message.strip()[:500], at=now)
        notifications.application_started(app)
    return app


def application_from_interest(*, graduate: Graduate, offer: Offer, by: User) -> Application:
    """A graduate said « intéressé·e » on a suggestion: the candidacy exists, at ``interested``.

    Idempotent: an existing candidacy is moved on from ``suggested`` (an employer's invitation) and
    otherwise left as it is.
    """
    if not (by.is_officer or (by.is_graduate and graduate.user_id == by.pk)):
        raise ApplicationError(_("Vous ne pouvez pas créer cette candidature."), status_code=403)
    with transaction.atomic():
        app, created = Application.objects.get_or_create(
            graduate=graduate,
            offer=offer,
            defaults={
                "state": Application.State.INTERESTED,
                "origin": Application.Origin.SUGGESTION,
                "created_by": by,
                "share_cv": False,  # interest is not an application: nothing is shared yet
            },
        )
        if created:
            _log(app, transition="start", from_state="", by=by)
        elif app.state == Application.State.SUGGESTED:
            app = application_transition(application=app, transition="show_interest", by=by)
    return app


def application_transition(
    *,
    application: Application,
    transition: str,
    by: User | None,
    note: str = "",
    refusal_reason: str = "",
    interview_at: datetime | None = None,
    interview_place: str = "",
    now: datetime | None = None,
) -> Application:
    """Apply one named transition of ``Application.TRANSITIONS``, checked and logged.

    The row is locked first, so of two people moving the same candidacy at once, the second sees the
    first one's result: its move is refused (409) when it no longer applies, never lost.
    """
    if transition not in Application.TRANSITIONS:
        raise ApplicationError(
            _("Action inconnue : %(t)s") % {"t": transition}, extra={"transition": transition}
        )
    move = Application.TRANSITIONS[transition]
    now = now or timezone.now()
    with transaction.atomic():
        if transition == "hire":
            _lock_for_hire(application.pk)
        if transition == "cancel_interview":
            # A job dating slot is locked before its candidacy, as booking it does (agenda.services).
            _event_slots(application.pk).select_for_update().first()
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("offer", "offer__employer", "graduate", "graduate__user", "graduate__cohort")
            .get(pk=application.pk)
        )
        role = actor_role(application=app, user=by)
        if role is None:
            raise ApplicationError(_("Cette candidature ne vous concerne pas."), status_code=404)
        if not move.open_to(role):
            raise ApplicationError(
                _("« %(a)s » n'est pas une action possible pour vous sur cette candidature.")
                % {"a": Application.TRANSITION_LABELS[transition]},
                extra={"transition": transition, "role": role},
                status_code=403,
            )
        if not move.starts_from(app.state):
            raise ConflictError(
                _("Impossible de « %(a)s » : la candidature est à l'étape « %(s)s ».")
                % {
                    "a": str(Application.TRANSITION_LABELS[transition]).lower(),
                    "s": app.get_state_display().lower(),
                },
                extra={"state": app.state, "transition": transition},
            )
        if transition == "refuse":
            if refusal_reason not in Application.RefusalReason.values:
                raise ApplicationError(
                    _("Choisissez un motif dans la liste : la personne recevra un message adapté."),
                    extra={"field": "refusal_reason"},
                )
            app.refusal_reason = refusal_reason
        if transition == "schedule_interview":
            _set_interview(app, interview_at, interview_place, now)
        if transition == "cancel_interview" and app.interview_at is not None and app.interview_at <= now:
            raise ConflictError(
                _("Cet entretien a déjà eu lieu : il ne s'annule plus. Notez la suite de la candidature."),
                extra={"state": app.state, "transition": transition},
            )
        if transition == "apply":
            _check_offer_open(app.offer)
            if app.graduate.user_id is None:
                raise ApplicationError(_("La personne doit d'abord activer son compte."))
        previous = app.state
        app.state = move.target
        app.moved_at = now
        app.stale_notified_at = None
        if transition == "apply":
            app.applied_at = now
        app.save()
        _log(app, transition=transition, from_state=previous, by=by, note=note.strip(), at=now)
        if transition == "hire":
            _on_hire(app, by=by, now=now)
        if transition == "cancel_interview":
            # The job dating slot it held (if any) is free again for someone else.
            _event_slots(app.pk).update(graduate=None, application=None, booked_by=None, booked_at=None)
        notifications.application_moved(app, transition=transition, by=by, from_state=previous)
    return app


def application_interview_reschedule(
    *,
    application: Application,
    by: User,
    interview_at: datetime | None,
    interview_place: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Application:
    """Move a planned interview to another time or place: no change of state, one more logged
    ``reschedule_interview`` step (calendars read it as the event's next SEQUENCE)."""
    now = now or timezone.now()
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("offer", "offer__employer", "graduate", "graduate__user")
            .get(pk=application.pk)
        )
        role = actor_role(application=app, user=by)
        if role is None:
            raise ApplicationError(_("Cette candidature ne vous concerne pas."), status_code=404)
        if not Application.TRANSITIONS["schedule_interview"].open_to(role):
            raise ApplicationError(
                _("Seuls l'employeur et l'école peuvent déplacer un entretien."), status_code=403
            )
        if app.state != Application.State.INTERVIEW:
            raise ConflictError(
                _("Aucun entretien à déplacer : la candidature est à l'étape « %(s)s ».")
                % {"s": app.get_state_display().lower()},
                extra={"state": app.state},
            )
        _set_interview(app, interview_at, interview_place, now)
        app.moved_at = now
        app.save(update_fields=["interview_at", "interview_place", "moved_at", "updated_at"])
        _log(app, transition="reschedule_interview", from_state=app.state, by=by, note=note.strip(), at=now)
        notifications.application_moved(app, transition="reschedule_interview", by=by, from_state=app.state)
    return app


def _event_slots(application_id: int):
    """The job dating slot booked for a candidacy, read through the reverse relation (the agenda
    app sits above placements and is not imported here)."""
    slot_model = Application._meta.get_field("event_slot").related_model
    return slot_model.objects.filter(application_id=application_id)


def _lock_for_hire(application_id: int) -> None:
    """Take a hire's locks in one order — the offer, then the graduate's pending candidacies by id —
    so that two hires touching the same offer or the same graduate wait for each other instead of
    deadlocking; the second then finds its candidacy moved on and gets a 409."""
    row = Application.objects.filter(pk=application_id).values("offer_id", "graduate_id").first()
    if row is None:
        return
    list(Offer.objects.select_for_update().filter(pk=row["offer_id"]).values_list("pk", flat=True))
    list(
        Application.objects.select_for_update()
        .filter(graduate_id=row["graduate_id"], state__in=Application.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _on_hire(app: Application, *, by: User | None, now: datetime) -> None:
    """A hire: a placement, the other pending candidacies made obsolete, one opening fewer.

    The training's internship is not a job: hosting it makes only the other internship candidacies
    obsolete, and the graduate's job search goes on.
    """
    offer = app.offer
    placement = placement_from_application(application=app, by=by)
    others = (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer", "offer__employer", "graduate", "graduate__user")
        .filter(graduate=app.graduate, state__in=Application.PENDING)
        .exclude(pk=app.pk)
    )
    if placement.contract_type == ContractCategory.STAGE:
        # An internship is not a job: the job search goes on, only other internships are moot.
        others = others.filter(offer__contract_type=Offer.ContractType.STAGE)
    for other in others:
        previous = other.state
        other.state = Application.State.OBSOLETE
        other.moved_at = now
        other.save(update_fields=["state", "moved_at", "updated_at"])
        _log(
            other,
            transition="mark_obsolete",
            from_state=previous,
            by=None,
            note=_("Embauché·e ailleurs"),
            at=now,
        )
        notifications.application_moved(other, transition="mark_obsolete", by=None, from_state=previous)
    locked_offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked_offer.openings > 1:
        Offer.objects.filter(pk=offer.pk).update(openings=F("openings") - 1, updated_at=now)
    elif locked_offer.status == Offer.Status.PUBLISHED:
        offer_transition(offer=locked_offer, transition="fill", by=by, reason=_("Poste pourvu via Tremplin"))
        _close_filled_offer(locked_offer, hired=app, now=now)


def _close_filled_offer(offer: Offer, *, hired: Application, now: datetime) -> None:
    """The last opening is taken: nobody else waits for an answer that will not come.

    Sent candidacies are refused with the reason « poste déjà pourvu » (the graduate reads that it
    is not about them); suggestions nobody acted on become obsolete.
    """
    waiting = (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer", "offer__employer", "graduate", "graduate__user")
        .filter(offer=offer, state__in=Application.PENDING)
        .exclude(pk=hired.pk)
    )
    sent = {Application.State.APPLIED, Application.State.INTERVIEW, Application.State.OFFER}
    for other in waiting:
        previous = other.state
        if previous in sent:
            other.state, other.refusal_reason, transition = (
                Application.State.REFUSED,
                Application.RefusalReason.FILLED,
                "refuse",
            )
        else:
            other.state, transition = Application.State.OBSOLETE, "mark_obsolete"
        other.moved_at = now
        other.save(update_fields=["state", "refusal_reason", "moved_at", "updated_at"])
        _log(other, transition=transition, from_state=previous, by=None, note=_("Poste pourvu"), at=now)
        notifications.application_moved(other, transition=transition, by=None, from_state=previous)


@dataclass
class HousekeepingReport:
    """What the periodic job found (``due``) and, on a wet run, what it did."""

    to_close: list[int] = field(default_factory=list)
    to_flag: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    flagged: list[int] = field(default_factory=list)


def applications_housekeeping(
    *, now: datetime | None = None, wet_run: bool = True, batch_size: int = 500
) -> HousekeepingReport:
    """Flag to officers what has not moved for 30 days; close what has not moved for 60, with notice.

    Safe to run twice: a closed candidacy is no longer pending, a flagged one keeps its
    ``stale_notified_at`` until it moves again. Candidacies someone is moving right now are skipped
    (locked rows) and picked up by the next run.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(days=settings.APPLICATION_STALE_DAYS)
    close_before = now - timedelta(days=settings.APPLICATION_CLOSE_DAYS)
    pending = Application.objects.filter(state__in=Application.PENDING)
    report = HousekeepingReport(
        to_close=list(pending.filter(moved_at__lte=close_before).order_by("pk").values_list("pk", flat=True)),
    )
    report.to_flag = list(
        pending.filter(moved_at__lte=stale_before, moved_at__gt=close_before, stale_notified_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not wet_run:
        return report
    note = _("Aucun mouvement depuis %(d)s jours") % {"d": settings.APPLICATION_CLOSE_DAYS}
    for start in range(0, len(report.to_close), batch_size):
        chunk = report.to_close[start : start + batch_size]
        with transaction.atomic():
            locked = Application.objects.select_for_update(skip_locked=True).filter(
                pk__in=chunk, state__in=Application.PENDING, moved_at__lte=close_before
            )
            for app in locked:
                application_transition(application=app, transition="close_stale", by=None, note=note, now=now)
                report.closed.append(app.pk)
    for start in range(0, len(report.to_flag), batch_size):
        chunk = report.to_flag[start : start + batch_size]
        with transaction.atomic():
            apps = list(
                Application.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(
                    pk__in=chunk,
                    state__in=Application.PENDING,
                    moved_at__lte=stale_before,
                    stale_notified_at__isnull=True,
                )
                .select_related("graduate", "offer", "offer__employer")
            )
            if apps:
                Application.objects.filter(pk__in=[a.pk for a in apps]).update(stale_notified_at=now)
                notifications.stale_applications(apps)
                report.flagged.extend(a.pk for a in apps)
    return report


def _set_interview(app, interview_at, interview_place: str, now) -> None:
    """An interview's time (required, not in the past) and place, on the candidacy."""
    if interview_at is None:
        raise ApplicationError(
            _("Indiquez la date et l'heure de l'entretien."), extra={"field": "interview_at"}
        )
    if interview_at < now - timedelta(days=1):
        raise ApplicationError(
            _("La date de l'entretien est passée : indiquez une date à venir."),
            extra={"field": "interview_at"},
        )
    app.interview_at = interview_at
    app.interview_place = interview_place.strip()[:250]
