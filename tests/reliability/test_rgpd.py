"""Personal data (RGPD / CNIL): erasure removes the person everywhere and leaves the funder report's
figures identical; no delete path changes a validated outcome; retention warns, then anonymises.
"""

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.db.models import ProtectedError, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from backend.accounts.models import Invitation, User
from graduates import privacy, retention, services
from graduates.models import Graduate
from matching.models import MatchScore, SuggestionFeedback
from placements import reports
from placements.models import Application, ApplicationTransition, Notification, OutcomeCheck, Placement
from placements.reports.exports import funder_csv
from tests.factories import PASSWORD, ContactFactory, UserFactory
from tests.factories.placements import ApplicationFactory
from tests.graduates.conftest import make_pdf
from tests.placements.test_reports import LATER, build_funder_cohort

pytestmark = pytest.mark.django_db


def report_figures(cohort) -> tuple:
    """Every figure the funders read, for the cohort and for its year: the dataclasses and the CSV."""
    by_cohort = reports.funder_report_for_cohort(cohort=cohort, today=LATER)
    by_year = reports.funder_report_for_year(year=cohort.training_end.year, today=LATER)
    return asdict(by_cohort), asdict(by_year), funder_csv(by_cohort), funder_csv(by_year)


def give_a_life(graduate: Graduate, offer_employer_user) -> None:
    """An account, an API token, a candidacy with a message and a note, notifications both ways."""
    user = UserFactory(
        role=User.Role.GRADUATE, email=f"{graduate.first_name.lower()}.vie@example.fr", first_name="X"
    )
    graduate.user = user
    graduate.email = user.email
    graduate.save()
    Token.objects.create(user=user)
    application = ApplicationFactory(graduate=graduate, message=f"Bonjour, ici {graduate.full_name}.")
    ApplicationTransition.objects.create(
        application=application, transition="note", to_state=application.state, note="Très motivée, relancer"
    )
    Notification.objects.create(
        user=user, kind="state_changed", subject="Pour vous", body="Votre candidature"
    )
    Notification.objects.create(
        user=offer_employer_user,
        kind="new_application",
        subject=f"Candidature de {graduate.full_name}",
        body=f"{graduate.full_name} a candidaté.",
    )
    MatchScore.objects.create(offer=application.offer, graduate=graduate, model_version="v1", score=0.7)
    SuggestionFeedback.objects.create(graduate=graduate, offer=application.offer, kind="interested")


def test_erasing_each_graduate_in_turn_leaves_every_funder_figure_identical(officer, employer_user):
    """The ten people of the hand-checked report cohort, erased one after the other (two of them turn
    26 around the end of training, so a birth date rounded to 1 January would move their age band)."""
    cohort = build_funder_cohort()
    graduates = list(Graduate.objects.filter(cohort=cohort).order_by("pk"))
    for g in graduates[:3]:
        give_a_life(g, employer_user)
    before = report_figures(cohort)
    assert before[0]["trained"] == 10 and before[0]["milestones"][0]["validated"] > 0

    for g in graduates:
        privacy.graduate_erase(graduate=g, by=officer, reason="test")
        assert report_figures(cohort) == before, f"the report moved when {g.first_name} was erased"

    assert not Graduate.objects.filter(cohort=cohort, anonymised_at__isnull=True).exists()
    assert set(Graduate.objects.filter(cohort=cohort).values_list("first_name", flat=True)) == {"Anonyme"}


