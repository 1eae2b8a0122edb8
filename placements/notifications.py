"""What Tremplin tells people about applications and follow-ups (how it reaches them: ``delivery``).

Each event becomes :class:`Notification` rows (visible in the app at once). E-mail follows each
person's :class:`NotificationPreference`: *immediate* sends one e-mail per notification through the
Celery ``default`` queue once the transaction commits; *daily* (the default) gathers everything
unsent into one digest at 7 a.m.; *never* sends nothing. A kind can be muted. Outcome forms are the
exception: the link is the form, so it goes out at once unless the person muted that kind; an
internship agreement's turn to sign goes out at once too, unless the person chose *never* or muted it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core import events

from .models import Application, Notification, NotificationPreference

ALWAYS_AT_ONCE = {Notification.Kind.OUTCOME_FORM}
# Sent at once even on the daily setting (two other parties wait for it), but never to someone who
# chose no e-mail: the turn to sign an internship agreement, and its completion.
AT_ONCE_UNLESS_NEVER = {Notification.Kind.SIGNATURE}


def preference_for(user: User) -> NotificationPreference:
    pref = getattr(user, "notification_preference", None)
    if pref is None:
        pref, _created = NotificationPreference.objects.get_or_create(user=user)
    return pref


def wants_email(pref: NotificationPreference, kind: str) -> bool:
    if kind in pref.muted_kinds:
        return False
    return kind in ALWAYS_AT_ONCE or pref.frequency != NotificationPreference.Frequency.NEVER


def sends_at_once(pref: NotificationPreference, kind: str) -> bool:
    return wants_email(pref, kind) and (
        kind in ALWAYS_AT_ONCE
        or kind in AT_ONCE_UNLESS_NEVER
        or pref.frequency == NotificationPreference.Frequency.IMMEDIATE
    )


def notify(
    *, user: User | None, kind: str, subject: str, body: str, link: str = "", outcome_check=None
) -> Notification | None:
    """Record one notification for ``user`` and, per their preference, e-mail it after the commit."""
    if user is None or not user.is_active:
        return None
    pref = preference_for(user)
    note = Notification.objects.create(
        user=user,
        kind=kind,
        subject=subject[:200],
        body=body,
        link=link,
        outcome_check=outcome_check,
        email_wanted=wants_email(pref, kind),
    )
    if sends_at_once(pref, kind):
        # placements.apps enqueues the e-mail once the transaction commits (delivery.send_one).
        events.publish("notification.ready", notification_id=note.pk)
    return note


def _employer_users(application: Application) -> list[User]:
    """Who hears about an offer's candidacies: its author if still at the company, else every contact."""
    offer = application.offer
    if offer.employer_id is None:  # a territory offer: no employer account to tell
        return []
    users = [c.user for c in offer.employer.contacts.select_related("user") if c.user and c.user.is_active]
    author = [u for u in users if u.pk == offer.created_by_id]
    return author or users


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def application_started(app: Application) -> None:
    link = _link("placements:application_detail", pk=app.pk)
    if app.state == Application.State.APPLIED:
        for user in _employer_users(app):
            notify(
                user=user,
                kind=Notification.Kind.NEW_APPLICATION,
                subject=_("Nouvelle candidature : %(o)s") % {"o": app.offer.title},
                body=_("%(g)s a candidaté à votre offre « %(o)s ».")
                % {"g": app.graduate.full_name, "o": app.offer.title},
                link=link,
            )
        if app.origin == Application.Origin.OFFICER:
            notify(
                user=app.graduate.user,
                kind=Notification.Kind.STATE_CHANGED,
                subject=_("L'école a transmis votre profil"),
                body=_("Votre profil a été proposé à %(e)s pour « %(o)s ».")
                % {"e": app.offer.employer_label, "o": app.offer.title},
                link=link,
            )
    elif app.origin == Application.Origin.EMPLOYER:
        notify(
            user=app.graduate.user,
            kind=Notification.Kind.NEW_APPLICATION,
            subject=_("%(e)s vous invite à postuler") % {"e": app.offer.employer_label},
            body=_("%(e)s a vu votre profil et vous invite à postuler à « %(o)s ». Répondez depuis Tremplin.")
            % {"e": app.offer.employer_label, "o": app.offer.title},
            link=link,
        )


_FOR_GRADUATE = {
    "schedule_interview": _("Entretien planifié pour « %(o)s »"),
    "reschedule_interview": _("Entretien déplacé pour « %(o)s »"),
    "cancel_interview": _("Entretien annulé pour « %(o)s »"),
    "make_offer": _("Bonne nouvelle : %(e)s vous fait une proposition"),
    "hire": _("Félicitations : embauche chez %(e)s"),
    "refuse": _("Réponse de %(e)s"),
    "close_stale": _("Candidature « %(o)s » close faute de nouvelles"),
}
_FOR_EMPLOYER = {
    "apply": _("Nouvelle candidature : %(o)s"),
    "withdraw": _("Candidature retirée : %(o)s"),
    "cancel_interview": _("Entretien annulé : %(g)s — %(o)s"),
    "mark_obsolete": _("%(g)s a été embauché·e ailleurs : candidature « %(o)s » close"),
    "close_stale": _("Candidature close faute de nouvelles : %(o)s"),
}
# States in which the employer knows of the candidacy (a graduate's mere interest is not news to them).
_SEEN_BY_EMPLOYER = {
    Application.State.APPLIED,
    Application.State.INTERVIEW,
    Application.State.OFFER,
}


