"""Writes of admissions: an application, its moves, the selection grid, information sessions and
their bookings, the day-before reminders, and the enrolment of an admitted candidate in a cohort."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.contact import privacy_contact
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.services import full_clean
from backend.core.tokens import token_digest
from backend.geo.models import Commune
from graduates.models import Cohort, Graduate

from .eligibility import epci_label, is_eligible
from .ics import booking_calendar
from .models import Application, ApplicationTransition, InformationSession, SessionBooking


def follow_url(token: str) -> str:
    return settings.SITE_URL + reverse("admissions:follow", kwargs={"token": token})


def _who(by: User | None) -> str:
    """The role a mover plays in ``Application.TRANSITIONS``."""
    if by is None:
        return "candidate"
    if by.is_officer:
        return "officer"
    if by.is_trainer:
        return "trainer"
    return ""


def _require_staff(by: User | None, *, officer_only: bool = False) -> None:
    who = _who(by)
    if who == "officer" or (who == "trainer" and not officer_only):
        return
    if officer_only:
        raise ApplicationError(
            _("Seule l'équipe d'insertion de l'école décide des admissions."), status_code=403
        )
    raise ApplicationError(_("Réservé à l'équipe de l'école."), status_code=403)


# ---------------------------------------------------------------- applying


def _school_contact() -> str:
    return privacy_contact()


def _mail_on_commit(subject: str, body: str, recipient: str) -> None:
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
    )


def _ask_confirmation(application: Application, token: str, *, replaced: bool) -> None:
    deadline = date_format(timezone.localtime(application.confirm_before), "l j F Y")
    again = (
        _(
            "Ce lien remplace celui de l'e-mail précédent : votre candidature reprend ce que vous avez "
            "envoyé en dernier.\n\n"
        )
        if replaced
        else ""
    )
    body = _(
        "Bonjour %(name)s,\n\nVous venez d'envoyer une candidature à la formation de l'école du numérique de "
        "Lens. Pour la confirmer, ouvrez ce lien personnel (ne le partagez pas) et appuyez sur « Confirmer "
        "ma candidature » :\n%(link)s\n\n%(again)sSans confirmation d'ici le %(deadline)s, elle sera "
        "effacée. Ce n'est pas vous ? Ignorez ce message : rien ne sera gardé.\n\nL'équipe Tremplin"
    ) % {"name": application.first_name, "link": follow_url(token), "again": again, "deadline": deadline}
    _mail_on_commit(_("Confirmez votre candidature à l'école du numérique"), body, application.email)


def _tell_already_applied(application: Application, token: str) -> None:
    body = _(
        "Bonjour %(name)s,\n\nUne candidature à l'école du numérique vient d'être envoyée avec cette adresse, "
        "mais vous avez déjà une candidature en cours (« %(state)s », envoyée le %(day)s) : nous n'en créons "
        "pas une deuxième.\n\nVoici le lien de votre espace (il remplace l'ancien) :\n%(link)s\n\n"
        "Une candidature ne se modifie pas en ligne : pour changer une information (téléphone, commune, "
        "formation souhaitée, motivation…), écrivez à l'école (%(school)s) ou dites-le à la réunion "
        "d'information. Vous pouvez aussi retirer votre candidature depuis votre espace, puis en envoyer "
        "une nouvelle.\n\nCe n'est pas vous ? Ignorez ce message : votre candidature ne change pas.\n\n"
        "L'équipe Tremplin"
    ) % {
        "name": application.first_name,
        "state": application.get_state_display().lower(),
        "day": date_format(timezone.localtime(application.created_at), "j F Y"),
        "link": follow_url(token),
        "school": _school_contact(),
    }
    _mail_on_commit(_("Vous avez déjà une candidature en cours"), body, application.email)


def _submit_once(fields: dict) -> tuple[Application, str]:
    """One attempt, in its own transaction: the address's application in progress is reached (locked)
    instead of creating a second one; a concurrent insert for the same address makes the insert raise
    ``IntegrityError`` (the one-per-address index), and the caller tries once more."""
    with transaction.atomic():
        token = Application.new_token()
        current = (
            Application.objects.select_for_update()
            .filter(email__iexact=fields["email"], state__in=Application.ACTIVE_STATES)
            .first()
        )
        if current is not None and not current.is_pending:
            # Already confirmed and in progress: what was typed now is not stored (it may be a stranger's);
            # she gets a fresh link to her page by e-mail, to her address only.
            current.token_hash = token_digest(token)
            current.save(update_fields=["token_hash"])
            audit_log(actor=None, action="admission.submit_again", target=current)
            _tell_already_applied(current, token)
            return current, token
        if current is not None:
            # Not confirmed yet: the latest form is the one to confirm (a typo fixed, a second tap);
            # the earlier link stops working and the week to confirm starts again.
            for name, value in fields.items():
                setattr(current, name, value)
            current.token_hash, current.created_at = token_digest(token), timezone.now()
            current.save()
            audit_log(actor=None, action="admission.submit", target=current, replaced=True)
            _ask_confirmation(current, token, replaced=True)
            return current, token
        application = Application(token_hash=token_digest(token), **fields)
        application.save()
        audit_log(actor=None, action="admission.submit", target=application)
        _ask_confirmation(application, token, replaced=False)
        return application, token


def application_submit(
    *,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    birth_date: date,
    commune: Commune,
    diploma_level: str,
    track: str,
    motivation: str,
    gender: str = "",
    job_seeker: bool = False,
    rsa: bool = False,
    qpv_declared: bool = False,
    availability: str = Application.Availability.ANY,
) -> tuple[Application, str]:
    """Record an application from the public form, « à confirmer »; returns the application the e-mail
    is about with the private token it carries (never shown on a page: the e-mail proves the address).

    A commune outside the agglomeration is refused with the reason and nothing is stored. Otherwise one
    e-mail leaves once committed, and the page says the same in every case (no one learns whether an
    address applied): a new application → its confirmation link; the address's unconfirmed one → updated
    with this form and a new confirmation link; the address's confirmed one in progress → nothing new is
    stored, « vous avez déjà une candidature en cours » with a fresh link to it.
    """
    if not is_eligible(commune.insee):
        raise ApplicationError(
            _(
                "La formation est réservée aux habitant·es des 36 communes de la %(epci)s, et %(c)s n'en fait "
                "pas partie. Si vous déménagez dans l'agglomération, vous pourrez candidater ; sinon, la "
                "Grande École du Numérique liste d'autres formations gratuites près de chez vous."
            )
            % {"epci": epci_label(), "c": commune.name},
            extra={"field": "commune", "outside": True, "insee": commune.insee},
        )
    today = timezone.localdate()
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    if not 16 <= age <= 99:
        raise ApplicationError(
            _("Vérifiez votre date de naissance : la formation est ouverte à partir de 16 ans."),
            extra={"field": "birth_date"},
        )
    fields = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": email.strip().lower(),
        "phone": phone.strip(),
        "birth_date": birth_date,
        "gender": gender,
        "commune": commune,
        "job_seeker": job_seeker,
        "rsa": rsa,
        "qpv_declared": qpv_declared,
        "diploma_level": diploma_level,
        "track": track,
        "motivation": motivation.strip(),
        "availability": availability,
    }
    probe = Application(**fields)
    try:
        # Fields only: checking the one-per-address constraint here would say on the page that the
        # address has applied (the e-mail says it, to its owner only).
        probe.clean_fields(exclude=["token_hash"])
        probe.clean()
    except ValidationError as exc:
        messages = exc.message_dict
        raise ApplicationError(next(iter(messages.values()))[0], extra={"fields": messages}) from None
    try:
        return _submit_once(fields)
    except IntegrityError as exc:
        if "admission_one_active_per_email" not in str(exc):
            raise
    # Another request for the same address inserted first and committed: reach that one.
    return _submit_once(fields)


def application_confirm(*, application: Application) -> Application:
    """The candidate opened the link of her e-mail and confirmed: her address is hers, the application
    is « envoyée » (logged ``confirm``), counted and shown to the school, and she may book a seat."""
    if application.is_pending and timezone.now() >= application.confirm_before:
        raise ConflictError(
            _(
                "Le délai pour confirmer cette candidature est dépassé : elle va être effacée. "
                "Envoyez de nouveau le formulaire, puis confirmez avec le lien de l'e-mail reçu."
            ),
            extra={"expired": True},
        )
    return application_transition(application=application, transition="confirm", by=None)


def application_link_resend(*, email: str) -> int:
    """A candidate who lost her private link types her e-mail: each application of that address gets a
    new link (the old one stops working), e-mailed to that address only — for one still to confirm, the
    link to confirm it. Returns how many were sent; the page says the same whatever the number, so it
    tells no one whether an address applied."""
    email = (email or "").strip().lower()
    sent = 0
    with transaction.atomic():
        # Closed ones too (not enrolled, not erased): she may want to read the decision or erase her data.
        for application in (
            Application.objects.select_for_update()
            .filter(email__iexact=email, anonymised_at__isnull=True)
            .exclude(state=Application.State.ENROLLED)
        ):
            token = Application.new_token()
            application.token_hash = token_digest(token)
            application.save(update_fields=["token_hash"])
            audit_log(actor=None, action="admission.link_resend", target=application)
            if application.is_pending:
                _ask_confirmation(application, token, replaced=True)
                sent += 1
                continue
            body = _(
                "Bonjour %(name)s,\n\nVoici le nouveau lien personnel de votre candidature à l'école du numérique "
                "(l'ancien ne fonctionne plus) :\n%(link)s\n\nSi vous n'avez rien demandé, ignorez ce message.\n\n"
                "L'équipe Tremplin"
            ) % {"name": application.first_name, "link": follow_url(token)}
            _mail_on_commit(_("Le lien de votre candidature"), body, email)
            sent += 1
    return sent


def application_by_token(*, token: str) -> Application | None:
    if not token or len(token) > 100:
        return None
    return (
        Application.objects.select_related("commune", "booking__session")
        .filter(token_hash=token_digest(token))
        .first()
    )


SEEN_EVERY = timedelta(days=1)


def application_seen(*, application: Application) -> None:
    """The candidate opened her private page: a contact, for the retention clock (written once a day)."""
    now = timezone.now()
    if application.seen_at is None or application.seen_at <= now - SEEN_EVERY:
        Application.objects.filter(pk=application.pk).update(seen_at=now)
        application.seen_at = now


def application_transition(
    *, application: Application, transition: str, by: User | None, reason: str = "", system: bool = False
) -> Application:
    """Make the move named ``transition`` (a key of ``Application.TRANSITIONS``), logged in the same
    transaction.

    ``by`` is None when the candidate herself moves it through her private link, or, with ``system``,
    when the retention job closes it. A waiting list or a refusal carries a message the candidate reads.
    """
    move = Application.TRANSITIONS.get(transition)
    if move is None:
        raise ApplicationError(_("Étape inconnue."), extra={"transition": transition})
    who = "system" if system and by is None else _who(by)
    if not move.open_to(who):
        raise ApplicationError(_("Vous ne pouvez pas faire cette étape de la candidature."), status_code=403)
    reason = (reason or "").strip()
    needs_reason = transition in Application.REASON_REQUIRED
    if needs_reason and not reason:
        raise ApplicationError(
            _("Écrivez à la personne un message qui explique la décision et ce qu'elle peut faire ensuite."),
            extra={"field": "reason"},
        )
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not move.starts_from(locked.state):
            raise ConflictError(
                _("Cette candidature est à l'étape « %(s)s » : cette décision n'est plus possible.")
                % {"s": locked.get_state_display().lower()},
                extra={"state": locked.state},
            )
        before = locked.state
        locked.state = move.target
        if needs_reason or move.target == Application.State.ADMITTED:
            locked.decision_reason = reason
        locked.save(update_fields=["state", "decision_reason"])
        ApplicationTransition.objects.create(
            application=locked,
            transition=transition,
            from_state=before,
            to_state=locked.state,
            actor=by,
            reason=reason,
        )
        if move.target == Application.State.WITHDRAWN and hasattr(locked, "booking"):
            locked.booking.delete()
    if move.target in (
        Application.State.ADMITTED,
        Application.State.WAITLISTED,
        Application.State.NOT_ADMITTED,
    ):
        _tell_decision(locked)
    return locked


def _tell_decision(application: Application) -> None:
    body = _(
        "Bonjour %(name)s,\n\nLa décision sur votre candidature à l'école du numérique est prise. "
        "Vous la trouverez, avec notre message, sur votre page de suivi : le lien personnel de l'e-mail "
        "qui a confirmé votre candidature (perdu ? demandez-en un nouveau ici : %(resend)s).\n\nL'équipe Tremplin"
    ) % {"name": application.first_name, "resend": settings.SITE_URL + reverse("admissions:link_resend")}
    recipient = application.email
    transaction.on_commit(
        lambda: send_mail(
            _("Votre candidature : la décision est prise"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient],
            fail_silently=False,
        )
    )


def application_assess(
    *,
    application: Application,
    by: User,
    test_score: int | None,
    interview_score: int | None,
    note: str = "",
    qpv_checked: bool | None = None,
) -> Application:
    """Record the selection grid (officers and trainers); the QPV check is the officers' only."""
    _require_staff(by)
    for value in (test_score, interview_score):
        if value is not None and not 0 <= value <= 20:
            raise ApplicationError(_("Les notes vont de 0 à 20."), extra={"field": "test_score"})
    if not application.is_open:
        raise ConflictError(_("Cette candidature est close : la grille ne change plus."))
    application.test_score, application.interview_score = test_score, interview_score
    application.assessment_note = (note or "").strip()
    fields = ["test_score", "interview_score", "assessment_note"]
    if by.is_officer and qpv_checked is not None:
        application.qpv_checked = qpv_checked
        fields.append("qpv_checked")
    with transaction.atomic():
        application.save(update_fields=fields)
        audit_log(actor=by, action="admission.assess", target=application)
    return application