def test_erasure_leaves_no_trace_of_the_person_in_any_text_column(
    officer, employer_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    cohort = build_funder_cohort()
    g = Graduate.objects.get(cohort=cohort, first_name="Alice")
    g.last_name = "Zéphyrine"
    g.save()
    give_a_life(g, employer_user)
    email = g.email
    # An earlier invitation, accepted since (the link's hash and her address stay on it).
    Invitation.objects.create(
        email=email,
        kind=Invitation.Kind.GRADUATE,
        token_hash=Invitation.new_token()[1],
        invited_by=officer,
        expires_at=timezone.now() + timedelta(days=7),
        accepted_at=timezone.now(),
    )
    services.graduate_cv_upload(
        graduate=g, by=g.user, file=make_pdf("Alice Zéphyrine, React"), filename="cv.pdf"
    )
    g.refresh_from_db()
    cv_path = tmp_path / g.cv_file.name
    assert cv_path.exists()
    user_pk = g.user_id
    OutcomeCheck.objects.filter(graduate=g).update(note="Alice Zéphyrine a rappelé")
    # She signed in once: django-axes logged it under her address.
    assert Client().post("/comptes/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    assert AccessLog.objects.filter(username=email).exists()

    request = privacy.erasure_request(graduate=g, by=g.user)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erasure_confirm(request=request, by=officer)

    # Every text column of every table: neither her name nor her e-mail anywhere.
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.EmailField) and not f.is_relation
        ]
        for needle in ("Zéphyrine", email):
            query = Q()
            for name in fields:
                query |= Q(**{f"{name}__icontains": needle})
            if fields and model.objects.filter(query).exists():
                found.append((model._meta.label, needle))
    assert found == []
    assert not User.objects.filter(pk=user_pk).exists()
    assert not Token.objects.filter(user_id=user_pk).exists()
    assert not Notification.objects.filter(user_id=user_pk).exists()
    assert not MatchScore.objects.filter(graduate=g).exists()
    assert not SuggestionFeedback.objects.filter(graduate=g).exists()
    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert not cv_path.exists()
    # Her candidacy stays for the employer's history, closed and silent.
    application = Application.objects.get(graduate=g)
    assert (application.state, application.message) == (Application.State.CLOSED, "")
    # The employer still has the event, without the person.
    assert Notification.objects.filter(user=employer_user, subject__contains="données effacées").exists()


def test_nothing_deletes_a_graduate_whose_outcomes_the_report_counts(officer):
    cohort = build_funder_cohort()
    alice = Graduate.objects.get(cohort=cohort, first_name="Alice")
    before = report_figures(cohort)
    with pytest.raises(ProtectedError):
        alice.delete()
    with pytest.raises(ProtectedError):
        Graduate.objects.filter(cohort=cohort).delete()
    assert report_figures(cohort) == before


@pytest.fixture
def admin_client():
    admin = User.objects.create_superuser(email="admin@ecole.fr", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_cannot_delete_a_graduate_a_validated_check_or_a_confirmed_placement(admin_client):
    cohort = build_funder_cohort()
    alice = Graduate.objects.get(cohort=cohort, first_name="Alice")
    check = OutcomeCheck.objects.filter(graduate=alice, validated_at__isnull=False).first()
    placement = Placement.objects.get(graduate=alice, status=Placement.Status.CONFIRMED)
    before = report_figures(cohort)

    for url in (
        reverse("admin:graduates_graduate_delete", args=[alice.pk]),
        reverse("admin:placements_outcomecheck_delete", args=[check.pk]),
        reverse("admin:placements_placement_delete", args=[placement.pk]),
    ):
        assert admin_client.get(url).status_code == 403
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
    # Nor in bulk: the changelists offer no delete action, and posting one anyway deletes nothing.
    for name, pk in (("graduates_graduate", alice.pk), ("placements_outcomecheck", check.pk)):
        changelist = reverse(f"admin:{name}_changelist")
        page = admin_client.get(changelist)
        assert page.status_code == 200 and b'value="delete_selected"' not in page.content
        admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [pk], "post": "yes"})
    # A validated check is shown read-only: a changed situation posted to it is not saved.
    admin_client.post(
        reverse("admin:placements_outcomecheck_change", args=[check.pk]),
        {"situation": "seeking", "contract_type": "", "graduate": alice.pk, "milestone": check.milestone},
    )
    assert report_figures(cohort) == before
    check.refresh_from_db()
    assert check.situation == OutcomeCheck.Situation.EMPLOYED


