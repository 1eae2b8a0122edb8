"""The day before: both sides of an interview are reminded once, through the existing notifications;
a moved interview is reminded again at its new time; the command is dry unless --wet-run."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from agenda.services import interview_reminders_send
from placements import services as placements_services
from placements.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(application, employer_user):
    return placements_services.application_transition(
        application=application,
        transition="schedule_interview",
        by=employer_user,
        interview_at=timezone.now() + timedelta(hours=20),
        interview_place="Lens, 12 rue Arago",
    )


def _reminders(user):
    return list(
        Notification.objects.filter(user=user, subject__startswith="Rappel").values_list("subject", flat=True)
    )


def test_both_sides_are_reminded_once_and_the_dry_run_sends_nothing(
    interview, graduate, employer_user, colleague_user
):
    dry = interview_reminders_send()
    assert dry.due == [interview.pk] and dry.sent == []
    assert _reminders(graduate.user) == []

    wet = interview_reminders_send(wet_run=True)
    assert wet.sent == [interview.pk]
    (subject,) = _reminders(graduate.user)
    assert subject.endswith("— « Développeur·se web (H/F) »")
    assert _reminders(employer_user)[0].startswith("Rappel : entretien avec Inès Dupont le ")
    assert len(_reminders(colleague_user)) == 1

    again = interview_reminders_send(wet_run=True)
    assert (again.due, again.sent) == ([], [])
    assert len(_reminders(graduate.user)) == 1


def test_a_moved_interview_is_reminded_at_its_new_time_and_a_far_one_not_yet(
    interview, graduate, employer_user
):
    interview_reminders_send(wet_run=True)
    placements_services.application_interview_reschedule(
        application=interview, by=employer_user, interview_at=timezone.now() + timedelta(hours=22)
    )
    assert interview_reminders_send(wet_run=True).sent == [interview.pk]
    assert len(_reminders(graduate.user)) == 2

    placements_services.application_interview_reschedule(
        application=interview, by=employer_user, interview_at=timezone.now() + timedelta(hours=30)
    )
    assert interview_reminders_send(wet_run=True).due == []


def test_the_command_reports_and_sends_only_with_wet_run(interview, graduate):
    out = io.StringIO()
    call_command("interview_reminders", stdout=out)
    assert "Entretiens à rappeler : 1" in out.getvalue()
    assert _reminders(graduate.user) == []
    call_command("interview_reminders", "--wet-run", stdout=out)
    assert "Rappels envoyés : 1" in out.getvalue()
    assert len(_reminders(graduate.user)) == 1
