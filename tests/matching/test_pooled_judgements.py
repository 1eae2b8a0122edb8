"""The pooled judgement queue (serving model's and candidate's top 10, merged, judged blind) and the
promotion rule that reads it: real rows, the real database, the real retraining service."""

import pytest
from django.core.cache import cache

from demo.judgements import seed_demo_pooled_judgements
from matching import pooling
from matching.models import MatchJudgement, RankerVersion
from matching.serving import ranker_current
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/analyse/jugements/file/"
JUDGE = "/analyse/jugements/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_versions(scored):
    """The serving prior and a second version to compare it with (the prior again under another
    name: both propose the same pairs, so every pair of the pool is proposed by both)."""
    serving = ranker_current()
    other = RankerVersion.objects.create(version="prior-0", is_prior=True)
    return serving, other


def pair(offer, graduate) -> str:
    return f'data-pair="{offer.pk}-{graduate.pk}"'


def test_the_queue_shows_the_pool_of_both_versions_without_saying_who_proposed(
    scored, two_versions, client_for, officer
):
    html = client_for(officer).get(QUEUE).content.decode()

    # React needs React and Symfony: Kylian holds both, Inès React; Léo's only skill is a proposal and
    # nobody holds KNX, so the pool (both sides' top 10) is these two pairs.
    assert pair(scored["react"], scored["kylian"]) in html and pair(scored["react"], scored["ines"]) in html
    assert pair(scored["knx"], scored["kylian"]) not in html and "data-pair" in html
    assert html.count("data-pair=") == 2
    assert "prior-0" not in html and "prior-1" not in html  # the versions are not shown
    assert "2 paires à juger sur 2 aujourd&#x27;hui" in html or "2 paires à juger sur 2 aujourd'hui" in html
    assert 'name="pooled" value="1"' in html


def test_the_queue_tells_each_pair_s_distance_as_the_shortlist_does(
    scored, two_versions, client_for, officer
):
    # Both sides have a commune: the officer judges the pair knowing how far it is (the queue said
    # « Lieu non précisé : distance inconnue » for every pair of the demo).
    pool = pooling.current_pool(use_cache=False)
    assert pool.pairs and all(p.details["distance_km"] is not None for p in pool.pairs)
    html = client_for(officer).get(QUEUE).content.decode()
    assert "Lieu non précisé" not in html and "Habite à " in html