def test_the_admin_erase_action_anonymises_and_keeps_the_report(admin_client):
    cohort = build_funder_cohort()
    before = report_figures(cohort)
    alice = Graduate.objects.get(cohort=cohort, first_name="Alice")
    response = admin_client.post(
        reverse("admin:graduates_graduate_changelist"), {"action": "erase", "_selected_action": [alice.pk]}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.anonymised_at is not None and alice.first_name == "Anonyme"
    assert report_figures(cohort) == before


# --- retention ----------------------------------------------------------------------------------


@pytest.fixture
def silent_graduate(db):
    """A graduate last heard of on 1 March 2024 (her last sign-in; her training ended before)."""
    from tests.factories.graduates import CohortFactory, GraduateFactory

    cohort = CohortFactory(
        training_start=date(2023, 9, 4),
        training_end=date(2023, 12, 22),
        internship_start=date(2024, 1, 8),
        internship_end=date(2024, 2, 28),
    )
    g = GraduateFactory(cohort=cohort)
    # UTC: Python adds days to a Paris time on the wall clock, which is 23 or 25 hours across DST.
    last = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    Graduate.objects.filter(pk=g.pk).update(created_at=last - timedelta(days=200))
    User.objects.filter(pk=g.user_id).update(date_joined=last - timedelta(days=200), last_login=last)
    g.refresh_from_db()
    g.last = last
    return g


def test_retention_warns_two_years_after_the_last_contact_then_erases_thirty_days_later(
    silent_graduate, django_capture_on_commit_callbacks
):
    g = silent_graduate
    two_years = g.last + timedelta(days=retention.RETENTION_DAYS)

    # The day before the 2 years: nothing.
    report = retention.retention_run(wet_run=True, now=two_years - timedelta(days=1))
    assert (report.to_warn, report.to_erase) == ([], []) and mail.outbox == []

    # Dry run past the 2 years: says it would warn, does nothing.
    report = retention.retention_run(wet_run=False, now=two_years + timedelta(hours=1))
    assert report.to_warn == [g.pk]
    g.refresh_from_db()
    assert g.retention_warned_at is None and mail.outbox == []

    warned_at = two_years + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.retention_run(wet_run=True, now=warned_at)
    assert report.to_warn == [g.pk]
    g.refresh_from_db()
    assert g.retention_warned_at == warned_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [g.email]
    assert "30 jours" in mail.outbox[0].subject and "01/03/2024" in mail.outbox[0].body

    # Warned once only; 29 days later still there.
    report = retention.retention_run(wet_run=True, now=warned_at + timedelta(days=29))
    assert (report.to_warn, report.to_erase) == ([], []) and len(mail.outbox) == 1
    g.refresh_from_db()
    assert g.anonymised_at is None

    # 30 days after the warning: erased, account gone.
    user_pk = g.user_id
    report = retention.retention_run(wet_run=True, now=warned_at + timedelta(days=30))
    assert report.to_erase == [g.pk]
    g.refresh_from_db()
    assert g.anonymised_at is not None and g.first_name == "Anonyme"
    assert not User.objects.filter(pk=user_pk).exists()
    # And never again.
    report = retention.retention_run(wet_run=True, now=warned_at + timedelta(days=60))
    assert (report.to_warn, report.to_erase) == ([], [])


def test_signing_in_after_the_warning_keeps_the_account(silent_graduate):
    g = silent_graduate
    warned_at = g.last + timedelta(days=retention.RETENTION_DAYS + 1)
    retention.retention_run(wet_run=True, now=warned_at)
    User.objects.filter(pk=g.user_id).update(last_login=warned_at + timedelta(days=3))

    report = retention.retention_run(wet_run=True, now=warned_at + timedelta(days=31))
    assert report.back == [g.pk] and report.to_erase == []
    g.refresh_from_db()
    assert g.anonymised_at is None and g.retention_warned_at is None


def test_a_recent_candidacy_move_is_a_contact_that_delays_retention(silent_graduate):
    g = silent_graduate
    moved = g.last + timedelta(days=400)
    ApplicationFactory(graduate=g, moved_at=moved)
    report = retention.retention_run(wet_run=False, now=g.last + timedelta(days=retention.RETENTION_DAYS + 5))
    assert report.to_warn == []
    report = retention.retention_run(wet_run=False, now=moved + timedelta(days=retention.RETENTION_DAYS + 1))
    assert report.to_warn == [g.pk]


def test_the_retention_command_is_dry_unless_wet_run(silent_graduate, monkeypatch):
    from io import StringIO

    g = silent_graduate
    now = g.last + timedelta(days=retention.RETENTION_DAYS + 1)
    monkeypatch.setattr(timezone, "now", lambda: now)
    out = StringIO()
    call_command("retention", stdout=out)
    assert "1 à prévenir" in out.getvalue() and "--wet-run" in out.getvalue()
    assert f"#{g.pk}" in out.getvalue()
    g.refresh_from_db()
    assert g.retention_warned_at is None

    out = StringIO()
    call_command("retention", "--wet-run", stdout=out)
    assert "1 prévenu·e(s)" in out.getvalue()
    g.refresh_from_db()
    assert g.retention_warned_at == now


def test_retention_runs_daily_from_the_beat_schedule(settings):
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "graduates.retention"]
    assert len(entries) == 1


def test_employer_contact_is_named_by_company_in_views(db):
    contact = ContactFactory()
    assert privacy.viewer_labels([contact.user]) == {contact.user.pk: contact.employer.name}
