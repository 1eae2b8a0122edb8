"""The pages and the API: who may see what (the school, the host's contacts, the trainee; others get a
404, other roles a 403), the signature by an authenticated click, the PDF downloaded byte for byte."""

import hashlib
import re
from datetime import date

import pytest
from django.urls import reverse

from internships import services
from internships.models import Agreement, Signature

from .conftest import HOST_PART, TRAINEE_PART, fill, sign_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(
    officer, employer_user, colleague_user, trainee, other_employer_user, other_graduate_user, trainer
):
    return {
        "officer": officer,
        "host": employer_user,
        "colleague": colleague_user,
        "trainee": trainee.user,
        "other_employer": other_employer_user,
        "other_graduate": other_graduate_user,
        "trainer": trainer,
    }


EXPECTED = {
    "officer": 200,
    "host": 200,
    "colleague": 200,
    "trainee": 200,
    "other_employer": 404,
    "other_graduate": 404,
    "trainer": 403,
}


@pytest.mark.parametrize("name", ["internships:detail", "internships:edit"])
def test_the_agreement_pages_answer_its_three_parties_only(agreement, people, client_for, client, name):
    url = reverse(name, args=[agreement.pk])
    got = {who: client_for(user).get(url).status_code for who, user in people.items()}
    assert got == EXPECTED
    assert client.get(url).status_code == 302  # anonymous: to the login page


def test_the_list_shows_each_person_their_own_agreements(agreement, people, client_for):
    url = reverse("internships:list")
    for who, user in people.items():
        response = client_for(user).get(url)
        if who == "trainer":
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        assert (f"/stages/{agreement.pk}/" in response.content.decode()) == (EXPECTED[who] == 200), who


def test_only_officers_open_the_new_agreement_page(people, client_for, hired):
    url = reverse("internships:new")
    got = {who: client_for(user).get(url).status_code for who, user in people.items()}
    assert got == {who: 200 if who == "officer" else 403 for who in people}
    assert "Inès Haddad" in client_for(people["officer"]).get(url).content.decode()


def test_the_officer_creates_it_from_the_page(hired, officer, client_for):
    response = client_for(officer).post(reverse("internships:new"), {"source": f"application:{hired.pk}"})
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "internships:detail", args=[agreement.pk]
    )


def test_the_host_completes_its_part_on_its_form_and_sees_no_trainee_field(
    agreement, employer_user, client_for
):
    client = client_for(employer_user)
    page = client.get(reverse("internships:edit", args=[agreement.pk])).content.decode()
    assert (
        'name="tutor_name"' in page
        and 'name="trainee_address"' not in page
        and 'name="start_date"' not in page
    )
    data = {k: str(v) for k, v in HOST_PART.items()} | {
        "days_per_week": "5",
        "tutor_title": "",
        "tutor_phone": "",
        "benefits": "",
        "leave": "Congés : 2,5 jours par mois.",
    }
    response = client.post(reverse("internships:edit", args=[agreement.pk]), data)
    assert response.status_code == 302
    assert agreement.latest_version().tutor_name == "Hugo Lefebvre"
    # A field of another party, forged into the post, is ignored by the form
    client.post(reverse("internships:edit", args=[agreement.pk]), data | {"trainee_address": "forgé"})
    assert agreement.latest_version().trainee_address == ""


