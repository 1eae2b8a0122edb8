"""A trained candidate waits for officers' judgements before it serves (issue #12): pending while fewer
than MIN_POOLED_TO_GATE pooled pairs are judged, then promoted or refused on them without retraining;
a newer candidate supersedes it. Real rows, the real database, the real retraining service."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction

from matching import pooling
from matching.models import MatchScore, RankerVersion
from matching.serving import ranker_current
from tests.factories import UserFactory
from tests.matching.conftest import logged_application

pytestmark = pytest.mark.django_db

PAGE = "/analyse/modele/"
API = "/api/v1/ranker/"
Status = RankerVersion.Status


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _judge_pool(biased, *, far_is_good: bool, limit: int = 1000) -> int:
    """An officer judges the pooled queue: the far graduates pertinent (the candidate's view) or the near
    ones (the officers' real view), the others hors sujet. Returns how many pairs were judged."""
    from matching.services import judgement_record

    officer = UserFactory(role="officer")
    queue = pooling.judgement_queue(officer=officer, limit=limit)
    for item in queue.items:
        good = (item.graduate in biased["far"]) == far_is_good
        judgement_record(
            officer=officer,
            offer_id=item.offer.pk,
            graduate_id=item.graduate.pk,
            grade="relevant" if good else "off_topic",
            pooled=True,
        )
    return len(queue.items)


def _candidate() -> RankerVersion:
    return RankerVersion.objects.filter(is_prior=False).order_by("-created_at", "-pk").first()


def test_a_winner_on_logged_pairs_waits_pending_then_is_refused_on_the_pooled_judgements(
    biased, client_for, officer, api_client_for
):
    from matching.services.retraining import ranker_decide_pending, ranker_retrain

    dry = ranker_retrain(wet_run=False)
    assert any(line.startswith("En attente depuis le") for line in dry.lines), dry.lines
    assert not RankerVersion.objects.filter(is_prior=False).exists()

    report = ranker_retrain(wet_run=True)

    new = _candidate()
    assert report.trained and report.pending and not report.promoted
    assert new.status == Status.PENDING and not new.is_current and new.decided_at is None
    assert new.metrics["new"]["ndcg@10_offer"] > new.metrics["current"]["ndcg@10_offer"] + 0.005
    assert ranker_current().is_prior and ranker_current().status == Status.SERVING
    assert not MatchScore.objects.filter(model_version=new.version).exists()
    # The pooled queue now pools the serving prior against this candidate.
    serving, candidate = pooling.pool_versions()
    assert serving.is_prior and candidate == new
    assert pooling.current_pool().candidate == new.version

    # Too few pooled pairs: the decision waits, nothing changes.
    judged = _judge_pool(biased, far_is_good=False, limit=30)
    assert judged == 30
    waiting = ranker_decide_pending(wet_run=True)
    assert any("il en reste 70 à juger" in line for line in waiting.lines), waiting.lines
    new.refresh_from_db()
    assert new.status == Status.PENDING

    # The ranker page and the API say so to officers.
    html = client_for(officer).get(PAGE).content.decode()
    assert (
        f"Modèle candidat {new.version} en attente : jugez encore 70 paires dans la file commune "
        "avant qu'il puisse servir." in html
    )
    assert 'href="/analyse/jugements/file/"' in html
    data = api_client_for(officer).get(API).json()
    assert data["pending"]["version"] == new.version and data["pending"]["status"] == "pending"
    assert data["pooled"]["candidate"] == new.version and data["pooled"]["candidate_status"] == "pending"
    assert data["pooled"]["n_left"] == 70 and data["current"]["status"] == "serving"

    # The officers judge enough pooled pairs, against it: refused, without retraining.
    _judge_pool(biased, far_is_good=False)
    versions, artefacts = RankerVersion.objects.count(), sorted(biased["dir"].iterdir())
    decided = ranker_decide_pending(wet_run=True)

    new.refresh_from_db()
    assert decided.decided == "refused" and not decided.promoted
    assert new.status == Status.REFUSED and not new.is_current and new.decided_at is not None
    assert (
        new.decision.startswith("Refusé le ")
        and "il classe moins bien les paires de la file commune" in new.decision
    )
    figures = new.metrics["pooled_decision"]
    assert figures["n_pooled"] >= pooling.MIN_POOLED_TO_GATE
    assert figures["ndcg@10_pooled"] < figures["serving_ndcg@10_pooled"]
    assert f"sur {int(figures['n_pooled'])} paires jugées de la file commune" in new.decision
    assert RankerVersion.objects.count() == versions and sorted(biased["dir"].iterdir()) == artefacts
    assert ranker_current().is_prior

    html = client_for(officer).get(PAGE).content.decode()
    assert "Aucun modèle candidat en attente" in html
    assert f"Dernière décision, modèle {new.version} (refusé) : Refusé le " in html
    data = api_client_for(officer).get(API).json()
    assert data["pending"] is None and data["last_decision"]["status"] == "refused"
    assert data["last_decision"]["decision"] == new.decision


def test_a_pending_candidate_the_pool_favours_is_promoted_and_scores_are_refreshed(
    biased, client_for, officer
):
    from matching.services.retraining import ranker_retrain

    ranker_retrain(wet_run=True)
    new = _candidate()
    prior = ranker_current()
    assert new.status == Status.PENDING

    _judge_pool(biased, far_is_good=True)
    out = call_command_output("matching_retrain", "--decide-only", "--wet-run")

    new.refresh_from_db()
    prior.refresh_from_db()
    assert new.status == Status.SERVING and new.is_current and ranker_current() == new
    assert prior.status == Status.RETIRED and not prior.is_current
    assert new.decision.startswith("Promu le ") and "sur " in new.decision
    assert f"Modèle candidat {new.version}. Promu le " in out
    # Scores are refreshed under the new version.
    assert MatchScore.objects.filter(model_version=new.version).count() > 0
    html = client_for(officer).get(PAGE).content.decode()
    assert f"Dernière décision, modèle {new.version} (en service) : Promu le " in html


def test_a_newer_candidate_supersedes_the_pending_one_and_the_same_data_trains_none(biased):
    from matching.services.retraining import ranker_retrain

    ranker_retrain(wet_run=True)
    first = _candidate()
    assert first.status == Status.PENDING

    again = ranker_retrain(wet_run=True)
    assert any("a été entraîné sur les mêmes données" in line for line in again.lines), again.lines
    assert RankerVersion.objects.filter(is_prior=False).count() == 1

    # New outcomes arrive: the next run trains a newer candidate that replaces the pending one.
    for offer in biased["offers"][:10]:
        for graduate in biased["rng"].sample(biased["near"] + biased["far"], 3):
            if not offer.applications.filter(graduate=graduate).exists():
                logged_application(
                    graduate,
                    offer,
                    ["applied", "interview", "offer", "hired"]
                    if graduate in biased["far"]
                    else ["applied", "refused"],
                )
    report = ranker_retrain(wet_run=True)

    first.refresh_from_db()
    second = _candidate()
    assert report.pending and second != first
    assert second.status == Status.PENDING
    assert first.status == Status.SUPERSEDED and first.decided_at is not None
    assert first.decision.startswith("Remplacé le ") and f"par le candidat {second.version}" in first.decision
    assert RankerVersion.objects.filter(status=Status.PENDING).count() == 1
    assert pooling.pool_versions()[1] == second and ranker_current().is_prior


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_decide_only_command_says_when_nothing_is_pending(db):
    assert "Aucun modèle candidat en attente." in call_command_output("matching_retrain", "--decide-only")


def test_only_officers_see_the_candidate_state(
    client_for, api_client_for, officer, graduate_user, employer_user, trainer
):
    ranker_current()
    RankerVersion.objects.create(
        version="20261208-000000-cafe0000", artefact_path="x.joblib", status="pending"
    )
    for user in (graduate_user, employer_user, trainer):
        assert client_for(user).get(PAGE).status_code in (403, 404)
        assert api_client_for(user).get(API).status_code == 403
    assert api_client_for().get(API).status_code in (401, 403)
    assert "20261208-000000-cafe0000 en attente" in client_for(officer).get(PAGE).content.decode()


def test_the_database_holds_one_serving_and_at_most_one_pending(db):
    ranker_current()
    RankerVersion.objects.create(version="a", artefact_path="a.joblib", status="pending")
    with pytest.raises(IntegrityError), transaction.atomic():
        RankerVersion.objects.create(version="b", artefact_path="b.joblib", status="pending")
    with pytest.raises(IntegrityError), transaction.atomic():
        RankerVersion.objects.filter(version="a").update(is_current=True)  # serving needs the status
    with pytest.raises(IntegrityError), transaction.atomic():
        RankerVersion.objects.create(version="p", is_prior=True, status="pending")


def test_the_migration_backfills_the_status_from_what_the_rows_say(scored):
    """Current: serving; the prior or a version scores were written under: retired (it served); a
    trained version with no score: refused (never served)."""
    backfill = importlib.import_module("matching.migrations.0006_rankerversion_status").backfill_status
    current = ranker_current()
    served = RankerVersion.objects.create(version="served", artefact_path="s.joblib")
    refused = RankerVersion.objects.create(version="never", artefact_path="n.joblib")
    old_prior = RankerVersion.objects.create(version="prior-0", is_prior=True)
    row = MatchScore.objects.filter(model_version=current.version).first()
    MatchScore.objects.create(offer=row.offer, graduate=row.graduate, model_version="served", score=0.5)
    RankerVersion.objects.exclude(is_current=True).update(status="refused")
    RankerVersion.objects.filter(version="never").update(status="retired")

    backfill(apps, None)

    status = dict(RankerVersion.objects.values_list("version", "status"))
    assert status[current.version] == "serving"
    assert status[served.version] == "retired" and status[old_prior.version] == "retired"
    assert status[refused.version] == "refused"
