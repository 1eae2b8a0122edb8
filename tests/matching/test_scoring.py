"""Scoring: idempotent upserts keyed by offer, graduate and model version; tasks chained to analyses."""

from io import StringIO

import pytest
from django.core.management import call_command

from backend.core import events
from matching import serving
from matching.models import MatchScore, RankerVersion
from matching.services import scores
from matching.tasks import score_graduate, score_offer

pytestmark = pytest.mark.django_db


def rows():
    return sorted(MatchScore.objects.values_list("pk", "offer_id", "graduate_id", "model_version", "score"))


def test_the_prior_is_recorded_and_serves_on_first_use(db):
    version = scores.ranker_current()

    assert version.is_prior and version.is_current and version.version == "prior-1"
    assert scores.ranker_current().pk == version.pk
    assert RankerVersion.objects.count() == 1


def test_scoring_an_offer_twice_leaves_the_same_rows(region):
    react = region["react"]

    first = scores.scores_refresh_for_offer(offer_id=react.pk)
    before = rows()
    second = scores.scores_refresh_for_offer(offer_id=react.pk)

    assert first == second > 0
    assert rows() == before
    scored = set(MatchScore.objects.filter(offer=react).values_list("graduate_id", flat=True))
    assert {region["kylian"].pk, region["ines"].pk} <= scored


def test_scoring_a_graduate_twice_leaves_the_same_rows(region):
    kylian = region["kylian"]

    score_graduate.delay(graduate_id=kylian.pk)
    before = rows()
    score_graduate.delay(graduate_id=kylian.pk)

    assert rows() == before
    assert MatchScore.objects.filter(graduate=kylian, offer=region["react"]).count() == 1


def test_a_new_model_version_writes_new_rows_and_keeps_the_old(region):
    react = region["react"]
    score_offer.delay(offer_id=react.pk)
    old = rows()
    RankerVersion.objects.update(is_current=False, status=RankerVersion.Status.RETIRED)
    RankerVersion.objects.create(version="prior-2", is_prior=True, is_current=True)

    score_offer.delay(offer_id=react.pk)

    versions = MatchScore.objects.filter(offer=react).values_list("model_version", flat=True)
    assert sorted(set(versions)) == ["prior-1", "prior-2"]
    assert MatchScore.objects.filter(model_version="prior-1").count() == len(old)
    assert MatchScore.objects.filter(model_version="prior-2").count() == len(old)


def test_the_graduate_with_the_required_skills_scores_highest(scored):
    react = MatchScore.objects.filter(offer=scored["react"]).order_by("-score")
    by_graduate = {s.graduate_id: s for s in react}

    assert react[0].graduate_id == scored["kylian"].pk
    assert by_graduate[scored["kylian"].pk].score > by_graduate[scored["ines"].pk].score
    assert 0 < by_graduate[scored["kylian"].pk].score < 1


def test_only_accepted_skills_reach_the_ranker(scored):
    from matching import ranker_bridge

    docs = {d.id: d for d in map(ranker_bridge.candidate_doc, ranker_bridge.graduates_to_match())}

    assert docs[str(scored["leo"].pk)].skills == {}  # Docker is only proposed
    assert set(docs[str(scored["kylian"].pk)].skills.values()) == {"confirmed", "declared"}
    assert docs[str(scored["kylian"].pk)].contract_types == ("cdi",)


def test_only_visible_graduates_are_matched_for_employers(scored):
    from matching import ranker_bridge

    ids = {g.pk for g in ranker_bridge.graduates_to_match(visible_only=True)}

    assert ids == {scored["kylian"].pk, scored["leo"].pk}


def test_explanations_are_in_french_for_each_audience(scored):
    pair = MatchScore.objects.get(offer=scored["react"], graduate=scored["kylian"])

    assert pair.summary.startswith("2 sur 2 compétences requises")
    assert "CDI" in pair.summary
    assert pair.graduate_reasons[0].startswith("Compétences requises : 2 sur 2")
    assert any("un contrat que vous recherchez" in r for r in pair.graduate_reasons)
    assert any("dans votre rayon de" in r for r in pair.graduate_reasons)
    assert any(r.startswith("Habite à ") and "dans son rayon" in r for r in pair.employer_reasons)
    assert pair.chances_label.startswith("Sur 10") or pair.chances_label.startswith("Sur 100")
    assert "profils comme le vôtre" in pair.chances_label
    assert "profils comme celui-ci" in pair.chances_label_employer


def test_missing_skills_are_named_for_the_graduate(scored):
    pair = MatchScore.objects.get(offer=scored["react"], graduate=scored["ines"])

    assert pair.graduate_reasons[0].startswith("Compétences requises : 1 sur 2")
    assert any(r.startswith("À acquérir : ") for r in pair.graduate_reasons)