def _entry_situation(application: Application) -> str:
    if application.job_seeker or application.rsa:
        return Graduate.EntrySituation.JOBSEEKER
    if application.age_on(timezone.localdate()) < 26:
        return Graduate.EntrySituation.NEET
    return Graduate.EntrySituation.INACTIVE


def application_enrol(*, application: Application, cohort: Cohort, by: User) -> Graduate:
    """An admitted candidate becomes a learner of ``cohort``, her entry characteristics filled from the
    application (QPV as the school checked it; declared only while unchecked)."""
    _require_staff(by, officer_only=True)
    if cohort.track != application.track:
        raise ApplicationError(
            _("Cette promotion prépare un autre métier que celui choisi par la personne."),
            extra={"field": "cohort"},
        )
    if Graduate.objects.filter(email__iexact=application.email).exists():
        raise ConflictError(
            _(
                "Une personne de la plateforme a déjà cette adresse e-mail : vérifiez qu'il ne s'agit pas d'elle."
            ),
            extra={"field": "cohort"},
        )
    graduate = Graduate(
        cohort=cohort,
        first_name=application.first_name,
        last_name=application.last_name,
        email=application.email,
        birth_date=application.birth_date,
        gender=application.gender,
        diploma_level=application.diploma_level,
        entry_situation=_entry_situation(application),
        qpv_resident=application.qpv_checked
        if application.qpv_checked is not None
        else application.qpv_declared,
        commune=application.commune,
    )
    full_clean(graduate, exclude=["user"])
    with transaction.atomic():
        graduate.save()
        application.graduate, application.cohort = graduate, cohort
        application.save(update_fields=["graduate", "cohort"])
        application_transition(application=application, transition="enrol", by=by)
        audit_log(actor=by, action="admission.enrol", target=application, graduate_id=graduate.pk)
    return graduate


