"""The matching API: each persona sees only what is theirs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.models import MatchScore, SuggestionFeedback
from tests.factories import ContactFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_a_graduate_sees_only_their_own_suggestions(scored, api_client_for):
    response = api_client_for(scored["kylian"].user).get("/api/v1/suggestions/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert results and results[0]["offer"]["id"] == scored["react"].pk
    own = set(MatchScore.objects.filter(graduate=scored["kylian"]).values_list("offer_id", flat=True))
    assert {r["offer"]["id"] for r in results} == own
    first = results[0]
    assert first["rank"] == 1
    assert "profils comme le vôtre" in first["chances"]
    assert first["standing"][0] == "parmi vos 3 meilleures suggestions"
    assert first["reasons"][0].startswith("Compétences requises : 2 sur 2")
    assert first["summary"].startswith("2 sur 2 compétences requises")


def test_suggestions_are_for_graduates_only(scored, api_client_for, employer_user, officer):
    assert api_client_for(employer_user).get("/api/v1/suggestions/").status_code == 403
    assert api_client_for(officer).get("/api/v1/suggestions/").status_code == 403
    assert api_client_for().get("/api/v1/suggestions/").status_code == 401


def test_the_suggestions_use_the_same_queries_whatever_the_page_size(scored, api_client_for, employer):
    from matching.services import scores

    for n in range(12):
        offer = OfferFactory(employer=employer, published=True, title=f"Intégrateur·rice React {n}")
        from tests.matching.conftest import require

        require(offer, "tremplin:react")
    scores.scores_refresh_for_graduate(graduate_id=scored["kylian"].pk)
    client = api_client_for(scored["kylian"].user)
    client.get("/api/v1/suggestions/")  # the hint is computed once, then kept while nothing changes
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/api/v1/suggestions/?page_size={size}")
        assert response.status_code == 200
        counts[size] = (len(ctx.captured_queries), len(response.json()["results"]))

    assert counts[5][1] == 5 and counts[50][1] > 5
    assert counts[5][0] == counts[50][0]


def test_feedback_is_logged_and_not_for_me_hides_the_offer(scored, api_client_for):
    client = api_client_for(scored["kylian"].user)
    react = scored["react"]

    interested = client.post(
        f"/api/v1/suggestions/{react.pk}/feedback/", {"kind": "interested"}, format="json"
    )
    dismissed = client.post(
        f"/api/v1/suggestions/{react.pk}/feedback/",
        {"kind": "not_for_me", "reason": "too_far"},
        format="json",
    )

    assert interested.status_code == dismissed.status_code == 201
    logged = list(
        SuggestionFeedback.objects.order_by("at", "pk").values_list(
            "graduate_id", "offer_id", "kind", "reason"
        )
    )
    assert logged == [
        (scored["kylian"].pk, react.pk, "interested", ""),
        (scored["kylian"].pk, react.pk, "not_for_me", "too_far"),
    ]
    offers = [r["offer"]["id"] for r in client.get("/api/v1/suggestions/").json()["results"]]
    assert react.pk not in offers


def test_feedback_on_an_offer_not_online_is_a_404(scored, api_client_for, employer):
    draft = OfferFactory(employer=employer)

    response = api_client_for(scored["kylian"].user).post(
        f"/api/v1/suggestions/{draft.pk}/feedback/", {"kind": "interested"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["message"] == "Cette offre n'est plus en ligne."
    assert not SuggestionFeedback.objects.exists()


def test_an_unknown_feedback_kind_is_refused(scored, api_client_for):
    response = api_client_for(scored["kylian"].user).post(
        f"/api/v1/suggestions/{scored['react'].pk}/feedback/", {"kind": "bof"}, format="json"
    )

    assert response.status_code == 400
    assert not SuggestionFeedback.objects.exists()


def test_the_employer_shortlist_holds_only_visible_graduates(scored, api_client_for, employer_user):
    response = api_client_for(employer_user).get(f"/api/v1/employer/offers/{scored['react'].pk}/shortlist/")

    assert response.status_code == 200
    ids = [r["graduate"]["id"] for r in response.json()["results"]]
    assert ids and ids[0] == scored["kylian"].pk
    assert scored["ines"].pk not in ids
    assert set(ids) <= {scored["kylian"].pk, scored["leo"].pk}
    assert response.json()["results"][0]["reasons"][0].startswith("Compétences requises : 2 sur 2")


def test_a_colleague_sees_the_same_shortlist(scored, api_client_for, colleague_user):
    response = api_client_for(colleague_user).get(f"/api/v1/employer/offers/{scored['react'].pk}/shortlist/")

    assert response.status_code == 200


def test_another_employer_gets_404_on_the_shortlist(scored, api_client_for, other_employer_user):
    response = api_client_for(other_employer_user).get(
        f"/api/v1/employer/offers/{scored['react'].pk}/shortlist/"
    )

    assert response.status_code == 404


def test_an_employer_not_yet_approved_gets_an_empty_shortlist(
    scored, api_client_for, employer, employer_user
):
    employer.status = "pending"
    employer.save(update_fields=["status"])

    response = api_client_for(employer_user).get(f"/api/v1/employer/offers/{scored['react'].pk}/shortlist/")

    assert response.status_code == 200 and response.json()["results"] == []


def test_an_officer_sees_every_graduate_on_the_shortlist(scored, api_client_for, officer):
    response = api_client_for(officer).get(f"/api/v1/employer/offers/{scored['react'].pk}/shortlist/")

    ids = {r["graduate"]["id"] for r in response.json()["results"]}
    assert scored["ines"].pk in ids and scored["kylian"].pk in ids


def test_a_graduate_cannot_read_a_shortlist(scored, api_client_for):
    response = api_client_for(scored["kylian"].user).get(
        f"/api/v1/employer/offers/{scored['react'].pk}/shortlist/"
    )

    assert response.status_code == 403


def test_the_cohort_view_flags_graduates_and_offers_without_suggestion(scored, api_client_for, officer):
    response = api_client_for(officer).get(f"/api/v1/cohorts/{scored['cohort'].pk}/matching/")

    assert response.status_code == 200
    data = response.json()
    by_id = {g["id"]: g for g in data["graduates"]}
    assert by_id[scored["kylian"].pk]["viable"] >= 1
    assert by_id[scored["kylian"].pk]["suggestions"][0]["offer"] == scored["react"].pk
    assert scored["leo"].pk in data["graduates_without"]
    assert scored["kylian"].pk not in data["graduates_without"]
    assert data["offers_without"] == [scored["knx"].pk]


def test_the_cohort_view_and_the_ranker_are_for_officers_only(scored, api_client_for, employer_user):
    client = api_client_for(employer_user)
    assert client.get(f"/api/v1/cohorts/{scored['cohort'].pk}/matching/").status_code == 403
    assert client.get("/api/v1/ranker/").status_code == 403
    assert api_client_for(scored["kylian"].user).get("/api/v1/ranker/").status_code == 403


def test_the_ranker_endpoint_reports_the_serving_prior(scored, api_client_for, officer):
    data = api_client_for(officer).get("/api/v1/ranker/").json()

    assert data["current"]["version"] == "prior-1" and data["current"]["is_prior"] is True
    assert data["scores"] == MatchScore.objects.count() > 0


def test_an_employer_contact_of_another_company_never_sees_invisible_graduates(scored, api_client_for):
    outsider = ContactFactory().user

    response = api_client_for(outsider).get(f"/api/v1/employer/offers/{scored['knx'].pk}/shortlist/")

    assert response.status_code == 404


def test_the_schema_documents_the_suggestions_shortfall_and_openings(scored, api_client_for):
    schema = (
        api_client_for(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    ref = schema["paths"]["/api/v1/suggestions/"]["get"]["responses"]["200"]["content"]["application/json"]
    page = schema["components"]["schemas"][ref["schema"]["$ref"].rsplit("/", 1)[1]]
    assert {"count", "next", "previous", "results", "shortfall", "openings"} <= set(page["properties"])
    assert "Quand moins de 3 suggestions" in page["properties"]["shortfall"]["description"]
    opening = schema["components"]["schemas"][
        page["properties"]["openings"]["items"]["$ref"].rsplit("/", 1)[1]
    ]
    assert {"skill_id", "label", "n_offers", "n_open", "offer_ids", "text"} <= set(opening["properties"])
    # ... and the answer has that shape, the hint included (Inès: Symfony would open the React offer).
    body = api_client_for(scored["ines"].user).get("/api/v1/suggestions/").json()
    assert set(page["properties"]) <= set(body)
    assert body["openings"][0]["label"] == "Symfony" and body["openings"][0]["offer_ids"] == [
        str(scored["react"].pk)
    ]
