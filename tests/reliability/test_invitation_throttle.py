"""Invitations are throttled (issue #10): per inviting account (not the school's officers, who invite
whole cohorts) and per address invited, with the same French answer whether the address has an
account or not. Limits lowered here so the tests stay short; the defaults are 20/day and 3/hour."""

import pytest
from django.urls import reverse

from backend.accounts.models import Invitation
from employers.models import Contact
from tests.factories import ContactFactory, EmployerFactory
from tests.factories.graduates import CohortFactory, GraduateFactory


@pytest.fixture(autouse=True)
def _low_limits(settings):
    rates = dict(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], invitation="3/day", invitation_email="2/hour"
    )
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def invite(client, employer, email: str):
    return client.post(
        f"/api/v1/employers/{employer.pk}/contacts/invite/",
        {"email": email, "first_name": "Inès", "last_name": "Martin"},
        format="json",
    )


@pytest.mark.django_db
def test_an_employer_contact_past_its_limit_gets_a_french_429_and_nothing_is_made(
    api_client_for, employer, colleague_user
):
    client = api_client_for(colleague_user)
    for n in range(3):
        assert invite(client, employer, f"personne{n}@hauts-numeriques.fr").status_code == 201

    refused = invite(client, employer, "personne3@hauts-numeriques.fr")

    assert refused.status_code == 429
    assert refused.json()["message"].startswith("Trop d'invitations envoyées")
    assert refused.json()["extra"]["retry_after_seconds"] > 0
    assert Invitation.objects.count() == 3
    assert not Contact.objects.filter(email="personne3@hauts-numeriques.fr").exists()


@pytest.mark.django_db
def test_an_address_is_not_flooded_and_the_answer_does_not_tell_whether_it_has_an_account(
    api_client_for, graduate_user
):
    answers = {}
    for email in (graduate_user.email, "inconnue@exemple.fr"):
        # Three companies invite the same address: the third is one too many for the address.
        contacts = [ContactFactory(employer=EmployerFactory()) for _ in range(3)]
        sent = [invite(api_client_for(c.user), c.employer, email) for c in contacts]
        answers[email] = [(r.status_code, r.json().get("message", "")[:40]) for r in sent]

    assert answers[graduate_user.email] == answers["inconnue@exemple.fr"]
    assert [status for status, _message in answers["inconnue@exemple.fr"]] == [201, 201, 429]


@pytest.mark.django_db
def test_an_officer_invites_a_whole_cohort_past_the_per_account_limit(api_client_for, officer):
    cohort = CohortFactory()
    for n in range(5):
        GraduateFactory(
            cohort=cohort,
            user=None,
            first_name="Sam",
            last_name=f"Diplômé {n}",
            email=f"diplome{n}@exemple.fr",
        )

    response = api_client_for(officer).post(f"/api/v1/cohorts/{cohort.pk}/invite/")

    assert response.status_code == 200, response.json()
    assert len(response.json()["invited"]) == 5
    assert Invitation.objects.count() == 5


@pytest.mark.django_db
def test_the_colleague_form_shows_the_limit_in_french(client_for, employer, employer_user):
    client = client_for(employer_user)
    for n in range(3):
        client.post(
            reverse("employers:colleague_invite"),
            {"first_name": "Léa", "last_name": "Morel", "email": f"lea{n}@hauts-numeriques.fr"},
        )

    page = client.post(
        reverse("employers:colleague_invite"),
        {"first_name": "Léa", "last_name": "Morel", "email": "lea3@hauts-numeriques.fr"},
    )

    assert "Trop d&#x27;invitations envoyées" in page.content.decode()
    assert Invitation.objects.count() == 3
