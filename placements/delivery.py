"""How notifications reach people: one e-mail at once, or the daily digest (what they say: ``notifications``)."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.accounts.models import User

from .models import Notification, NotificationPreference, OutcomeCheck
from .notifications import ALWAYS_AT_ONCE, _link, preference_for


def _mint_form_links(notes: list[Notification]) -> None:
    """Give each outcome-form notification a fresh personal link for this e-mail (the previous link
    stops working); a check validated meanwhile gets none."""
    for note in notes:
        note.email_link = note.link
        if note.outcome_check_id is None:
            continue
        check = OutcomeCheck.objects.select_for_update().filter(pk=note.outcome_check_id).first()
        if check is None or check.is_frozen:
            note.email_link = ""
            continue
        token = check.new_form_token()
        check.save(update_fields=["form_token_hash", "form_sent_at", "updated_at"])
        note.email_link = _link("placements:outcome_form", token=token)


def _send(user: User, subject: str, notes: list[Notification]) -> None:
    """E-mail ``notes``; called inside the transaction that marks them sent."""
    _mint_form_links(notes)
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        body = render_to_string("placements/email/notifications.txt", {"user": user, "notes": notes})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_one(notification_id: int) -> bool:
    """Send one notification by e-mail unless it was sent already (the task may run twice)."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if note is None:
            return False
        _send(note.user, note.subject, [note])
        note.sent_at = timezone.now()
        note.save(update_fields=["sent_at"])
    return True


def send_daily_digests(*, wet_run: bool = True) -> int:
    """One e-mail per person with something unsent: everyone on the daily setting, and as a safety net
    anyone whose immediate e-mail was never sent (broker down). Returns the e-mails sent (or, on a dry
    run, that would be)."""
    sent = 0
    users = (
        User.objects.filter(
            is_active=True, notifications__sent_at__isnull=True, notifications__email_wanted=True
        )
        .select_related("notification_preference")
        .distinct()
        .order_by("pk")
    )
    for user in users:
        pref = preference_for(user)
        if pref.frequency == NotificationPreference.Frequency.NEVER:
            unsent = Notification.objects.filter(user=user, kind__in=ALWAYS_AT_ONCE)
        elif pref.frequency == NotificationPreference.Frequency.IMMEDIATE:
            # Only what the immediate task should have sent an hour ago at least.
            unsent = Notification.objects.filter(
                user=user, created_at__lt=timezone.now() - timedelta(hours=1)
            )
        else:
            unsent = Notification.objects.filter(user=user)
        unsent = unsent.filter(sent_at__isnull=True, email_wanted=True).exclude(kind__in=pref.muted_kinds)
        if not wet_run:
            sent += unsent.exists()
            continue
        with transaction.atomic():
            notes = list(unsent.select_for_update(skip_locked=True).order_by("created_at", "pk"))
            if not notes:
                continue
            if len(notes) == 1:
                subject = notes[0].subject
            else:
                subject = _("Tremplin : %(n)s nouveautés pour vous") % {"n": len(notes)}
            _send(user, subject, notes)
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(sent_at=timezone.now())
            sent += 1
    return sent
