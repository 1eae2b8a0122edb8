"""Retention of the people of companies (issue #10): an employer contact or a prospect's contact, silent
for 2 years, is warned by e-mail, then erased 30 days later by the periodic job (``--wet-run``); the
company, its history and the funder report stay."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from backend.accounts.models import ApiToken, Invitation, User
from backend.core.exceptions import ApplicationError
from employers import retention
from employers.models import Contact, Employer, Interaction, Offer, OfferTransitionLog
from graduates import privacy
from placements.models import Notification
from tests.factories import PASSWORD, ContactFactory, EmployerFactory, OfferFactory, UserFactory
from tests.factories.graduates import GraduateFactory
from tests.placements.test_reports import build_funder_cohort
from tests.reliability.test_rgpd import report_figures

pytestmark = pytest.mark.django_db

# UTC: Python adds days to a Paris time on the wall clock, which is 23 or 25 hours across DST.
LAST = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
TWO_YEARS = LAST + timedelta(days=retention.RETENTION_DAYS)


def age(contact: Contact, *, created: datetime, last_login: datetime | None = None) -> Contact:
    """Move a contact's (and its account's) clocks back: ``auto_now`` fields are set by update."""
    Contact.objects.filter(pk=contact.pk).update(created_at=created, updated_at=created)
    if contact.user_id:
        User.objects.filter(pk=contact.user_id).update(date_joined=created, last_login=last_login)
    contact.refresh_from_db()
    return contact


@pytest.fixture
def recruiter(db):
    """Noémie Zéphyrin, recruiter at Hauts Numériques: signed in once, last on 1 March 2024; she wrote an
    offer, viewed a profile, has an API key, notifications, and the CRM's notes name her."""
    employer = EmployerFactory(name="Hauts Numériques")
    user = UserFactory(
        role=User.Role.EMPLOYER,
        email="noemie.zephyrin@hauts-numeriques.fr",
        first_name="Noémie",
        last_name="Zéphyrin",
        phone="06 12 34 56 78",
    )
    contact = ContactFactory(employer=employer, user=user, phone="06 12 34 56 78", job_title="Recrutement")
    # A real sign-in: django-axes logs it under the address typed.
    assert (
        Client().post("/comptes/connexion/", {"username": user.email, "password": PASSWORD}).status_code
        == 302
    )
    assert AccessLog.objects.filter(username=user.email).exists()
    ApiToken.objects.create(
        user=user, digest="d" * 64, prefix="tpl_abcd", expires_at=LAST + timedelta(days=90)
    )
    offer = OfferFactory(employer=employer, created_by=user)
    Offer.objects.filter(pk=offer.pk).update(created_at=LAST - timedelta(days=300))
    Notification.objects.create(user=user, kind="new_application", subject="Candidature", body="…")
    Interaction.objects.create(
        employer=employer,
        kind="call",
        occurred_on=LAST.date() - timedelta(days=400),
        summary="Appel avec Noémie Zéphyrin (06.12.34.56.78) : deux postes en septembre.",
    )
    graduate = GraduateFactory()
    privacy.graduates_view_record(graduates=[graduate], by=user, channel="web-list")
    contact = age(contact, created=LAST - timedelta(days=500), last_login=LAST)
    contact.graduate, contact.offer = graduate, offer
    return contact


