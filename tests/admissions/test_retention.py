"""Personal data of admissions candidates (issues #10 and #15): an application that did not lead to an
enrolment, silent for 2 years, is warned by e-mail then anonymised 30 days later (``--wet-run``); the
candidate erases hers herself from her private page; an enrolled one's goes with her graduate erasure.
The funnel reads the same before and after each of them."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from admissions import funnel, retention, services
from admissions.models import Application, ApplicationTransition, SessionBooking
from backend.core.exceptions import ApplicationError
from backend.core.models import AuditLog
from graduates import privacy
from tests.factories.graduates import CohortFactory
from tests.factories.placements import PlacementFactory

from .conftest import submit

pytestmark = pytest.mark.django_db

# UTC: Python adds days to a Paris time on the wall clock, which is 23 or 25 hours across DST.
LAST = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
TWO_YEARS = LAST + timedelta(days=retention.RETENTION_DAYS)
# What names the erased candidates in any text column (names, e-mails, phone, motivation, the jury's words).
NEEDLES = (
    *("Benali-1", "Kowalczyk", "Benali-4", "Benali-5"),
    *("candidate1@", "candidate3@", "candidate4@", "candidate5@"),
    *("06 12 34 56 78", "réparer les ordinateurs", "Jury:"),
)


def age(application: Application, at: datetime) -> Application:
    """Move every clock of an application back to ``at`` (its row, its log, its booking, its audit trail)."""
    Application.objects.filter(pk=application.pk).update(created_at=at)
    ApplicationTransition.objects.filter(application=application).update(at=at)
    SessionBooking.objects.filter(application=application).update(booked_at=at)
    AuditLog.objects.filter(target_type="admissions.application", target_id=str(application.pk)).update(at=at)
    application.refresh_from_db()
    return application


def funnel_table() -> list[list]:
    return funnel._table(funnel.funnel_build())


def snapshot() -> dict[int, dict]:
    return {
        a.pk: {**model_to_dict(a), "token_hash": a.token_hash, "warned": a.retention_warned_at}
        for a in Application.objects.all()
    }


def text_columns_holding(needles) -> list[tuple[str, str]]:
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.EmailField) and not f.is_relation
        ]
        for needle in needles:
            query = Q()
            for name in fields:
                query |= Q(**{f"{name}__icontains": needle})
            if fields and model.objects.filter(query).exists():
                found.append((model._meta.label, needle))
    return found


@pytest.fixture
def region(officer, session):
    """Seven candidates who applied on 1 March 2024, from every end an application can have:
    refused after the session (jury notes, a booking), waitlisted, withdrawn, never came (still
    « envoyée »), admitted and never enrolled — all silent since — plus one refused whose last contact
    is a year later, and one enrolled (her data is her graduate record's)."""
    cohort = CohortFactory(
        track="web_mobile", training_start=date(2024, 4, 1), training_end=date(2024, 7, 31)
    )

    def applicant(i: int, **kw) -> Application:
        fields = {"first_name": "Zoubida", "last_name": f"Benali-{i}", "email": f"candidate{i}@example.fr"}
        return submit(**{**fields, **kw})[0]

    refused = applicant(1, gender="F", qpv_declared=True, birth_date=date(1998, 12, 30))
    services.session_book(application=refused, session=session)
    services.application_transition(application=refused, transition="attend", by=officer)
    services.application_assess(
        application=refused, by=officer, test_score=8, interview_score=9, note="Jury: timide mais motivée."
    )
    services.application_transition(
        application=refused, transition="refuse", by=officer, reason="Jury: revenez en mars avec un projet."
    )
    waitlisted = applicant(2, gender="M", qpv_declared=False, diploma_level="4")
    services.application_transition(application=waitlisted, transition="attend", by=officer)
    services.application_transition(
        application=waitlisted, transition="waitlist", by=officer, reason="Jury: une place peut se libérer."
    )
    withdrawn = applicant(3, last_name="Kowalczyk")
    services.application_transition(application=withdrawn, transition="withdraw", by=None)
    idle = applicant(4, birth_date=date(1990, 3, 1))
    admitted = applicant(5)
    services.application_transition(application=admitted, transition="attend", by=officer)
    services.application_transition(application=admitted, transition="admit", by=officer, reason="Bienvenue.")
    recent = applicant(6)
    services.application_transition(
        application=recent, transition="refuse", by=officer, reason="Jury: complet."
    )
    enrolled = applicant(7)
    services.application_transition(application=enrolled, transition="attend", by=officer)
    services.application_transition(application=enrolled, transition="admit", by=officer)
    graduate = services.application_enrol(
        application=Application.objects.get(pk=enrolled.pk), cohort=cohort, by=officer
    )
    PlacementFactory(graduate=graduate, contract_type="CDI")
    rows = {
        name: age(a, LAST)
        for name, a in {
            "refused": refused,
            "waitlisted": waitlisted,
            "withdrawn": withdrawn,
            "idle": idle,
            "admitted": admitted,
            "recent": recent,
            "enrolled": enrolled,
        }.items()
    }
    # The refused one of the same day was in touch a year later (a decision moved).
    ApplicationTransition.objects.filter(application=recent).update(at=LAST + timedelta(days=365))
    mail.outbox.clear()
    return rows


def test_silent_candidates_are_warned_after_two_years_then_anonymised_and_the_funnel_does_not_move(
    region, client, django_capture_on_commit_callbacks
):
    due = sorted(region[k].pk for k in ("refused", "waitlisted", "withdrawn", "idle", "admitted"))
    before, table = snapshot(), funnel_table()
    assert table[1][2:7] == [7, 4, 2, 1, 1]  # applied, attended, admitted, trained, employed

    # The day before the 2 years: nothing due.
    report = retention.application_retention_run(wet_run=True, now=TWO_YEARS - timedelta(days=1))
    assert (report.to_warn, report.to_erase, report.back) == ([], [], [])
    # Dry past the 2 years: says who, changes nothing, sends nothing.
    report = retention.application_retention_run(wet_run=False, now=TWO_YEARS + timedelta(hours=1))
    assert sorted(report.to_warn) == due and report.last_contact[due[0]] == LAST
    assert snapshot() == before and mail.outbox == []

    warned_at = TWO_YEARS + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.application_retention_run(wet_run=True, now=warned_at)
    assert sorted(report.to_warn) == due
    assert sorted(m.to[0] for m in mail.outbox) == sorted(Application.objects.get(pk=pk).email for pk in due)
    message = next(m for m in mail.outbox if m.to == [region["refused"].email])
    assert "30 jours" in message.subject and "01/03/2024" in message.body and message.reply_to
    # The warning carries a new private link; opening it is a contact, which withdraws the warning.
    link = message.body.split("/candidater/suivi/")[1].split("/")[0]
    waitlisted_link = next(m for m in mail.outbox if m.to == [region["waitlisted"].email])
    kept = waitlisted_link.body.split("/candidater/suivi/")[1].split("/")[0]
    assert client.get(reverse("admissions:follow", kwargs={"token": kept})).status_code == 200

    # Warned once; 29 days later nobody goes, and the one who opened her link is no longer warned.
    report = retention.application_retention_run(wet_run=True, now=warned_at + timedelta(days=29))
    assert (report.to_warn, report.to_erase) == ([], []) and len(mail.outbox) == len(due)
    assert report.back == [region["waitlisted"].pk]

    erased_day = warned_at + timedelta(days=30)
    report = retention.application_retention_run(wet_run=True, now=erased_day)
    assert report.back == []
    assert sorted(report.to_erase) == sorted(set(due) - {region["waitlisted"].pk})

    # Exactly the due ones are anonymised; the others are as they were.
    after = snapshot()
    for key in ("recent", "enrolled"):
        assert after[region[key].pk] == before[region[key].pk]
    assert after[region["waitlisted"].pk]["first_name"] == "Zoubida"
    for pk in report.to_erase:
        a = Application.objects.get(pk=pk)
        assert a.anonymised_at is not None and a.full_name == "Candidature effacée"
        assert (a.phone, a.motivation, a.assessment_note, a.commune, a.test_score) == ("", "", "", None, None)
        assert not a.is_open and a.email.endswith("@efface.invalid")
        assert not ApplicationTransition.objects.filter(application=a).exclude(reason="").exists()
    assert not SessionBooking.objects.filter(application=region["refused"]).exists()
    # The open ones were closed, by the job (logged, no one's name).
    lapse = ApplicationTransition.objects.get(application=region["idle"], transition="lapse")
    assert (lapse.from_state, lapse.to_state, lapse.actor) == ("submitted", "withdrawn", None)
    assert client.get(reverse("admissions:follow", kwargs={"token": link})).status_code == 404
    # The funnel by QPV, gender, age band (born 30 December 1998: 25 when she applied, still under 26)
    # and diploma level.
    assert funnel_table() == table
    # No text column of any table names the erased ones (once the kept ones' rows are set aside).
    kept_ones = [region[k].pk for k in ("waitlisted", "recent", "enrolled")]
    Application.objects.filter(pk__in=kept_ones).delete()
    assert text_columns_holding(NEEDLES) == []
    # And never again.
    report = retention.application_retention_run(wet_run=True, now=erased_day + timedelta(days=60))
    assert (report.to_warn, report.to_erase) == ([], [])


def test_the_command_is_dry_unless_wet_run(region):
    for a in region.values():
        age(a, timezone.now() - timedelta(days=retention.RETENTION_DAYS + 1))
    before = snapshot()
    out = StringIO()
    call_command("admissions_retention", stdout=out)
    assert "6 à prévenir" in out.getvalue() and "Rien n'a été modifié" in out.getvalue()
    assert "Zoubida Benali-1 (non retenue)" in out.getvalue()
    assert snapshot() == before and mail.outbox == []
    call_command("admissions_retention", "--wet-run", stdout=StringIO())
    assert Application.objects.filter(retention_warned_at__isnull=False).count() == 6


def test_the_candidate_erases_her_application_herself_and_the_funnel_keeps_its_counts(
    officer, session, client, django_capture_on_commit_callbacks
):
    application, token = submit()
    services.session_book(application=application, session=session)
    services.application_transition(application=application, transition="attend", by=officer)
    table = funnel_table()
    follow = reverse("admissions:follow", kwargs={"token": token})
    erase = reverse("admissions:follow_erase", kwargs={"token": token})
    assert "Effacer ma candidature" in client.get(follow).content.decode()

    # Without the box ticked, nothing happens.
    assert client.post(erase, {}).status_code == 302
    assert Application.objects.get(pk=application.pk).anonymised_at is None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(erase, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("admissions:erased")
    assert "Votre candidature est effacée" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["samia.benali@example.fr"] and "effacée" in message.subject

    a = Application.objects.get(pk=application.pk)
    assert a.anonymised_at is not None and a.state == "withdrawn" and a.commune is None
    withdraw = ApplicationTransition.objects.get(application=a, transition="withdraw")
    assert withdraw.actor is None
    assert not SessionBooking.objects.filter(application=a).exists()
    assert client.get(follow).status_code == 404 and client.post(erase, {"confirm": "on"}).status_code == 404
    assert funnel_table() == table
    assert text_columns_holding(("Benali", "samia.benali", "06 12 34 56 78", "réparer les ordinateurs")) == []


def test_only_the_school_or_the_candidate_erases_and_an_enrolled_one_is_pointed_to_her_profile(
    officer, trainer, client
):
    application, token = submit()
    with pytest.raises(ApplicationError) as exc:
        retention.application_erase(application=application, by=trainer, reason="request")
    assert exc.value.status_code == 403
    services.application_transition(application=application, transition="attend", by=officer)
    services.application_transition(application=application, transition="admit", by=officer)
    cohort = CohortFactory(track="web_mobile")
    services.application_enrol(
        application=Application.objects.get(pk=application.pk), cohort=cohort, by=officer
    )
    page = client.get(reverse("admissions:follow", kwargs={"token": token})).content.decode()
    assert "Effacer ma candidature" not in page
    client.post(reverse("admissions:follow_erase", kwargs={"token": token}), {"confirm": "on"})
    assert Application.objects.get(pk=application.pk).first_name == "Samia"
    assert (
        client.post(
            reverse("admissions:follow_erase", kwargs={"token": "devine"}), {"confirm": "on"}
        ).status_code
        == 404
    )


def test_an_enrolled_candidate_is_in_her_export_and_her_application_goes_with_her_erasure(officer):
    application, _token = submit()
    services.application_transition(application=application, transition="attend", by=officer)
    services.application_transition(application=application, transition="admit", by=officer)
    cohort = CohortFactory(
        track="web_mobile", training_start=date(2025, 9, 1), training_end=date(2026, 1, 30)
    )
    graduate = services.application_enrol(
        application=Application.objects.get(pk=application.pk), cohort=cohort, by=officer
    )
    PlacementFactory(graduate=graduate, contract_type="CDI")
    exported = privacy.sources()
    data = {s.name: s.export(graduate) for s in exported}["admissions"]
    assert data["motivation"].startswith("J'aime") and [h["transition"] for h in data["history"]] == [
        "confirm",
        "attend",
        "admit",
        "enrol",
    ]
    table = funnel_table()
    assert table[1][2:7] == [1, 1, 1, 1, 1]
    privacy.graduate_erase(graduate=graduate, by=officer, reason="request")
    a = Application.objects.get(pk=application.pk)
    assert a.anonymised_at is not None and a.state == "enrolled" and a.graduate_id == graduate.pk
    assert funnel_table() == table
    assert text_columns_holding(("Benali", "samia.benali", "06 12 34 56 78", "réparer les ordinateurs")) == []


def test_the_daily_schedule_runs_the_command_s_task():
    from django.conf import settings

    from admissions.management.commands.admissions_retention import Command
    from admissions.tasks import application_retention

    entry = settings.CELERY_BEAT_SCHEDULE["admissions.retention"]
    assert entry["task"] == Command.periodic_task == application_retention.name
    assert application_retention.apply(kwargs=entry["kwargs"]).get() == {
        "warned": 0,
        "erased": 0,
        "back": 0,
        "unconfirmed_deleted": 0,
    }