def application_moved(app: Application, *, transition: str, by: User | None, from_state: str = "") -> None:
    link = _link("placements:application_detail", pk=app.pk)
    names = {"o": app.offer.title, "e": app.offer.employer_label, "g": app.graduate.full_name}
    if transition in _FOR_GRADUATE and (by is None or by.pk != app.graduate.user_id):
        if transition == "refuse":
            body = app.refusal_for_graduate
        elif transition in ("schedule_interview", "reschedule_interview"):
            when = timezone.localtime(app.interview_at)
            body = _("Entretien le %(d)s à %(h)s. %(p)s") % {
                "d": date_format(when, "l j F Y"),
                "h": date_format(when, "H:i"),
                "p": app.interview_place,
            }
        elif transition == "cancel_interview":
            body = _cancelled_body(app)
        else:
            body = app.status_for_graduate
        notify(
            user=app.graduate.user,
            kind=Notification.Kind.INTERVIEW
            if transition in ("schedule_interview", "reschedule_interview", "cancel_interview")
            else Notification.Kind.STATE_CHANGED,
            subject=_FOR_GRADUATE[transition] % names,
            body=body,
            link=link,
        )
    employer_knows = from_state in _SEEN_BY_EMPLOYER or app.origin == Application.Origin.EMPLOYER
    if transition in _FOR_EMPLOYER and (transition == "apply" or employer_knows):
        for user in _employer_users(app):
            if by is not None and user.pk == by.pk:
                continue
            notify(
                user=user,
                kind=Notification.Kind.NEW_APPLICATION
                if transition == "apply"
                else Notification.Kind.INTERVIEW
                if transition == "cancel_interview"
                else Notification.Kind.STATE_CHANGED,
                subject=_FOR_EMPLOYER[transition] % names,
                body=_cancelled_body(app)
                if transition == "cancel_interview"
                else _("%(g)s — « %(o)s »") % names,
                link=link,
            )


def _cancelled_body(app: Application) -> str:
    when = timezone.localtime(app.interview_at)
    return _(
        "L'entretien du %(d)s à %(h)s avec %(g)s pour « %(o)s » est annulé. La candidature reste ouverte."
    ) % {
        "d": date_format(when, "l j F Y"),
        "h": date_format(when, "H:i"),
        "g": app.graduate.full_name,
        "o": app.offer.title,
    }


def stale_applications(apps: list[Application]) -> None:
    """One notification per officer, listing what stopped moving: not one e-mail per candidacy."""
    lines = [
        f"- {a.graduate.full_name} → {a.offer.title} ({a.offer.employer_label}) : {a.get_state_display()}"
        for a in apps
    ]
    body = _("Ces candidatures n'ont pas bougé depuis %(d)s jours :") % {"d": settings.APPLICATION_STALE_DAYS}
    for officer in User.objects.filter(role__in=[User.Role.OFFICER], is_active=True):
        notify(
            user=officer,
            kind=Notification.Kind.STALE,
            subject=_("%(n)s candidature(s) sans mouvement") % {"n": len(apps)},
            body=body + "\n" + "\n".join(lines),
            link=_link("placements:board") + "?stale=1",
        )


def placement_declared(placement) -> None:
    """Officers confirm declared jobs; the employer named on it may confirm too, as proof."""
    recipients = list(User.objects.filter(role=User.Role.OFFICER, is_active=True))
    if placement.employer_id:
        recipients += [
            c.user for c in placement.employer.contacts.select_related("user") if c.user and c.user.is_active
        ]
    for recipient in recipients:
        notify(
            user=recipient,
            kind=Notification.Kind.STATE_CHANGED,
            subject=_("Emploi déclaré à confirmer : %(g)s") % {"g": placement.graduate.full_name},
            body=_("%(g)s déclare : %(e)s (%(c)s), depuis le %(d)s.")
            % {
                "g": placement.graduate.full_name,
                "e": placement.employer_name,
                "c": placement.get_contract_type_display(),
                "d": date_format(placement.start_date, "j F Y"),
            },
            link=_link("placements:placement_confirm", pk=placement.pk),
        )


def placement_reviewed(placement, *, by: User, note: str = "") -> None:
    """The graduate learns whether the job they declared was confirmed."""
    confirmed = placement.status == placement.Status.CONFIRMED
    subject = (
        _("Votre emploi chez %(e)s est confirmé")
        if confirmed
        else _("Votre déclaration (%(e)s) n'a pas été confirmée")
    ) % {"e": placement.employer_name}
    body = (
        _("Merci de nous avoir tenus au courant : bonne continuation !")
        if confirmed
        else _(
            "L'école n'a pas pu confirmer cet emploi. Contactez votre chargé·e d'insertion pour en parler."
        )
    )
    if note.strip():
        body += "\n" + note.strip()
    notify(
        user=placement.graduate.user,
        kind=Notification.Kind.STATE_CHANGED,
        subject=subject,
        body=body,
        link=_link("placements:mine"),
    )


def outcome_form_due(check) -> None:
    """Ask the graduate where they stand. The personal link is minted by :func:`_send`, so that only
    its hash is ever stored; the notice in the app says to look for the e-mail."""
    notify(
        user=check.graduate.user,
        kind=Notification.Kind.OUTCOME_FORM,
        subject=_("Où en êtes-vous ? (1 minute)"),
        body=_(
            "Bonjour %(p)s, l'école aimerait savoir où vous en êtes (%(m)s). Une seule question, sans "
            "connexion : répondez avec le lien personnel reçu par e-mail."
        )
        % {"p": check.graduate.first_name, "m": check.get_milestone_display().lower()},
        outcome_check=check,
    )
