"""Notifications: always in the app; by e-mail at once, in a daily digest, or never, per person and kind.

E-mails go through the real Celery task (eager in tests) to Django's test mail outbox.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from placements import delivery, notifications, services
from placements.models import Application, Notification, NotificationPreference
from tests.factories.placements import OutcomeCheckFactory

pytestmark = pytest.mark.django_db


def prefer(user, frequency, muted=()):
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "muted_kinds": list(muted)}
    )


def interview(app, by):
    return services.application_transition(
        application=app,
        transition="schedule_interview",
        by=by,
        interview_at=timezone.now() + timedelta(days=3),
        interview_place="Lens",
    )


def test_immediate_sends_one_email_per_event_after_commit(
    graduate, application, employer_user, django_capture_on_commit_callbacks
):
    prefer(graduate.user, "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        interview(application, employer_user)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ines@example.fr"]
    assert email.subject == f"Entretien planifié pour « {application.offer.title} »"
    assert "Entretien le " in email.body and "Lens" in email.body
    assert f"/candidatures/{application.pk}/" in email.body
    note = Notification.objects.get(user=graduate.user)
    assert note.kind == Notification.Kind.INTERVIEW and note.sent_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(
    graduate, application, employer_user, django_capture_on_commit_callbacks
):
    prefer(graduate.user, "immediate")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        interview(application, employer_user)
    assert len(callbacks) == 1  # queued for after the commit, not sent inside the transaction
    assert mail.outbox == []


def test_sending_the_same_notification_twice_sends_one_email(graduate):
    note = notifications.notify(user=graduate.user, kind="state_changed", subject="Sujet", body="Corps")
    assert delivery.send_one(note.pk) is True
    assert delivery.send_one(note.pk) is False
    assert len(mail.outbox) == 1


def test_the_daily_digest_gathers_everything_into_one_email(
    graduate, application, employer_user, django_capture_on_commit_callbacks
):
    # "daily" is the default: nobody chose anything.
    with django_capture_on_commit_callbacks(execute=True):
        interview(application, employer_user)
        services.application_transition(application=application, transition="make_offer", by=employer_user)
    assert mail.outbox == []
    assert Notification.objects.filter(user=graduate.user, sent_at__isnull=True).count() == 2

    assert delivery.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.subject == "Tremplin : 2 nouveautés pour vous"
    assert f"Entretien planifié pour « {application.offer.title} »" in digest.body
    assert "Bonne nouvelle : Hauts Numériques vous fait une proposition" in digest.body
    assert not Notification.objects.filter(user=graduate.user, sent_at__isnull=True).exists()

    assert delivery.send_daily_digests() == 0
    assert len(mail.outbox) == 1


def test_never_sends_nothing_but_keeps_the_notification_in_the_app(
    graduate, application, employer_user, django_capture_on_commit_callbacks
):
    prefer(graduate.user, "never")
    with django_capture_on_commit_callbacks(execute=True):
        interview(application, employer_user)
    delivery.send_daily_digests()
    assert mail.outbox == []
    note = Notification.objects.get(user=graduate.user)
    assert (note.email_wanted, note.sent_at) == (False, None)

    # Switching to the digest later does not bring back what was never meant to be e-mailed.
    prefer(graduate.user, "daily")
    assert delivery.send_daily_digests() == 0
    assert mail.outbox == []


def test_a_muted_kind_is_skipped_at_once_and_in_the_digest(
    graduate, application, employer_user, django_capture_on_commit_callbacks
):
    prefer(graduate.user, "immediate", muted=[Notification.Kind.INTERVIEW])
    with django_capture_on_commit_callbacks(execute=True):
        interview(application, employer_user)
        services.application_transition(application=application, transition="make_offer", by=employer_user)
    assert [m.subject for m in mail.outbox] == ["Bonne nouvelle : Hauts Numériques vous fait une proposition"]

    prefer(graduate.user, "daily", muted=[Notification.Kind.STATE_CHANGED])
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(application=application, transition="hire", by=employer_user)
    assert delivery.send_daily_digests() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=graduate.user).count() == 3


def test_the_outcome_form_goes_out_at_once_even_on_the_daily_setting(
    graduate, django_capture_on_commit_callbacks
):
    check = OutcomeCheckFactory(graduate=graduate)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.outcome_form_due(check)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Où en êtes-vous ? (1 minute)"
    # The personal link is in the e-mail only: the notification row never holds the token.
    body = mail.outbox[0].body
    marker = "/candidatures/suivi/reponse/"
    token = body[body.index(marker) + len(marker) :].split("/")[0]
    check.refresh_from_db()
    assert services.outcome_check_for_token(token) == check
    assert token not in Notification.objects.get(user=graduate.user).link
    assert token not in Notification.objects.get(user=graduate.user).body


def test_the_employer_hears_of_a_new_candidacy_and_not_of_their_own_moves(
    graduate, offer, employer_user, colleague_user
):
    app = services.application_start(graduate=graduate, offer=offer, by=graduate.user, message="Bonjour")
    new = Notification.objects.get(user=employer_user)
    assert new.kind == Notification.Kind.NEW_APPLICATION
    assert new.subject == f"Nouvelle candidature : {offer.title}"
    assert not Notification.objects.filter(user=colleague_user).exists()  # the offer's author hears of it

    services.application_transition(application=app, transition="withdraw", by=graduate.user)
    assert Notification.objects.filter(user=employer_user).count() == 2
    assert not Notification.objects.filter(user=graduate.user).exists()  # nobody tells you what you did


def test_the_refused_graduate_reads_the_kind_wording_not_the_reason_code(
    graduate, application, employer_user
):
    services.application_transition(
        application=application, transition="refuse", by=employer_user, refusal_reason="no_answer"
    )
    note = Notification.objects.get(user=graduate.user)
    assert note.body == Application.REFUSAL_FOR_GRADUATE[Application.RefusalReason.NO_ANSWER]
    assert "Vérifiez votre téléphone" in note.body


def test_the_digest_command_is_dry_unless_told_otherwise(graduate, capsys):
    notifications.notify(user=graduate.user, kind="state_changed", subject="Sujet", body="Corps")
    call_command("send_digests")
    assert "1 résumé(s) à envoyer" in capsys.readouterr().out
    assert mail.outbox == []
    call_command("send_digests", "--wet-run")
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------- the page


def test_the_page_lists_notifications_marks_them_read_and_saves_preferences(
    client_for, graduate, application, employer_user, other_graduate
):
    services.application_transition(application=application, transition="make_offer", by=employer_user)
    someone_else = notifications.notify(
        user=other_graduate.user, kind="state_changed", subject="Pas pour Inès", body="…"
    )
    client = client_for(graduate.user)
    url = reverse("placements:notifications")

    page = client.get(url)
    assert page.status_code == 200
    assert "Bonne nouvelle : Hauts Numériques vous fait une proposition" in page.content.decode()
    assert "Pas pour Inès" not in page.content.decode()

    assert client.post(url, {"action": "read", "id": someone_else.pk}).status_code == 404
    client.post(url, {"action": "read_all"})
    assert not Notification.objects.filter(user=graduate.user, read_at__isnull=True).exists()
    someone_else.refresh_from_db()
    assert someone_else.read_at is None

    saved = client.post(url, {"action": "preferences", "frequency": "never", "muted_kinds": ["interview"]})
    assert saved.status_code == 302
    pref = NotificationPreference.objects.get(user=graduate.user)
    assert (pref.frequency, pref.muted_kinds) == ("never", ["interview"])

    bad = client.post(url, {"action": "preferences", "frequency": "hourly"})
    assert bad.status_code == 400


def test_the_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("placements:notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