def test_a_closed_offer_loses_its_scores(scored):
    react = scored["react"]
    react.status = "closed"
    react.save(update_fields=["status"])

    assert scores.scores_refresh_for_offer(offer_id=react.pk) == 0
    assert not MatchScore.objects.filter(offer=react).exists()


def test_publishing_an_offer_enqueues_its_scoring(region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("offer.published", offer_id=region["react"].pk)

    assert MatchScore.objects.filter(offer=region["react"]).exists()


def test_an_offer_analysis_enqueues_scoring_on_commit(
    region, django_capture_on_commit_callbacks, monkeypatch
):
    from matching.services import analysis

    with django_capture_on_commit_callbacks(execute=True):
        analysis._enqueue_scoring(offer_id=region["react"].pk, graduate_id=region["kylian"].pk)

    assert MatchScore.objects.filter(offer=region["react"], graduate=region["kylian"]).exists()


def test_the_retrain_command_reports_that_the_prior_keeps_serving(db):
    out = StringIO()

    call_command("matching_retrain", stdout=out)

    assert "Modèle en service : prior-1 (a priori)." in out.getvalue()
    assert "0 résultat(s) enregistré(s)." in out.getvalue()
    assert "le modèle a priori continue de servir" in out.getvalue()
    assert RankerVersion.objects.filter(is_current=True).count() == 1


def test_the_retrain_task_changes_nothing_without_outcomes(db):
    from matching.tasks import retrain

    assert retrain.delay().get() == {
        "outcomes": 0,
        "trained": False,
        "promoted": False,
        "pending": False,
        "decided": "",
    }
    assert RankerVersion.objects.get(is_current=True).is_prior


def test_the_scoring_tasks_have_time_limits_and_retry_database_outages():
    from django.db import OperationalError

    for task in (score_offer, score_graduate):
        assert task.name.startswith("matching.")
        assert 0 < task.soft_time_limit < task.time_limit
        assert OperationalError in task.autoretry_for


def test_refreshing_one_side_keeps_the_pairs_the_other_side_kept(region, monkeypatch):
    monkeypatch.setattr(scores, "TOP_PER_SIDE", 1)
    ines, react = region["ines"], region["react"]
    scores.scores_refresh_for_graduate(graduate_id=ines.pk)
    assert MatchScore.objects.filter(graduate=ines, offer=react).exists()

    scores.scores_refresh_for_offer(offer_id=react.pk)  # Kylian is the offer's top 1

    kept = set(MatchScore.objects.filter(offer=react).values_list("graduate_id", flat=True))
    assert kept == {region["kylian"].pk, ines.pk}


def test_the_score_all_command_is_dry_unless_told(region):
    out = StringIO()
    call_command("matching_score_all", stdout=out)
    assert "Rien n'a été modifié" in out.getvalue()
    assert not MatchScore.objects.exists()

    call_command("matching_score_all", "--wet-run", stdout=out)
    first = rows()
    call_command("matching_score_all", "--wet-run", stdout=out)

    assert first and rows() == first
    assert "2 offre(s) et 3 diplômé·e(s) noté·es" in out.getvalue()


def test_editing_a_live_offer_scores_it_again(scored, employer_user, django_capture_on_commit_callbacks):
    from employers import services as employer_services
    from tests.factories import PartnershipFactory

    PartnershipFactory(employer=scored["react"].employer)  # a partner's edits stay live
    assert MatchScore.objects.filter(offer=scored["react"], graduate=scored["kylian"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        employer_services.offer_update(
            offer=scored["react"], by=employer_user, contract_type="CDD", contract_months=6
        )

    # Kylian only wants a CDI: the contract filter now leaves him out; Inès accepts any contract.
    assert not MatchScore.objects.filter(offer=scored["react"], graduate=scored["kylian"]).exists()
    pair = MatchScore.objects.get(offer=scored["react"], graduate=scored["ines"])
    assert "Contrat : CDD, tous contrats acceptés" in pair.graduate_reasons


def test_a_trained_version_whose_artefact_no_longer_loads_serves_the_prior_and_says_so(tmp_path, caplog):
    """A model trained by an older release (other features) must not take the pages down."""
    import json

    from matching.ranker import build_prior
    from matching.ranker.model import ARTEFACT_FORMAT, ARTEFACT_FORMAT_VERSION

    artefact = tmp_path / "old.joblib"
    artefact.write_bytes(b"not read")
    (tmp_path / "old.joblib.json").write_text(
        json.dumps({"format": ARTEFACT_FORMAT, "format_version": ARTEFACT_FORMAT_VERSION, "features": ["x"]})
    )
    version = RankerVersion.objects.create(version="20260101-000000-old", artefact_path=str(artefact))
    serving._models.pop(version.version, None)
    with caplog.at_level("ERROR", logger="matching.serving"):
        model = serving.ranker_model(version)
    assert type(model) is type(build_prior())
    assert "cannot be loaded" in caplog.text and version.version in caplog.text
    serving._models.pop(version.version, None)