# ---------------------------------------------------------------- information sessions


def session_create(
    *, by: User, starts_at: datetime, ends_at: datetime, place: str, seats: int
) -> InformationSession:
    _require_staff(by, officer_only=True)
    if ends_at <= starts_at:
        raise ApplicationError(_("La réunion doit finir après son début."), extra={"field": "ends_at"})
    if starts_at < timezone.now():
        raise ApplicationError(
            _("La date est passée : indiquez une date à venir."), extra={"field": "starts_at"}
        )
    if not place.strip():
        raise ApplicationError(_("Indiquez le lieu de la réunion."), extra={"field": "place"})
    if not 1 <= seats <= 200:
        raise ApplicationError(_("Entre 1 et 200 places."), extra={"field": "seats"})
    session = InformationSession(
        starts_at=starts_at, ends_at=ends_at, place=place.strip(), seats=seats, created_by=by
    )
    full_clean(session)
    with transaction.atomic():
        session.save()
        audit_log(actor=by, action="admission.session_create", target=session)
    return session


def session_book(
    *, application: Application, session: InformationSession, by: User | None = None
) -> SessionBooking:
    """Book a seat at ``session`` for the candidate, or move her booking there: from her private link
    (``by`` None), or by an officer for someone who called the school (``by``), under the same rules —
    a confirmed application before the sessions' step, a session to come with a seat left, one booking
    per application. An officer's booking mails her the invitation (.ics) once the booking commits.

    The session row is locked while seats are counted: of two people taking the last seat at once,
    the second is told it is full and keeps what she had.
    """
    for_her = by is not None
    if for_her:
        _require_staff(by, officer_only=True)
    now = timezone.now()
    if application.is_pending:
        raise ConflictError(
            _(
                "La personne n'a pas encore confirmé sa candidature avec le lien de son e-mail : elle ne peut "
                "pas réserver avant (renvoyez-lui le lien si elle ne le retrouve pas)."
            )
            if for_her
            else _(
                "Confirmez d'abord votre candidature avec le lien de l'e-mail reçu : vous pourrez ensuite réserver."
            )
        )
    if application.state != Application.State.SUBMITTED:
        raise ConflictError(
            _("Cette candidature a passé l'étape des réunions d'information (« %(s)s »).")
            % {"s": application.get_state_display().lower()}
            if for_her
            else _("Votre candidature a passé l'étape des réunions d'information.")
        )
    with transaction.atomic():
        locked = InformationSession.objects.select_for_update().get(pk=session.pk)
        if locked.starts_at <= now:
            raise ApplicationError(_("Cette réunion est passée : choisissez-en une autre."))
        current = SessionBooking.objects.select_for_update().filter(application=application).first()
        if current is not None and current.session_id == locked.pk:
            return current
        if locked.bookings.count() >= locked.seats:
            raise ConflictError(_("Cette réunion est complète : choisissez-en une autre."))
        if current is None:
            booking = SessionBooking.objects.create(application=application, session=locked, booked_at=now)
        else:
            current.session, current.booked_at, current.reminded_at = locked, now, None
            current.sequence += 1
            current.save(update_fields=["session", "booked_at", "reminded_at", "sequence"])
            booking = current
        audit_log(
            actor=by,
            action="admission.session_book",
            target=application,
            session_id=locked.pk,
            for_her=for_her,
        )
        if for_her:
            _mail_invitation(booking)
    return booking