def test_a_silent_recruiter_is_warned_after_two_years_then_erased_thirty_days_later(
    recruiter, django_capture_on_commit_callbacks
):
    c = recruiter
    user_pk = c.user_id

    # The day before the 2 years: nothing.
    report = retention.contact_retention_run(wet_run=True, now=TWO_YEARS - timedelta(days=1))
    assert (report.to_warn, report.to_erase) == ([], []) and mail.outbox == []
    # Dry past the 2 years: says it, does nothing.
    report = retention.contact_retention_run(wet_run=False, now=TWO_YEARS + timedelta(hours=1))
    assert report.to_warn == [c.pk] and report.last_contact[c.pk] == LAST
    assert mail.outbox == []

    warned_at = TWO_YEARS + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.contact_retention_run(wet_run=True, now=warned_at)
    assert report.to_warn == [c.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [c.email] and "30 jours" in message.subject
    assert "01/03/2024" in message.body and "Hauts Numériques" in message.body
    assert "vous connecter" in message.body and message.reply_to

    # Warned once; 29 days later still there.
    report = retention.contact_retention_run(wet_run=True, now=warned_at + timedelta(days=29))
    assert (report.to_warn, report.to_erase) == ([], []) and len(mail.outbox) == 1
    assert Contact.objects.get(pk=c.pk).last_name == "Zéphyrin"

    report = retention.contact_retention_run(wet_run=True, now=warned_at + timedelta(days=30))
    assert report.to_erase == [c.pk]

    # Every text column of every table: neither her name, her e-mail nor her phone, however written.
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.EmailField) and not f.is_relation
        ]
        for needle in ("Zéphyrin", "zephyrin", "06 12 34 56 78", "06.12.34.56.78"):
            query = Q()
            for name in fields:
                query |= Q(**{f"{name}__icontains": needle})
            if fields and model.objects.filter(query).exists():
                found.append((model._meta.label, needle))
    assert found == []
    # The account is closed: nameless, cannot sign in, nothing of hers left.
    account = User.objects.get(pk=user_pk)
    assert not account.is_active and not account.has_usable_password() and account.get_full_name() == ""
    signin = Client().post(
        "/comptes/connexion/", {"username": "noemie.zephyrin@hauts-numeriques.fr", "password": PASSWORD}
    )
    assert signin.status_code == 200 and "_auth_user_id" not in signin.wsgi_request.session
    assert not ApiToken.objects.filter(user_id=user_pk).exists()
    assert not Notification.objects.filter(user_id=user_pk).exists()
    assert Interaction.objects.get(employer=c.employer).summary == (
        "Appel avec [contact effacé] ([contact effacé]) : deux postes en septembre."
    )
    # The company and its history stay: the offer, who wrote it, who viewed the profile.
    assert Offer.objects.get(pk=c.offer.pk).created_by_id == user_pk
    assert [v["by"] for v in privacy.profile_views(graduate=c.graduate)] == ["Hauts Numériques"]
    erased = Contact.objects.get(pk=c.pk)
    assert (str(erased), erased.employer_id, erased.user_id) == ("Contact effacé", c.employer_id, user_pk)
    # And never again.
    report = retention.contact_retention_run(wet_run=True, now=warned_at + timedelta(days=60))
    assert (report.to_warn, report.to_erase, report.back) == ([], [], [])


def test_signing_in_after_the_warning_keeps_the_recruiter(recruiter):
    c = recruiter
    warned_at = TWO_YEARS + timedelta(days=1)
    retention.contact_retention_run(wet_run=True, now=warned_at)
    User.objects.filter(pk=c.user_id).update(last_login=warned_at + timedelta(days=3))

    report = retention.contact_retention_run(wet_run=True, now=warned_at + timedelta(days=31))
    assert report.back == [c.pk] and report.to_erase == []
    assert Contact.objects.get(pk=c.pk).last_name == "Zéphyrin"
    # The warning is withdrawn once, not on every run.
    report = retention.contact_retention_run(wet_run=True, now=warned_at + timedelta(days=32))
    assert (report.to_warn, report.to_erase, report.back) == ([], [], [])


@pytest.mark.parametrize("activity", ["api_key", "offer_move"])
def test_using_the_api_or_moving_an_offer_is_a_contact(recruiter, activity):
    c = recruiter
    later = LAST + timedelta(days=300)
    if activity == "api_key":
        ApiToken.objects.filter(user_id=c.user_id).update(last_used_at=later)
    else:
        log = OfferTransitionLog.objects.create(
            offer=c.offer, actor=c.user, transition="close", from_state="published", to_state="closed"
        )
        OfferTransitionLog.objects.filter(pk=log.pk).update(at=later)
    report = retention.contact_retention_run(wet_run=False, now=TWO_YEARS + timedelta(days=5))
    assert report.to_warn == [] and report.last_contact[c.pk] == later
    report = retention.contact_retention_run(
        wet_run=False, now=later + timedelta(days=retention.RETENTION_DAYS)
    )
    assert report.to_warn == [c.pk]