def test_a_one_click_queue_judgement_stores_who_when_and_the_proposing_versions(
    scored, two_versions, client_for, officer
):
    serving, other = two_versions
    client = client_for(officer)

    answer = client.post(
        JUDGE,
        {"offer": scored["react"].pk, "graduate": scored["kylian"].pk, "grade": "relevant", "pooled": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert answer.status_code == 200
    assert 'value="relevant" class="primary" aria-pressed="true"' in answer.content.decode()
    assert 'name="pooled" value="1"' in answer.content.decode()  # a regrade stays a queue judgement
    j = MatchJudgement.objects.get()
    assert (j.offer, j.graduate, j.officer, j.grade) == (
        scored["react"],
        scored["kylian"],
        officer,
        "relevant",
    )
    assert j.model_version == serving.version and j.created_at is not None
    assert sorted(j.proposed_by) == sorted([serving.version, other.version])
    html = client.get(QUEUE).content.decode()
    assert pair(scored["react"], scored["kylian"]) not in html
    assert pair(scored["react"], scored["ines"]) in html


def test_the_queue_leaves_out_pairs_judged_from_any_page_but_only_for_that_officer(
    scored, two_versions, client_for, officer
):
    # Judged on the shortlist (not pooled): already judged by her, so not in her queue.
    client_for(officer).post(
        JUDGE, {"offer": scored["react"].pk, "graduate": scored["ines"].pk, "grade": "plausible"}
    )
    other = UserFactory(role="officer", email="autre@ecole.fr")

    mine = client_for(officer).get(QUEUE).content.decode()
    theirs = client_for(other).get(QUEUE).content.decode()

    assert pair(scored["react"], scored["ines"]) not in mine
    assert pair(scored["react"], scored["kylian"]) in mine
    assert theirs.count("data-pair=") == 2
    assert MatchJudgement.objects.get().proposed_by == []


def test_a_queue_judgement_of_a_pair_outside_the_pool_is_refused(scored, two_versions, client_for, officer):
    answer = client_for(officer).post(
        JUDGE,
        {"offer": scored["knx"].pk, "graduate": scored["kylian"].pk, "grade": "relevant", "pooled": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert answer.status_code == 409
    assert "ne fait plus partie de la file" in answer.content.decode()
    assert not MatchJudgement.objects.exists()


def test_the_queue_is_for_officers_only(scored, client_for, client, employer_user):
    assert client_for(employer_user).get(QUEUE).status_code == 403
    assert client_for(scored["kylian"].user).get(QUEUE).status_code == 403
    anonymous = client.get(QUEUE)
    assert anonymous.status_code == 302 and "connexion" in anonymous.url or "login" in anonymous.url
    pooled = {
        "offer": scored["react"].pk,
        "graduate": scored["kylian"].pk,
        "grade": "relevant",
        "pooled": "1",
    }
    assert client_for(employer_user).post(JUDGE, pooled).status_code == 403
    assert not MatchJudgement.objects.exists()


def test_when_every_pair_is_judged_the_queue_says_so(scored, two_versions, client_for, officer):
    client = client_for(officer)
    for g in ("kylian", "ines"):
        client.post(
            JUDGE, {"offer": scored["react"].pk, "graduate": scored[g].pk, "grade": "relevant", "pooled": "1"}
        )

    html = client.get(QUEUE).content.decode()

    assert "data-pair=" not in html and "Vous avez jugé toutes les paires du jour" in html


def test_the_ranker_page_shows_how_many_pooled_judgements_the_comparison_rests_on(
    scored, two_versions, client_for, officer
):
    client = client_for(officer)
    client.post(
        JUDGE,
        {"offer": scored["react"].pk, "graduate": scored["kylian"].pk, "grade": "relevant", "pooled": "1"},
    )
    client.post(
        JUDGE,
        {"offer": scored["react"].pk, "graduate": scored["ines"].pk, "grade": "off_topic", "pooled": "1"},
    )

    html = client.get("/analyse/modele/").content.decode()
    comparison = pooling.pooled_comparison(use_cache=False)

    assert 'id="pooled-ndcg"' in html and 'data-version="prior-0"' in html
    assert "Comparaison sur 2 paires jugées (jugements de la file commune : 2 ;" in html
    assert comparison.n_pairs == 2 and comparison.candidate == "prior-0"
    # Kylian (both skills) above Inès (one): the prior agrees with the officer.
    assert comparison.serving_ndcg == pytest.approx(1.0) and comparison.candidate_ndcg == pytest.approx(1.0)
    assert not comparison.enough
    api = client.get("/api/v1/ranker/").json()["pooled"]
    assert (api["candidate"], api["n_pairs"], api["n_judgements"], api["min_pairs"]) == ("prior-0", 2, 2, 100)


def test_the_demo_seeds_pooled_judgements_through_the_service_once(scored, two_versions):
    officer = UserFactory(role="officer", email="charge@tremplin.demo")

    written = seed_demo_pooled_judgements(n=1)

    assert written == 1
    j = MatchJudgement.objects.get()
    assert j.officer == officer and len(j.proposed_by) == 2
    assert seed_demo_pooled_judgements() == 0


# ------------------------------------------------------------------ the promotion rule reads the pool


def test_a_candidate_worse_on_the_pooled_judgements_is_refused_though_it_wins_on_logged_pairs(biased):
    """The logged outcomes carry the old listing's selection: every offer is in Lens, and the logs say
    graduates living near Lille (~30 km) were hired and those of Liévin (next door) were not. A model
    trained on them learns "farther is better" and wins on the held-out logged pairs; the officers,
    judging the pooled queue, grade the near graduates pertinent and the far ones hors sujet. The
    pooled gate refuses the candidate that the logged-pairs gate alone would promote."""
    from matching.services import judgement_record
    from matching.services.retraining import ranker_retrain

    near = biased["near"]
    dry = ranker_retrain(wet_run=False)
    # It would wait for pooled judgements (none yet) before serving: nothing holds it back otherwise.
    assert any(line.startswith("En attente depuis le") for line in dry.lines), dry.lines

    officer = UserFactory(role="officer")
    queue = pooling.judgement_queue(officer=officer, limit=1000)
    assert queue.n_left >= pooling.MIN_POOLED_TO_GATE
    for item in queue.items:
        judgement_record(
            officer=officer,
            offer_id=item.offer.pk,
            graduate_id=item.graduate.pk,
            grade="relevant" if item.graduate in near else "off_topic",
            pooled=True,
        )
    report = ranker_retrain(wet_run=True)

    new = RankerVersion.objects.filter(is_prior=False).get()
    assert report.trained and not report.promoted and not new.is_current
    assert new.metrics["new"]["ndcg@10_offer"] > new.metrics["current"]["ndcg@10_offer"] + 0.005
    assert new.metrics["new"]["n_pooled"] >= pooling.MIN_POOLED_TO_GATE
    assert new.metrics["new"]["ndcg@10_pooled"] < new.metrics["current"]["ndcg@10_pooled"]
    # Pooled judgements compare models; they did not train this one.
    assert new.metrics["new"].get("n_judgements", 0) == 0
    assert any("de la file commune" in line for line in report.lines)
    assert ranker_current().is_prior


def test_a_cached_pool_whose_rows_are_gone_is_built_again(scored, two_versions):
    assert len(pooling.current_pool().pairs) == 2  # now cached for the day

    scored["ines"].delete()  # e.g. the demo reset: its rows come back under other ids

    assert [(p.offer_id, p.graduate_id) for p in pooling.current_pool().pairs] == [
        (scored["react"].pk, scored["kylian"].pk)
    ]