def _mail_invitation(booking: SessionBooking) -> None:
    """The booking an officer made, e-mailed to the candidate with its .ics (its UID and SEQUENCE are the
    ones her private page serves, so a calendar that has it replaces it). Her private link is kept only as
    a hash: the mail points to the page that sends it again."""
    application, session = booking.application, booking.session
    resend = settings.SITE_URL + reverse("admissions:link_resend")
    when = timezone.localtime(session.starts_at)
    body = _(
        "Bonjour %(name)s,\n\nComme convenu avec l'école, votre place est réservée à la réunion "
        "d'information de l'école du numérique :\n%(d)s, de %(h)s à %(e)s\n%(p)s\n\nL'invitation est jointe "
        "à cet e-mail (fichier .ics) : ouvrez-la pour l'ajouter à votre agenda. Pensez à une pièce "
        "d'identité ; nous vous la rappelons la veille.\n\nUn empêchement ? Choisissez une autre réunion "
        "depuis votre page de suivi, avec le lien personnel de l'e-mail qui a confirmé votre candidature "
        "(perdu ? demandez-en un nouveau ici : %(resend)s), ou appelez l'école.\n\nL'équipe Tremplin"
    ) % {
        "name": application.first_name,
        "d": date_format(when, "l j F Y"),
        "h": date_format(when, "H:i"),
        "e": date_format(timezone.localtime(session.ends_at), "H:i"),
        "p": session.place,
        "resend": resend,
    }
    message = EmailMessage(
        _("Votre réunion d'information le %(d)s à %(h)s")
        % {"d": date_format(when, "j F"), "h": date_format(when, "H:i")},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [application.email],
    )
    message.attach("reunion-information.ics", booking_calendar(booking, url=resend), "text/calendar")
    transaction.on_commit(lambda: message.send(fail_silently=False))