def test_a_prospects_contact_follows_the_crm_log_and_is_deleted_when_silent(
    officer, django_capture_on_commit_callbacks
):
    prospect = EmployerFactory(
        name="Octet Lensois", status=Employer.Status.PROSPECT, siret=None, size_band=""
    )
    person = Contact.objects.create(
        employer=prospect,
        first_name="Ysaline",
        last_name="Quembrecq",
        email="y.quembrecq@octet.fr",
        phone="0321000000",
    )
    age(person, created=LAST - timedelta(days=100))
    call = Interaction.objects.create(
        employer=prospect,
        kind="call",
        occurred_on=LAST.date(),
        by=officer,
        summary="Ysaline Quembrecq rappellera (y.quembrecq@octet.fr).",
    )
    Invitation.objects.create(
        email=person.email,
        kind=Invitation.Kind.EMPLOYER_CONTACT,
        token_hash="h" * 64,
        invited_by=officer,
        expires_at=LAST + timedelta(days=7),
        data={"contact_id": person.pk},
    )

    # The CRM's last exchange with the company is the last contact.
    warned_at = TWO_YEARS + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.contact_retention_run(wet_run=True, now=warned_at)
    assert report.to_warn == [person.pk] and report.last_contact[person.pk].date() == LAST.date()
    assert mail.outbox[0].to == ["y.quembrecq@octet.fr"] and "répondez" in mail.outbox[0].body

    # She answers; the officer logs it: warning withdrawn, clock restarted.
    Interaction.objects.create(
        employer=prospect,
        kind="email",
        occurred_on=(warned_at + timedelta(days=4)).date(),
        by=officer,
        summary="Réponse : toujours intéressée.",
    )
    report = retention.contact_retention_run(wet_run=True, now=warned_at + timedelta(days=30))
    assert report.back == [person.pk] and report.to_erase == []

    # Silent again for 2 years: warned afresh, then deleted 30 days later.
    again = warned_at + timedelta(days=4 + retention.RETENTION_DAYS + 1)
    report = retention.contact_retention_run(wet_run=True, now=again)
    assert report.to_warn == [person.pk]
    report = retention.contact_retention_run(wet_run=True, now=again + timedelta(days=30))
    assert report.to_erase == [person.pk]
    assert not Contact.objects.filter(pk=person.pk).exists()
    assert not Invitation.objects.filter(email__iexact="y.quembrecq@octet.fr").exists()
    call.refresh_from_db()
    assert call.summary == "[contact effacé] rappellera ([contact effacé])."
    assert Employer.objects.filter(pk=prospect.pk, status=Employer.Status.PROSPECT).exists()


def test_erasing_every_contact_of_the_report_cohorts_employers_leaves_the_funder_report_identical(officer):
    cohort = build_funder_cohort()
    employers = Employer.objects.filter(name__in=["Partenaire Un", "Partenaire Deux", "Ancien Partenaire"])
    for employer in employers:
        ContactFactory(employer=employer)
        Contact.objects.create(
            employer=employer, first_name="Sans", last_name="Compte", email=f"x{employer.pk}@e.fr"
        )
    before = report_figures(cohort)
    for contact in Contact.objects.filter(employer__in=employers):
        retention.contact_erase(contact=contact, by=officer, reason="test")
    assert report_figures(cohort) == before
    assert Contact.objects.filter(employer__in=employers).count() == 3  # those with an account, nameless


def test_only_the_school_erases_a_contact(recruiter):
    other = ContactFactory()
    with pytest.raises(ApplicationError, match="Seule l'école"):
        retention.contact_erase(contact=recruiter, by=other.user, reason="test")
    assert Contact.objects.get(pk=recruiter.pk).last_name == "Zéphyrin"


def test_the_contact_retention_command_is_dry_unless_wet_run(recruiter, monkeypatch):
    c = recruiter
    now = TWO_YEARS + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: now)
    out = StringIO()
    call_command("contact_retention", stdout=out)
    assert "1 à prévenir" in out.getvalue() and "--wet-run" in out.getvalue()
    assert f"#{c.pk} Noémie Zéphyrin (Hauts Numériques)" in out.getvalue()
    assert retention.contact_retention_run(wet_run=False, now=now).to_warn == [c.pk]  # nothing recorded

    out = StringIO()
    call_command("contact_retention", "--wet-run", stdout=out)
    assert "1 prévenu·e(s)" in out.getvalue()
    assert retention.contact_retention_run(wet_run=False, now=now).to_warn == []


def test_contact_retention_runs_daily_from_the_beat_schedule(settings):
    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "employers.contact_retention"
    ]
    assert len(entries) == 1


def test_the_privacy_notice_tells_companies_people_how_long_they_are_kept(client):
    page = client.get("/diplomes/confidentialite/").content.decode()
    assert "Personnes des entreprises" in page
    assert f"{retention.RETENTION_DAYS // 365} ans après le dernier contact (connexion" in page
    assert f"effacés {retention.WARNING_DAYS} jours plus tard" in page
