"""The territory's API (issue #14): prospects with the page's ranking, adding one to the CRM, and the
curriculum read as JSON — officers only."""

import pytest

from employers.models import Employer, Interaction
from graduates.models import Cohort
from placements.reports.curriculum import curriculum_read
from territory.prospects import prospect_list
from tests.placements.test_curriculum import region, skills  # noqa: F401 - fixtures of the curriculum tests

from .test_prospects import ARRAS, LENS, LILLE, ft_offer, imported

pytestmark = pytest.mark.django_db

PROSPECTS = "/api/v1/territory/prospects/"
ADD = "/api/v1/territory/prospects/add/"
CURRICULUM = "/api/v1/reports/curriculum/"


@pytest.fixture
def companies():
    imported(
        *[ft_offer("Lens Web Factory", LENS, beginner=True) for _ in range(3)],
        ft_offer("Lille Logiciels", LILLE),
        ft_offer("Arras Intérim Tech", ARRAS, contract="MIS", label="Mission intérimaire - 3 Mois"),
        ft_offer("Arras Intérim Tech", ARRAS, contract="MIS", label="Mission intérimaire - 3 Mois"),
    )


def test_the_prospects_come_in_the_pages_order_with_every_factor_paginated(
    api_client_for, officer, companies
):
    client = api_client_for(officer)

    first = client.get(PROSPECTS, {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 3 and second["previous"]
    rows = first["results"] + second["results"]
    assert (
        [r["name"] for r in rows]
        == [p.name for p in prospect_list()]
        == [
            "Lens Web Factory",
            "Arras Intérim Tech",
            "Lille Logiciels",
        ]
    )
    lens = rows[0]
    assert (lens["offers"], lens["beginner"], lens["beginner_share"], lens["durable_share"]) == (
        3,
        3,
        1.0,
        1.0,
    )
    assert lens["score"] == pytest.approx(6.0)
    assert lens["commune"]["insee"] == LENS
    assert len(lens["recent_offers"]) == 3
    assert rows[1]["contracts"] == [{"label": "Intérim", "count": 2}]


def test_adding_a_prospect_creates_it_in_the_crm_with_its_note_and_it_leaves_the_list(
    api_client_for, officer, companies
):
    client = api_client_for(officer)
    key = client.get(PROSPECTS).json()["results"][0]["key"]

    response = client.post(ADD, {"key": key}, format="json")

    assert response.status_code == 201, response.json()
    employer = Employer.objects.get(pk=response.json()["id"])
    assert (employer.name, employer.status) == ("Lens Web Factory", Employer.Status.PROSPECT)
    note = Interaction.objects.get(employer=employer)
    assert note.by == officer and "Prospect repéré" in note.summary
    assert [r["name"] for r in client.get(PROSPECTS).json()["results"]] == [
        "Arras Intérim Tech",
        "Lille Logiciels",
    ]
    # A second add of the same key: no longer a prospect, a French 404
    again = client.post(ADD, {"key": key}, format="json")
    assert again.status_code == 404 and "liste des prospects" in again.json()["message"]
    assert Employer.objects.filter(name="Lens Web Factory").count() == 1


def test_the_curriculum_read_is_the_pages_as_json(api_client_for, officer, region):  # noqa: F811
    rising = region["skills"][0]

    body = api_client_for(officer).get(CURRICULUM, {"track": "web_mobile"}).json()

    read = curriculum_read(track=Cohort.Track.WEB_MOBILE)
    assert body["track"] == "web_mobile" and body["rome_codes"] == read.rome_codes
    assert body["offers_per_month"] == read.offers_per_month and sum(body["offers_per_month"]) == 20
    row = next(s for s in body["skills"] if s["uid"] == rising.uid)
    assert (row["direction"], row["recent"], row["earlier"]) == ("rising", 8, 0)
    assert row["direction_label"] == "en hausse"
    assert body["rising_gaps"] == [s.uid for s in read.rising_gaps]
    assert body["definitions"][0]["term"] == "Offres de la région"


def test_an_unknown_track_is_a_french_400(api_client_for, officer):
    response = api_client_for(officer).get(CURRICULUM, {"track": "cuisine"})

    assert response.status_code == 400 and "Parcours inconnu" in response.json()["message"]


@pytest.mark.parametrize("who, status", [("anonymous", 401), ("employer", 403), ("graduate", 403)])
def test_the_territory_api_is_for_officers_only(
    who, status, api_client_for, employer_user, graduate_user, companies
):
    client = api_client_for({"anonymous": None, "employer": employer_user, "graduate": graduate_user}[who])

    assert client.get(PROSPECTS).status_code == status
    assert client.get(CURRICULUM).status_code == status
    assert client.post(ADD, {"key": "lens web factory"}, format="json").status_code == status
    assert not Employer.objects.filter(name="Lens Web Factory").exists()