def seats_left(session: InformationSession) -> int:
    taken = getattr(session, "taken", None)
    if taken is None:
        taken = session.bookings.count()
    return max(0, session.seats - taken)


# ---------------------------------------------------------------- reminders

REMINDER_AHEAD = timedelta(hours=24)


@dataclass
class ReminderReport:
    """Bookings of sessions in the next 24 hours not yet reminded (``due``), and those reminded."""

    due: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)


def _remind(booking: SessionBooking) -> None:
    when = timezone.localtime(booking.session.starts_at)
    body = _(
        "Bonjour %(name)s,\n\nNous vous attendons demain, %(d)s à %(h)s, à la réunion d'information de "
        "l'école du numérique :\n%(p)s\n\nPensez à une pièce d'identité. Un empêchement ? Choisissez une "
        "autre réunion avec le lien de votre e-mail de candidature.\n\nL'équipe Tremplin"
    ) % {
        "name": booking.application.first_name,
        "d": date_format(when, "l j F"),
        "h": date_format(when, "H:i"),
        "p": booking.session.place,
    }
    send_mail(
        _("Rappel : réunion d'information demain à %(h)s") % {"h": date_format(when, "H:i")},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [booking.application.email],
        fail_silently=False,
    )


def session_reminders_send(
    *, now: datetime | None = None, wet_run: bool = False, batch_size: int = 200
) -> ReminderReport:
    """E-mail every candidate booked at a session starting within 24 hours, once per booking and session.

    Safe to run twice: ``reminded_at`` is set in the same transaction (moving the booking clears it);
    rows someone is changing right now are skipped and picked up next run.
    """
    now = now or timezone.now()
    due = SessionBooking.objects.filter(
        reminded_at__isnull=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_AHEAD,
        application__state=Application.State.SUBMITTED,
    ).order_by("session__starts_at", "pk")
    report = ReminderReport(due=list(due.values_list("pk", flat=True)))
    if not wet_run:
        return report
    for start in range(0, len(report.due), batch_size):
        chunk = report.due[start : start + batch_size]
        with transaction.atomic():
            rows = (
                SessionBooking.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("session", "application")
                .filter(pk__in=chunk, reminded_at__isnull=True, session__starts_at__gt=now)
            )
            for booking in rows:
                booking.reminded_at = now
                booking.save(update_fields=["reminded_at"])
                _remind(booking)
                report.sent.append(booking.pk)
    return report
