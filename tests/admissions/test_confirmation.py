"""One person, one application: an application is « à confirmer » until the link e-mailed to its address
is opened and confirmed; a second form with the same address (any case, any spaces) reaches the first
application instead of creating another, and the page says the same in every case (no enumeration)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from admissions import funnel, retention, selectors, services
from admissions.models import CONFIRM_DAYS, Application
from backend.core.exceptions import ConflictError

from .conftest import submit
from .test_views import FORM

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"/candidater/suivi/([^/\s]+)/", message.body).group(1)


def test_a_second_form_from_a_confirmed_address_creates_nothing_and_mails_a_fresh_link_to_the_first(
    django_capture_on_commit_callbacks,
):
    first, old_token = submit()
    with django_capture_on_commit_callbacks(execute=True):
        again, token = submit(email="  Samia.BENALI@Example.fr ", phone="07 00 00 00 00", first_name="Sam")
    # No second application, nothing of the second form stored (it may be a stranger's)
    assert Application.objects.count() == 1 and again.pk == first.pk
    first.refresh_from_db()
    assert (first.state, first.phone, first.first_name) == ("submitted", "06 12 34 56 78", "Samia")
    # The mail goes to the address of the application, with a link that opens it (the old one is dead)
    (message,) = mail.outbox
    assert message.to == ["samia.benali@example.fr"]
    assert message.subject == "Vous avez déjà une candidature en cours"
    assert "vous avez déjà une candidature en cours (« envoyée »" in message.body
    assert "ne se modifie pas en ligne" in message.body and "retirer votre candidature" in message.body
    assert link_in(message) == token
    assert services.application_by_token(token=token) == first
    assert services.application_by_token(token=old_token) is None


def test_a_second_form_before_confirming_updates_the_one_to_confirm_with_a_new_link(
    django_capture_on_commit_callbacks,
):
    first, old_token = submit(confirm=False)
    with django_capture_on_commit_callbacks(execute=True):
        again, token = submit(confirm=False, email="SAMIA.benali@example.fr", phone="07 11 22 33 44")
    assert Application.objects.count() == 1 and again.pk == first.pk
    first.refresh_from_db()
    assert (first.state, first.phone, first.email) == ("pending", "07 11 22 33 44", "samia.benali@example.fr")
    (message,) = mail.outbox
    assert message.subject == "Confirmez votre candidature à l'école du numérique"
    assert "Ce lien remplace celui de l'e-mail précédent" in message.body and link_in(message) == token
    assert services.application_by_token(token=old_token) is None


def test_once_closed_the_address_may_apply_again():
    first, _token = submit()
    services.application_transition(application=first, transition="withdraw", by=None)
    second, _token = submit()
    assert second.pk != first.pk and second.state == "submitted"


def test_the_database_refuses_two_applications_in_progress_for_one_address_whatever_the_case():
    first, _token = submit(confirm=False)
    with pytest.raises(IntegrityError, match="admission_one_active_per_email"), transaction.atomic():
        Application.objects.create(
            **{
                f: getattr(first, f) for f in ("first_name", "last_name", "phone", "birth_date", "commune_id")
            },
            email="Samia.Benali@EXAMPLE.fr",
            state="submitted",
            token_hash="x" * 64,
            diploma_level="none",
            track="web_mobile",
            motivation="Une deuxième candidature pour la même personne.",
        )
    assert Application.objects.count() == 1


def test_an_application_to_confirm_gets_no_seat_and_is_not_counted_nor_listed(session):
    pending, _token = submit(confirm=False)
    with pytest.raises(ConflictError, match="Confirmez d'abord votre candidature"):
        services.session_book(application=pending, session=session)
    assert funnel.funnel_build().total.counts["applied"] == 0
    assert list(selectors.applications_for_staff()) == []
    assert list(selectors.applications_for_staff(state="pending")) == [pending]
    confirmed = services.application_confirm(application=pending)
    assert funnel.funnel_build().total.counts["applied"] == 1
    assert list(selectors.applications_for_staff()) == [confirmed]
    assert services.session_book(application=confirmed, session=session).session == session


def test_a_link_confirmed_after_the_week_is_refused():
    pending, _token = submit(confirm=False)
    Application.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=CONFIRM_DAYS))
    pending.refresh_from_db()
    with pytest.raises(ConflictError, match="délai pour confirmer"):
        services.application_confirm(application=pending)
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_the_lost_link_page_sends_a_link_to_confirm_for_an_application_to_confirm(
    client, django_capture_on_commit_callbacks
):
    pending, old_token = submit(confirm=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admissions:link_resend"), {"email": "Samia.Benali@example.fr"})
    (message,) = mail.outbox
    assert message.subject == "Confirmez votre candidature à l'école du numérique"
    token = link_in(message)
    assert token != old_token and services.application_by_token(token=token) == pending
    assert (
        "Confirmer ma candidature"
        in client.get(reverse("admissions:follow", kwargs={"token": token})).content.decode()
    )


def _sent_page(client, email: str) -> str:
    response = client.post(reverse("admissions:apply"), {**FORM, "email": email})
    assert response.status_code == 302 and response["Location"] == reverse("admissions:apply_sent")
    page = client.get(response["Location"]).content.decode()
    # The per-request CSRF token (in htmx's headers and forms) is the only part allowed to differ.
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", page)


def test_the_page_after_the_form_is_the_same_whether_or_not_the_address_applied(
    client, django_capture_on_commit_callbacks
):
    # A stranger sends the form with an address never used, then with one that has an application
    other, _token = submit(email="inconnue@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        fresh = _sent_page(client, "nouvelle@example.fr")
        known = _sent_page(client, "inconnue@example.fr")
    assert fresh.replace("nouvelle@", "X@") == known.replace("inconnue@", "X@")
    assert "Vérifiez votre boîte mail" in known and "déjà" not in known
    assert Application.objects.filter(email="inconnue@example.fr").get() == other
    # Each address got its one e-mail: the new one to confirm, the known one « déjà en cours »
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("inconnue@example.fr", "Vous avez déjà une candidature en cours"),
        ("nouvelle@example.fr", "Confirmez votre candidature à l'école du numérique"),
    ]


def test_the_retention_job_deletes_applications_never_confirmed_within_the_week():
    old, _t = submit(confirm=False, email="vieille@example.fr")
    recent, _t = submit(confirm=False, email="recente@example.fr")
    confirmed, _t = submit(email="confirmee@example.fr")
    week_ago = timezone.now() - timedelta(days=CONFIRM_DAYS, minutes=1)
    Application.objects.filter(pk__in=[old.pk, confirmed.pk]).update(created_at=week_ago)

    dry = retention.application_retention_run()
    assert dry.expired == [old.pk] and Application.objects.filter(pk=old.pk).exists()

    out = StringIO()
    call_command("admissions_retention", "--wet-run", stdout=out)
    assert f"#{old.pk} Samia Benali — envoyée le" in out.getvalue()
    assert "jamais confirmée : supprimée" in out.getvalue()
    assert "1 candidature(s) jamais confirmée(s) supprimée(s)." in out.getvalue()
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
