"""The candidacies, placements and follow-ups API: scoping per persona, errors in French, SQL pinned."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placements.models import Application, OutcomeCheck, Placement
from tests.factories import OfferFactory
from tests.factories.graduates import GraduateFactory
from tests.factories.placements import ApplicationFactory, OutcomeCheckFactory, PlacementFactory

pytestmark = pytest.mark.django_db

APPS = "/api/v1/applications/"
PLACEMENTS = "/api/v1/placements/"
CHECKS = "/api/v1/outcome-checks/"


# ---------------------------------------------------------------- applications: reading


def test_each_persona_lists_only_the_candidacies_it_may_see(
    api_client_for,
    officer,
    employer_user,
    colleague_user,
    other_employer_user,
    graduate,
    other_graduate,
    offer,
    other_offer,
):
    mine = ApplicationFactory(graduate=graduate, offer=offer)
    theirs = ApplicationFactory(graduate=other_graduate, offer=other_offer)

    def ids(user):
        response = api_client_for(user).get(APPS)
        assert response.status_code == 200
        return sorted(row["id"] for row in response.json()["results"])

    assert ids(officer) == sorted([mine.pk, theirs.pk])
    assert ids(employer_user) == ids(colleague_user) == [mine.pk]
    assert ids(other_employer_user) == [theirs.pk]
    assert ids(graduate.user) == [mine.pk]
    assert ids(other_graduate.user) == [theirs.pk]


def test_a_candidacy_reads_with_its_timeline_and_the_moves_allowed_to_who_asks(
    api_client_for, employer_user, graduate, application
):
    employer_view = api_client_for(employer_user).get(f"{APPS}{application.pk}/").json()
    assert employer_view["state"] == "applied"
    assert employer_view["graduate"]["full_name"] == "Inès Dupont"
    assert employer_view["offer"]["employer"]["name"] == "Hauts Numériques"
    assert employer_view["allowed_transitions"] == ["schedule_interview", "make_offer", "refuse"]
    assert [step["transition"] for step in employer_view["timeline"]] == ["start"]
    assert "birth_date" not in employer_view["graduate"]

    graduate_view = api_client_for(graduate.user).get(f"{APPS}{application.pk}/").json()
    assert graduate_view["allowed_transitions"] == ["withdraw"]
    assert graduate_view["status_for_graduate"] == "Candidature envoyée : l'employeur l'examine."


def test_another_company_or_graduate_gets_a_404_and_anonymous_a_401(
    api_client_for, other_employer_user, other_graduate, application
):
    for user in (other_employer_user, other_graduate.user):
        client = api_client_for(user)
        assert client.get(f"{APPS}{application.pk}/").status_code == 404
        response = client.post(
            f"{APPS}{application.pk}/transition/", {"transition": "withdraw"}, format="json"
        )
        assert response.status_code == 404
    anonymous = api_client_for()
    assert anonymous.get(APPS).status_code == 401
    assert (
        anonymous.post(f"{APPS}{application.pk}/transition/", {"transition": "withdraw"}).status_code == 401
    )
    application.refresh_from_db()
    assert application.state == "applied"


def test_the_list_filters_by_state_cohort_and_staleness(
    api_client_for, officer, graduate, other_graduate, offer
):
    stale = ApplicationFactory(graduate=graduate, offer=offer, state="interview")
    fresh = ApplicationFactory(graduate=other_graduate, offer=offer)
    Application.objects.filter(pk=stale.pk).update(moved_at=timezone.now() - timedelta(days=33))
    client = api_client_for(officer)

    def ids(params):
        return [row["id"] for row in client.get(APPS, params).json()["results"]]

    assert ids({"state": "interview"}) == [stale.pk]
    assert ids({"stale": "true"}) == [stale.pk]
    assert ids({"stale": "false"}) == [fresh.pk]
    assert sorted(ids({"cohort": graduate.cohort_id})) == sorted([stale.pk, fresh.pk])
    assert client.get(APPS, {"stale": "true"}).json()["results"][0]["stale"] is True


@pytest.mark.parametrize("persona", ["officer", "employer_user", "graduate"])
def test_the_list_costs_the_same_queries_for_5_or_50_candidacies(
    request, api_client_for, employer, cohort, graduate, persona
):
    offers = [OfferFactory(employer=employer, published=True) for _ in range(55)]
    for offer in offers:
        ApplicationFactory(graduate=graduate, offer=offer)
    user = graduate.user if persona == "graduate" else request.getfixturevalue(persona)
    client = api_client_for(user)

    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{APPS}?page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        counts[size] = len(queries)
    assert counts[5] == counts[50]
    assert counts[50] <= 5


# ---------------------------------------------------------------- applications: writing


def test_a_graduate_applies_through_the_api(api_client_for, graduate, offer):
    response = api_client_for(graduate.user).post(
        APPS, {"offer": offer.pk, "message": "Bonjour", "share_cv": False}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["origin"], body["message"], body["share_cv"]) == (
        "applied",
        "graduate",
        "Bonjour",
        False,
    )


def test_applying_twice_is_a_409_in_french(api_client_for, graduate, application, offer):
    response = api_client_for(graduate.user).post(APPS, {"offer": offer.pk}, format="json")
    assert response.status_code == 409
    assert (
        response.json()["message"]
        == "Une candidature existe déjà pour cette offre (étape : candidature envoyée)."
    )
    assert response.json()["extra"]["application_id"] == application.pk


def test_the_employer_invites_and_the_school_pushes(
    api_client_for, employer_user, officer, graduate, other_graduate, offer
):
    invited = api_client_for(employer_user).post(
        APPS, {"offer": offer.pk, "graduate": other_graduate.pk}, format="json"
    )
    assert invited.status_code == 201
    assert (invited.json()["state"], invited.json()["origin"]) == ("suggested", "employer")

    pushed = api_client_for(officer).post(APPS, {"offer": offer.pk, "graduate": graduate.pk}, format="json")
    assert pushed.status_code == 201
    assert (pushed.json()["state"], pushed.json()["origin"]) == ("applied", "officer")


def test_an_employer_cannot_reach_another_company_offer_or_a_hidden_profile(
    api_client_for, employer_user, graduate, other_graduate, other_offer, offer
):
    client = api_client_for(employer_user)
    assert (
        client.post(APPS, {"offer": other_offer.pk, "graduate": other_graduate.pk}, format="json").status_code
        == 404
    )
    assert client.post(APPS, {"offer": offer.pk, "graduate": graduate.pk}, format="json").status_code == 404
    missing = client.post(APPS, {"offer": offer.pk}, format="json")
    assert missing.status_code == 400
    assert missing.json()["extra"] == {"field": "graduate"}
    assert not Application.objects.exists()


def test_moves_go_through_the_transition_action(api_client_for, employer_user, application):
    client = api_client_for(employer_user)
    when = (timezone.now() + timedelta(days=2)).isoformat()
    response = client.post(
        f"{APPS}{application.pk}/transition/",
        {
            "transition": "schedule_interview",
            "interview_at": when,
            "interview_place": "Visio",
            "note": "1er entretien",
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["interview_place"]) == ("interview", "Visio")
    assert body["timeline"][-1]["note"] == "1er entretien"

    refused = client.post(f"{APPS}{application.pk}/transition/", {"transition": "refuse"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "message": "Choisissez un motif dans la liste : la personne recevra un message adapté.",
        "extra": {"field": "refusal_reason"},
    }


def test_a_graduate_cannot_hire_and_a_move_that_no_longer_applies_is_a_409(
    api_client_for, graduate, employer_user, offer
):
    app = ApplicationFactory(graduate=graduate, offer=offer, state="offer")
    forbidden = api_client_for(graduate.user).post(
        f"{APPS}{app.pk}/transition/", {"transition": "hire"}, format="json"
    )
    assert forbidden.status_code == 403
    assert (
        forbidden.json()["message"]
        == "« Embaucher » n'est pas une action possible pour vous sur cette candidature."
    )

    client = api_client_for(employer_user)
    assert (
        client.post(f"{APPS}{app.pk}/transition/", {"transition": "hire"}, format="json").status_code == 200
    )
    conflict = client.post(f"{APPS}{app.pk}/transition/", {"transition": "make_offer"}, format="json")
    assert conflict.status_code == 409
    assert conflict.json()["extra"] == {"state": "hired", "transition": "make_offer"}
    assert api_client_for(graduate.user).get(f"{APPS}{app.pk}/").json()["timeline"][-1]["note"] == ""


def test_an_unknown_transition_name_is_a_400(api_client_for, officer, application):
    response = api_client_for(officer).post(
        f"{APPS}{application.pk}/transition/", {"transition": "promote"}, format="json"
    )
    assert response.status_code == 400
    assert "Action inconnue : « promote »." in response.json()["message"]


# ---------------------------------------------------------------- placements


def test_placements_are_scoped_to_who_asks(
    api_client_for, officer, employer, employer_user, other_employer_user, graduate, other_graduate
):
    ours = PlacementFactory(graduate=graduate, employer=employer)
    theirs = PlacementFactory(graduate=other_graduate, employer_name="Ailleurs")

    def ids(user):
        return sorted(row["id"] for row in api_client_for(user).get(PLACEMENTS).json()["results"])

    assert ids(officer) == sorted([ours.pk, theirs.pk])
    assert ids(employer_user) == [ours.pk]
    assert ids(other_employer_user) == []
    assert ids(graduate.user) == [ours.pk]
    assert api_client_for(other_employer_user).get(f"{PLACEMENTS}{ours.pk}/").status_code == 404
    assert api_client_for(other_graduate.user).get(f"{PLACEMENTS}{ours.pk}/").status_code == 404
    assert api_client_for().get(PLACEMENTS).status_code == 401


def test_a_graduate_declares_and_the_employer_named_confirms(
    api_client_for, graduate, employer, employer_user, other_employer_user
):
    declared = api_client_for(graduate.user).post(
        PLACEMENTS,
        {
            "employer": employer.pk,
            "contract_type": "APPRENTISSAGE",
            "start_date": "2026-09-01",
            "end_date": "2028-08-31",
        },
        format="json",
    )
    assert declared.status_code == 201
    body = declared.json()
    assert (body["status"], body["employer_name"], body["graduate"]["id"]) == (
        "declared",
        "Hauts Numériques",
        graduate.pk,
    )

    url = f"{PLACEMENTS}{body['id']}/confirm/"
    assert api_client_for(other_employer_user).post(url, {}, format="json").status_code == 404
    assert api_client_for(graduate.user).post(url, {}, format="json").status_code == 403
    confirmed = api_client_for(employer_user).post(url, {"confirm": True}, format="json")
    assert (confirmed.status_code, confirmed.json()["status"]) == (200, "confirmed")
    again = api_client_for(employer_user).post(url, {}, format="json")
    assert again.status_code == 409


def test_the_school_records_a_placement_and_employers_cannot(
    api_client_for, officer, employer_user, graduate
):
    payload = {
        "graduate": graduate.pk,
        "employer_name": "Région HdF",
        "contract_type": "FORMATION",
        "start_date": "2026-10-01",
    }
    recorded = api_client_for(officer).post(PLACEMENTS, payload, format="json")
    assert (recorded.status_code, recorded.json()["status"]) == (201, "confirmed")
    refused = api_client_for(employer_user).post(PLACEMENTS, payload, format="json")
    assert refused.status_code == 403
    assert Placement.objects.count() == 1


def test_the_placements_list_costs_the_same_queries_for_5_or_50(api_client_for, officer, employer, cohort):
    for _ in range(55):
        PlacementFactory(graduate=GraduateFactory(cohort=cohort), employer=employer)
    client = api_client_for(officer)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{PLACEMENTS}?page_size={size}")
        assert len(response.json()["results"]) == size
        counts[size] = len(queries)
    assert counts[5] == counts[50] <= 3


# ---------------------------------------------------------------- outcome checks


def test_outcome_checks_are_the_school_s_only(api_client_for, graduate, employer_user):
    check = OutcomeCheckFactory(graduate=graduate)
    for user in (employer_user, graduate.user):
        client = api_client_for(user)
        assert client.get(CHECKS).status_code == 403
        assert (
            client.patch(f"{CHECKS}{check.pk}/", {"situation": "seeking"}, format="json").status_code == 403
        )
        assert client.post(f"{CHECKS}{check.pk}/validate/").status_code == 403
    assert api_client_for().get(CHECKS).status_code == 401


def test_the_school_fills_validates_and_then_cannot_change_a_check(api_client_for, officer, graduate):
    check = OutcomeCheckFactory(graduate=graduate, employer_name="Gardé")
    client = api_client_for(officer)

    filled = client.patch(
        f"{CHECKS}{check.pk}/", {"situation": "employed", "contract_type": "CDI"}, format="json"
    )
    assert filled.status_code == 200
    assert (filled.json()["situation"], filled.json()["employer_name"], filled.json()["source"]) == (
        "employed",
        "Gardé",
        "officer",
    )

    validated = client.post(f"{CHECKS}{check.pk}/validate/")
    assert validated.json()["is_frozen"] is True

    frozen = client.patch(f"{CHECKS}{check.pk}/", {"situation": "seeking"}, format="json")
    assert frozen.status_code == 409
    assert frozen.json()["message"] == "Ce suivi est validé : il ne peut plus être modifié."
    assert OutcomeCheck.objects.get(pk=check.pk).situation == "employed"


def test_outcome_checks_filter_by_milestone_and_progress(api_client_for, officer, graduate, other_graduate):
    OutcomeCheckFactory(graduate=graduate, milestone="end")
    m3 = OutcomeCheckFactory(graduate=other_graduate, milestone="m3", situation="seeking", source="officer")
    client = api_client_for(officer)
    assert [r["id"] for r in client.get(CHECKS, {"milestone": "m3"}).json()["results"]] == [m3.pk]
    assert [r["id"] for r in client.get(CHECKS, {"stage": "to_validate"}).json()["results"]] == [m3.pk]


def test_the_outcome_checks_list_costs_the_same_queries_for_5_or_50(api_client_for, officer, cohort):
    for _ in range(55):
        OutcomeCheckFactory(graduate=GraduateFactory(cohort=cohort))
    client = api_client_for(officer)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{CHECKS}?page_size={size}")
        assert len(response.json()["results"]) == size
        counts[size] = len(queries)
    assert counts[5] == counts[50] <= 3


def test_the_schema_lists_the_placements_endpoints(api_client_for, officer):
    schema = api_client_for(officer).get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/applications/",
        "/api/v1/applications/{id}/transition/",
        "/api/v1/placements/{id}/confirm/",
        "/api/v1/outcome-checks/{id}/validate/",
    ):
        assert path in schema["paths"], path