def test_a_trainee_cannot_sign_for_the_host_nor_another_company_at_all(
    agreement, employer_user, trainee, other_employer_user, client_for
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    url = reverse("internships:sign", args=[agreement.pk])
    assert client_for(other_employer_user).post(url, {"version": 1}).status_code == 404
    client_for(trainee.user).post(url, {"version": 1})
    assert list(Signature.objects.values_list("party", flat=True)) == ["trainee"]


def test_signing_on_the_page_records_the_address_and_the_pdf_downloads_the_same_bytes(
    agreement, employer_user, trainee, officer, client_for
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    for user in (employer_user, trainee.user, officer):
        response = client_for(user).post(
            reverse("internships:sign", args=[agreement.pk]), {"version": 1}, REMOTE_ADDR="203.0.113.7"
        )
        assert response.status_code == 302
    assert set(Signature.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    version = agreement.latest_version()
    url = reverse("internships:pdf", args=[agreement.pk, 1])
    first = client_for(trainee.user).get(url)
    second = client_for(officer).get(url)
    assert first["Content-Type"] == "application/pdf" and first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == version.signed_pdf_sha256
    assert client_for(employer_user).get(url).content == first.content


def test_the_pdf_is_a_404_before_any_signature_and_for_others(
    agreement, employer_user, trainee, other_graduate_user, client_for
):
    url = reverse("internships:pdf", args=[agreement.pk, 1])
    assert client_for(trainee.user).get(url).status_code == 404
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=agreement.created_by)
    assert client_for(trainee.user).get(url).status_code == 200
    assert client_for(other_graduate_user).get(url).status_code == 404


def test_a_refused_start_says_why_in_french(agreement, officer, client_for):
    client = client_for(officer)
    response = client.post(reverse("internships:start", args=[agreement.pk]), follow=True)
    assert "avant les trois signatures" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


@pytest.mark.parametrize("move", ["start", "end", "cancel", "amend"])
def test_the_school_moves_are_refused_to_the_other_parties(
    agreement, employer_user, trainee, client_for, move
):
    for user in (employer_user, trainee.user):
        assert client_for(user).post(reverse(f"internships:{move}", args=[agreement.pk])).status_code == 403


# ------------------------------------------------------------------------------------------ API


def test_the_api_lists_each_persons_agreements(agreement, people, api_client_for):
    url = reverse("api-internship-agreements")
    for who, user in people.items():
        response = api_client_for(user).get(url)
        if who == "trainer":
            assert response.status_code == 403
            continue
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == ([agreement.pk] if EXPECTED[who] == 200 else []), who
    assert api_client_for().get(url).status_code == 401


def test_the_api_signs_and_says_what_is_missing(
    agreement, employer_user, trainee, other_employer_user, api_client_for
):
    url = reverse("api-internship-agreement-sign", args=[agreement.pk])
    response = api_client_for(employer_user).post(url, {"version": 1}, format="json")
    assert response.status_code == 400 and "doit encore remplir" in response.json()["message"]
    assert response.json()["extra"]["problems"]
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    assert api_client_for(other_employer_user).post(url, {"version": 1}, format="json").status_code == 404
    response = api_client_for(employer_user).post(
        url, {"version": 1}, format="json", REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 201 and response.json()["party"] == "host"
    assert response.json()["document_sha256"] == agreement.latest_version().document_sha256
    assert api_client_for(employer_user).post(url, {"version": 1}, format="json").status_code == 409
    detail = api_client_for(trainee.user).get(reverse("api-internship-agreement", args=[agreement.pk])).json()
    assert [s["party"] for s in detail["latest_version"]["signatures"]] == ["host"]
    assert detail["latest_version"]["start_date"] == str(date(2026, 5, 4))


def test_the_api_is_in_the_openapi_schema(client):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {
        "/api/v1/internships/agreements/",
        "/api/v1/internships/agreements/{id}/",
        "/api/v1/internships/agreements/{id}/sign/",
    } <= set(paths)


def test_a_phone_that_is_no_phone_number_is_refused_before_it_reaches_the_agreement(agreement, client_for):
    """« 0612 » went into the signed PDF (found filling the trainee's part on the demo, at 390 px)."""
    trainee = client_for(agreement.graduate.user)
    url = reverse("internships:edit", args=[agreement.pk])
    part = {
        "trainee_address": "8 rue Émile Zola, 62800 Liévin",
        "trainee_phone": "0612",
        "trainee_insurer": "MACIF, responsabilité civile",
    }
    response = trainee.post(url, part)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Numéro de téléphone français attendu" in page
    assert "8 rue Émile Zola, 62800 Liévin" in page  # what was typed stays
    version = agreement.versions.get()
    assert (version.trainee_phone, version.trainee_address) == ("", "")

    assert trainee.post(url, {**part, "trainee_phone": "06 12 34 56 78"}).status_code == 302
    version.refresh_from_db()
    assert version.trainee_phone == "06 12 34 56 78"


def test_a_party_whose_part_is_verified_is_not_asked_to_verify_it_again(agreement, employer_user, client_for):
    """The trainee and the host kept seeing « J'ai vérifié ma partie » after pressing it (demo, 390 px)."""
    check_url = reverse("internships:check", args=[agreement.pk])
    detail = reverse("internships:detail", args=[agreement.pk])
    trainee, host = client_for(agreement.graduate.user), client_for(employer_user)
    assert check_url in trainee.get(detail).content.decode()
    assert check_url in host.get(detail).content.decode()

    services.agreement_update_part(agreement=agreement, by=agreement.graduate.user, data=TRAINEE_PART)
    services.agreement_check_part(agreement=agreement, by=agreement.graduate.user)

    assert check_url not in trainee.get(detail).content.decode()
    assert check_url in host.get(detail).content.decode()  # the host's part is still to verify


def test_the_new_agreement_page_offers_one_select_of_what_can_still_take_one(
    hired, trainee, employer, officer, client_for, clock
):
    """Only internships without an agreement and not yet begun, the soonest first, grouped by cohort,
    each naming the graduate and the host — a select, not one radio button per placement."""
    from placements.models import ContractCategory
    from tests.factories.graduates import CohortFactory, GraduateFactory
    from tests.factories.placements import PlacementFactory

    later_cohort = CohortFactory(
        name="Promo Domotique 2026", internship_start=date(2026, 9, 7), internship_end=date(2026, 10, 30)
    )
    soon = PlacementFactory(
        graduate=GraduateFactory(first_name="Yanis", last_name="Benali", cohort=later_cohort),
        employer=employer,
        employer_name=employer.name,
        contract_type=ContractCategory.STAGE,
        is_training_internship=True,
        start_date=date(2026, 3, 9),
    )
    begun = PlacementFactory(
        graduate=GraduateFactory(first_name="Léa", last_name="Dufour", cohort=later_cohort),
        employer=employer,
        employer_name=employer.name,
        contract_type=ContractCategory.STAGE,
        is_training_internship=True,
        start_date=date(2025, 10, 6),  # before the clock's 3 November 2025: too late for an agreement
    )

    response = client_for(officer).get(reverse("internships:new"))
    html = response.content.decode()
    assert 'type="radio"' not in html
    select = html.split('<select name="source"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert [value for value, _label in options] == ["", f"placement:{soon.pk}", f"application:{hired.pk}"]
    assert (
        options[1][1] == f"Yanis Benali chez {employer.name} — stage de la formation, à partir du 9 mars 2026"
    )
    assert options[2][1].startswith(f"Inès Haddad chez {employer.name} — « Stage développeur·se web (H/F) »")
    assert "4 mai 2026" in options[2][1]  # the cohort's internship period
    assert '<optgroup label="Promo Domotique 2026">' in select and "Léa Dufour" not in html

    # A begun internship posted anyway is refused in French, and no agreement is made.
    refused = client_for(officer).post(reverse("internships:new"), {"source": f"placement:{begun.pk}"})
    assert refused.status_code == 400
    assert "le stage a commencé" in refused.content.decode()
    empty = client_for(officer).post(reverse("internships:new"), {})
    assert empty.status_code == 400 and "Choisissez le stage" in empty.content.decode()
    assert not Agreement.objects.exists()
