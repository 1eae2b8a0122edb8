"""Officers' judgements: one click on a shortlist or a graduate's suggestions, stored with who, when
and which model; only officers judge; the ranker page reads every model against them."""

import pytest
from django.urls import reverse

from demo.judgements import demo_grade, seed_demo_judgements
from matching import judgements
from matching.models import MatchJudgement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JUDGE = "/analyse/jugements/"


def judge(client, offer, graduate, grade, **headers):
    return client.post(JUDGE, {"offer": offer.pk, "graduate": graduate.pk, "grade": grade}, **headers)


def test_an_officer_judges_a_shortlisted_pair_in_one_htmx_click_and_can_change_her_mind(
    scored, client_for, officer
):
    client = client_for(officer)
    html = client.get(f"/analyse/offres/{scored['react'].pk}/candidats/").content.decode()
    assert f'data-judgement="{scored["react"].pk}-{scored["kylian"].pk}"' in html
    assert "Pertinent" in html and "Plausible" in html and "Hors sujet" in html

    first = judge(client, scored["react"], scored["kylian"], "plausible", HTTP_HX_REQUEST="true")

    assert first.status_code == 200
    assert 'value="plausible" class="primary" aria-pressed="true"' in first.content.decode()
    j = MatchJudgement.objects.get()
    assert (j.offer, j.graduate, j.officer, j.grade, j.model_version) == (
        scored["react"],
        scored["kylian"],
        officer,
        "plausible",
        "prior-1",
    )
    judge(client, scored["react"], scored["kylian"], "relevant", HTTP_HX_REQUEST="true")
    j2 = MatchJudgement.objects.get()
    assert j2.grade == "relevant" and j2.created_at == j.created_at and j2.updated_at > j.updated_at


def test_two_officers_judge_the_same_pair_separately(scored, client_for, officer):
    other = UserFactory(role="officer", email="autre@ecole.fr")
    judge(client_for(officer), scored["react"], scored["kylian"], "relevant")
    judge(client_for(other), scored["react"], scored["kylian"], "off_topic")

    assert MatchJudgement.objects.count() == 2


def test_only_officers_may_judge(scored, client_for, client, employer_user):
    assert judge(client_for(employer_user), scored["react"], scored["kylian"], "relevant").status_code == 403
    assert (
        judge(client_for(scored["kylian"].user), scored["react"], scored["kylian"], "relevant").status_code
        == 403
    )
    assert judge(client, scored["react"], scored["kylian"], "relevant").status_code == 302
    assert not MatchJudgement.objects.exists()


def test_a_plain_form_post_redirects_back_and_an_unknown_grade_is_refused(scored, client_for, officer):
    client = client_for(officer)
    back = f"/analyse/offres/{scored['react'].pk}/candidats/"

    ok = client.post(
        JUDGE,
        {"offer": scored["react"].pk, "graduate": scored["kylian"].pk, "grade": "relevant", "next": back},
    )
    bad = judge(client, scored["react"], scored["kylian"], "génial", HTTP_HX_REQUEST="true")
    outside = client.post(
        JUDGE,
        {
            "offer": scored["react"].pk,
            "graduate": scored["kylian"].pk,
            "grade": "relevant",
            "next": "https://evil.example/",
        },
    )

    assert ok.status_code == 302 and ok.url == back
    assert bad.status_code == 400
    assert outside.url == reverse("matching:ranker_health")
    assert MatchJudgement.objects.get().grade == "relevant"


def test_employers_see_no_judgement_buttons_on_their_shortlist(scored, client_for, employer_user):
    html = client_for(employer_user).get(f"/analyse/offres/{scored['react'].pk}/candidats/").content.decode()

    assert "data-judgement" not in html
    assert "Probabilité d'entretien" not in html


def test_an_officer_reads_and_judges_a_graduates_suggestions_with_raw_figures(scored, client_for, officer):
    url = reverse("matching:officer_suggestions", args=[scored["kylian"].pk])

    html = client_for(officer).get(url).content.decode()

    assert "Développeur·se React" in html
    assert f'data-judgement="{scored["react"].pk}-{scored["kylian"].pk}"' in html
    assert "Probabilité d'entretien : 0," in html and "prior-1" in html


def test_a_graduates_suggestions_page_for_officers_is_refused_to_others(scored, client_for, employer_user):
    url = reverse("matching:officer_suggestions", args=[scored["kylian"].pk])

    assert client_for(employer_user).get(url).status_code == 403
    assert client_for(scored["kylian"].user).get(url).status_code == 403


