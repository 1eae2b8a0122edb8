"""The pages: the public form (refusal that keeps what was typed, throttle), the private page (booking,
.ics read back by icalendar) and the school's pages, each checking who asks."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from admissions import selectors, services
from admissions.models import Application, SessionBooking
from backend.accounts.models import User
from tests.factories import UserFactory
from tests.factories.graduates import CohortFactory

from .conftest import ARRAS, LIEVIN, submit

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Samia",
    "last_name": "Benali",
    "phone": "06 12 34 56 78",
    "email": "samia@example.fr",
    "birth_date": "2002-05-17",
    "gender": "F",
    "commune_label": "Liévin (62800)",
    "commune": LIEVIN,
    "job_seeker": "on",
    "qpv_declared": "on",
    "diploma_level": "none",
    "track": "web_mobile",
    "motivation": "Je veux apprendre à créer des applications pour mon quartier.",
    "availability": "morning",
}


def test_the_form_is_public_and_in_french(client):
    response = client.get(reverse("admissions:apply"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Envoyer ma candidature" in body and "Téléphone portable" in body and "Vimy" in body


def test_applying_asks_to_confirm_from_the_mailbox_and_the_link_confirms_then_books(
    client, session, officer, django_capture_on_commit_callbacks
):
    # When she sends the form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admissions:apply"), FORM)
    # Then the page sends her to her mailbox, without her private link
    assert response.status_code == 302 and response["Location"] == reverse("admissions:apply_sent")
    sent = client.get(response["Location"]).content.decode()
    assert "Vérifiez votre boîte mail" in sent and "samia@example.fr" in sent and "7 jours" in sent
    application = Application.objects.get()
    assert application.state == "pending"
    (message,) = mail.outbox
    assert message.subject == "Confirmez votre candidature à l'école du numérique"
    token = re.search(r"/candidater/suivi/([^/\s]+)/", message.body).group(1)
    assert token not in sent
    # The school does not list it (nor the funnel count it) until she confirms
    client.force_login(officer)
    assert "Samia Benali" not in client.get(reverse("admissions:staff_list")).content.decode()
    assert "Samia Benali" in client.get(reverse("admissions:staff_list") + "?etat=pending").content.decode()
    client.logout()

    # When she opens the link: a page to confirm, no session to book yet (and a forced booking is refused)
    url = reverse("admissions:follow", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"].startswith("private")
    assert page["Referrer-Policy"] == "same-origin"
    body = page.content.decode()
    assert "Confirmer ma candidature" in body and "Réserver une réunion" not in body
    client.post(reverse("admissions:follow_book", kwargs={"token": token}), {"session": session.pk})
    assert not SessionBooking.objects.exists()

    # When she confirms
    confirmed = client.post(reverse("admissions:follow_confirm", kwargs={"token": token}))
    assert confirmed.status_code == 302 and confirmed["Location"] == url
    body = client.get(url).content.decode()
    assert (
        "Candidature confirmée, merci !" in body
        and "Réserver une réunion" in body
        and "2 places libres" in body
    )
    application.refresh_from_db()
    assert application.state == "submitted"
    assert (application.qpv_declared, application.rsa, application.availability) == (True, False, "morning")
    (log,) = application.transitions.all()
    assert (log.transition, log.from_state, log.actor) == ("confirm", "pending", None)
    # The confirmation shows once; confirming again changes nothing.
    assert "Candidature confirmée" not in client.get(url).content.decode()
    client.post(reverse("admissions:follow_confirm", kwargs={"token": token}))
    assert application.transitions.count() == 1


def test_outside_the_agglomeration_the_refusal_is_explained_and_what_was_typed_is_kept(client):
    data = {**FORM, "commune_label": "Arras (62000)", "commune": ARRAS}
    response = client.post(reverse("admissions:apply"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Nous ne pouvons pas retenir cette candidature" in body and "Arras n&#x27;en fait pas partie" in body
    )
    assert "Je veux apprendre à créer des applications pour mon quartier." in body
    assert 'value="Samia"' in body and 'value="06 12 34 56 78"' in body
    assert Application.objects.count() == 0


def test_a_commune_typed_without_choosing_is_read_and_a_bad_phone_is_explained(client):
    response = client.post(
        reverse("admissions:apply"), {**FORM, "commune": "", "commune_label": "Lens", "phone": "12"}
    )
    assert response.status_code == 200
    assert "Numéro de téléphone français attendu" in response.content.decode()
    response = client.post(reverse("admissions:apply"), {**FORM, "commune": "", "commune_label": "Lens"})
    assert response.status_code == 302
    assert Application.objects.get().commune_id == "62498"


def test_the_form_is_throttled_per_email_like_sign_up(client):
    for i in range(3):
        assert (
            client.post(reverse("admissions:apply"), {**FORM, "phone": f"06 12 34 56 7{i}"}).status_code
            == 302
        )
    response = client.post(reverse("admissions:apply"), FORM)
    assert response.status_code == 429 and "Réessayez dans" in response.content.decode()
    # One address, one application: the three forms updated the one still to confirm.
    assert Application.objects.get().phone == "06 12 34 56 72"


def test_a_guessed_private_link_is_a_404(client):
    assert client.get(reverse("admissions:follow", kwargs={"token": "devine"})).status_code == 404
    assert client.post(reverse("admissions:follow_book", kwargs={"token": "devine"})).status_code == 404


def test_booking_from_the_private_link_gives_an_ics_that_parses_back(client, session):
    application, token = submit()
    response = client.post(
        reverse("admissions:follow_book", kwargs={"token": token}), {"session": session.pk}
    )
    assert response.status_code == 302
    assert SessionBooking.objects.get(application=application).session == session
    page = client.get(reverse("admissions:follow", kwargs={"token": token})).content.decode()
    assert "C&#x27;est réservé" in page and "Votre réunion d'information" in page
    # The confirmation and the page write the day the same way (« mardi 8 décembre 2026 »)
    day = date_format(timezone.localtime(session.starts_at), "l j F Y")
    assert f"réunion du {day} à" in page and f"Le {day}, de" in page

    ics = client.get(reverse("admissions:follow_ics", kwargs={"token": token}))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics.content)
    (event,) = calendar.walk("VEVENT")
    # iCalendar keeps whole seconds.
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == session.ends_at.replace(microsecond=0)
    assert str(event["location"]) == session.place
    assert str(event["uid"]) == f"reunion-{application.booking.pk}@tremplin"
    assert "Réunion d'information" in str(event["summary"])


def test_a_full_session_is_shown_full_and_refused(client, session):
    for i in range(2):
        other, _t = submit(email=f"p{i}@example.fr")
        SessionBooking.objects.create(application=other, session=session)
    _application, token = submit()
    page = client.get(reverse("admissions:follow", kwargs={"token": token})).content.decode()
    assert "Complet" in page
    response = client.post(
        reverse("admissions:follow_book", kwargs={"token": token}), {"session": session.pk}, follow=True
    )
    assert "Cette réunion est complète" in response.content.decode()
    assert session.bookings.count() == 2


def test_the_decision_and_its_kind_message_show_on_the_private_page(client, officer, client_for):
    application, token = submit()
    staff = client_for(officer)
    response = staff.post(
        reverse("admissions:staff_decide", kwargs={"pk": application.pk}),
        {"transition": "refuse", "reason": "Les places sont prises ; la prochaine session ouvre en mars."},
    )
    assert response.status_code == 302
    page = client.get(reverse("admissions:follow", kwargs={"token": token})).content.decode()
    assert "pas retenue cette fois" in page and "la prochaine session ouvre en mars" in page


def test_a_refusal_without_a_message_is_sent_back_with_the_reason_field_in_error(officer, client_for):
    application, _token = submit()
    response = client_for(officer).post(
        reverse("admissions:staff_decide", kwargs={"pk": application.pk}),
        {"transition": "refuse", "reason": ""},
    )
    assert response.status_code == 400 and "Écrivez à la personne un message" in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "submitted"


def test_school_pages_check_the_role(client, officer, trainer, client_for, session):
    application, _token = submit()
    employer = UserFactory(role=User.Role.EMPLOYER)
    graduate = UserFactory(role=User.Role.GRADUATE)
    detail = reverse("admissions:staff_detail", kwargs={"pk": application.pk})
    for url in (reverse("admissions:staff_list"), detail, reverse("admissions:sessions")):
        assert client.get(url).status_code == 302
        assert client_for(employer).get(url).status_code == 403
        assert client_for(graduate).get(url).status_code == 403
        assert client_for(officer).get(url).status_code == 200
        assert client_for(trainer).get(url).status_code == 200
    # A trainer sees the grid, not the entry characteristics, and cannot decide or create a session.
    page = client_for(trainer).get(detail).content.decode()
    assert "Grille de sélection" in page and "QPV" not in page and "Enregistrer la décision" not in page
    assert "QPV" in client_for(officer).get(detail).content.decode()
    start = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime() + timedelta(days=2, hours=2)).strftime("%Y-%m-%dT%H:%M")
    data = {"starts_at": start, "ends_at": end, "place": "Lens", "seats": 10}
    client_for(trainer).post(reverse("admissions:sessions"), data)
    assert type(session).objects.count() == 1
    assert client_for(officer).post(reverse("admissions:sessions"), data).status_code == 302
    assert type(session).objects.count() == 2


def test_attendance_is_marked_from_the_session_page(officer, client_for, session):
    application, _token = submit()
    SessionBooking.objects.create(application=application, session=session)
    staff = client_for(officer)
    page = staff.get(reverse("admissions:session_detail", kwargs={"pk": session.pk})).content.decode()
    assert application.full_name in page
    staff.post(
        reverse("admissions:session_attend", kwargs={"pk": session.pk}), {"application": application.pk}
    )
    assert Application.objects.get(pk=application.pk).state == "attended"


def test_an_officer_enrols_an_admitted_candidate_from_her_page(officer, client_for):
    application, _token = submit()
    services.application_transition(application=application, transition="attend", by=officer)
    services.application_transition(
        application=application, transition="admit", by=officer, reason="Bienvenue !"
    )
    cohort = CohortFactory(track="web_mobile", name="Promo web Lens 2027")
    staff = client_for(officer)
    page = staff.get(reverse("admissions:staff_detail", kwargs={"pk": application.pk})).content.decode()
    assert "Inscrire dans une promotion" in page and "Promo web Lens 2027" in page
    response = staff.post(
        reverse("admissions:staff_enrol", kwargs={"pk": application.pk}), {"cohort": cohort.pk}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "enrolled" and application.graduate.cohort == cohort
    assert "rejoint la promotion" in staff.get(response["Location"]).content.decode()


def test_a_lost_link_is_replaced_by_a_new_one_mailed_and_the_answer_tells_nothing(
    client, django_capture_on_commit_callbacks
):
    application, old = submit()
    url = reverse("admissions:link_resend")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "SAMIA.benali@example.fr"})
        unknown = client.post(url, {"email": "personne@example.fr"})
    assert known.status_code == unknown.status_code == 200
    assert "C'est envoyé" in known.content.decode() and "C'est envoyé" in unknown.content.decode()
    (message,) = mail.outbox
    assert message.to == ["samia.benali@example.fr"]
    new = message.body.split("/candidater/suivi/")[1].split("/")[0]
    assert client.get(reverse("admissions:follow", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("admissions:follow", kwargs={"token": new})).status_code == 200


def test_the_candidate_is_told_by_email_that_the_decision_is_on_her_page(
    officer, client_for, django_capture_on_commit_callbacks
):
    application, _token = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(
            reverse("admissions:staff_decide", kwargs={"pk": application.pk}),
            {"transition": "refuse", "reason": "Complet : revenez en mars."},
        )
    (message,) = mail.outbox
    assert message.to == [application.email] and "la décision est prise" in message.subject
    assert "/candidater/lien/" in message.body


def test_the_schools_session_list_starts_with_the_next_session(officer, client_for, session):
    now = timezone.now()
    later = services.session_create(
        by=officer,
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=2),
        place="Salle Alpha",
        seats=10,
    )
    past = services.session_create(
        by=officer,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        place="Salle Bravo",
        seats=10,
    )
    older = services.session_create(
        by=officer,
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=4),
        place="Salle Charlie",
        seats=10,
    )
    soon = now + timedelta(hours=5)  # "now" for the list: past and older are over, older the latest of them
    assert selectors.sessions_for_staff(now=soon) == [session, later, older, past]
    # On the page, at the real now, all four are to come: soonest first
    page = client_for(officer).get(reverse("admissions:sessions")).content.decode()
    order = [page.index(p) for p in ("Salle Bravo", "Salle Charlie", "12 rue Arago", "Salle Alpha")]
    assert order == sorted(order)