def test_the_judgement_api_is_for_officers(scored, api_client_for, officer, employer_user):
    payload = {"offer": scored["react"].pk, "graduate": scored["ines"].pk, "grade": "off_topic"}

    created = api_client_for(officer).post("/api/v1/judgements/", payload, format="json")
    listed = api_client_for(officer).get(f"/api/v1/judgements/?offer={scored['react'].pk}")

    assert created.status_code == 201 and created.json()["model_version"] == "prior-1"
    assert [r["grade"] for r in listed.json()["results"]] == ["off_topic"]
    assert (
        api_client_for(employer_user).post("/api/v1/judgements/", payload, format="json").status_code == 403
    )
    assert api_client_for(scored["ines"].user).get("/api/v1/judgements/").status_code == 403
    assert api_client_for(officer).get("/api/v1/judgements/?offer=x").status_code == 400


def _grade(officer, offer, graduate, grade):
    MatchJudgement.objects.create(
        offer=offer, graduate=graduate, officer=officer, grade=grade, model_version="prior-1"
    )


def test_the_ranker_page_reads_every_model_against_the_judgements(scored, client_for, officer):
    # Kylian holds both required skills of the React offer, Inès one: the prior ranks Kylian first.
    _grade(officer, scored["react"], scored["kylian"], "relevant")
    _grade(officer, scored["react"], scored["ines"], "off_topic")

    agreeing = judgements.judgement_summary(use_cache=False)
    MatchJudgement.objects.all().delete()
    _grade(officer, scored["react"], scored["kylian"], "off_topic")
    _grade(officer, scored["react"], scored["ines"], "relevant")
    disagreeing = judgements.judgement_summary(use_cache=False)

    prior = {v.version: v for v in agreeing.versions}["prior-1"]
    assert prior.ndcg_offer == pytest.approx(1.0) and prior.offers == 1
    assert {v.version: v for v in disagreeing.versions}["prior-1"].ndcg_offer < 0.8
    assert {v.version for v in agreeing.versions if v.baseline} == {
        "random",
        "skill Jaccard",
        "TF-IDF cosine",
    }
    html = client_for(officer).get("/analyse/modele/").content.decode()
    assert 'id="judgement-ndcg"' in html and 'data-version="prior-1"' in html
    assert "2 jugements de chargé·es d'insertion sur 2 paires" in html
    api = client_for(officer).get("/api/v1/ranker/").json()
    assert {r["version"] for r in api["judgement_ndcg"]} >= {"prior-1", "random"}


def test_the_ranker_page_says_when_nothing_is_judged_or_logged_yet(scored, client_for, officer):
    html = client_for(officer).get("/analyse/modele/").content.decode()

    assert "Pas encore de jugement exploitable" in html
    assert "Aucune candidature suivie jusqu'au bout" in html


def test_the_calibration_chart_spells_out_every_bin():
    cal = judgements.Calibration(
        version="v1",
        source="held_out",
        n_outcomes=90,
        n_positives=12,
        bins=[
            judgements.CalibrationBin(predicted=0.05, observed=0.04, count=30),
            judgements.CalibrationBin(predicted=0.12, observed=0.15, count=30),
            judgements.CalibrationBin(predicted=0.3, observed=0.2, count=30),
        ],
    )

    svg = str(judgements.calibration_chart(cal))

    assert svg.startswith("<svg") and 'role="img"' in svg and svg.count("<circle") == 3
    assert "12,0\u00a0% → 15,0\u00a0% (30)" in svg
    assert judgements.calibration_chart(judgements.Calibration(version="v1")) is None


def test_the_demo_officer_grades_from_the_facts_not_the_score():
    full = {"required_matched": ["a", "b"], "required_missing": [], "within_radius": True}
    half_far = {"required_matched": ["a"], "required_missing": ["b"], "within_radius": False}
    nothing = {"required_matched": [], "required_missing": ["a"], "related": []}

    assert demo_grade(full, same_track=True) == "relevant"
    assert demo_grade(half_far, same_track=True) == "plausible"
    assert demo_grade(nothing, same_track=None) == "off_topic"
    assert demo_grade(full, same_track=False) == "off_topic"


def test_the_demo_seeds_judgements_once(scored):
    UserFactory(role="officer", email="charge@tremplin.demo")

    written = seed_demo_judgements()

    assert written == MatchJudgement.objects.count() > 0
    assert seed_demo_judgements() == 0
