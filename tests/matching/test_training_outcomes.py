"""What the ranker learns from: every application's path, read from the placements log."""

from django.utils import timezone

from employers.models import Offer
from matching import ranker_bridge
from matching.models import SuggestionFeedback
from matching.outcomes import logged_outcomes
from placements.models import Application, ApplicationTransition


def _application(graduate, offer, path: list[str], **fields) -> Application:
    """An application that went through ``path`` (its states in order), with its transition log."""
    app = Application.objects.create(
        graduate=graduate, offer=offer, state=path[-1], origin="graduate", moved_at=timezone.now(), **fields
    )
    previous = ""
    for state in path:
        ApplicationTransition.objects.create(
            application=app, transition="t", from_state=previous, to_state=state
        )
        previous = state
    return app


def test_each_ended_application_becomes_one_graded_outcome(region, other_employer):
    from tests.factories import OfferFactory

    kylian, ines, leo = region["kylian"], region["ines"], region["leo"]
    react, knx = region["react"], region["knx"]
    third = OfferFactory(employer=other_employer, published=True, title="Technicien support")
    fourth = OfferFactory(employer=other_employer, published=True, title="Référent numérique")
    _application(kylian, react, ["applied", "interview", "offer", "hired"])
    _application(ines, react, ["applied", "interview", "refused"], refusal_reason="profile")
    _application(leo, react, ["applied", "refused"], refusal_reason="skills")
    _application(kylian, knx, ["applied", "obsolete"])
    _application(ines, knx, ["applied"])  # still pending: not an outcome yet
    _application(leo, knx, ["suggested", "interested", "withdrawn"])  # never sent: nothing to learn
    _application(kylian, third, ["applied", "interview", "withdrawn"])
    SuggestionFeedback.objects.create(graduate=ines, offer=fourth, kind="not_for_me", reason="too_far")
    # "not for me" and then applied anyway: the application wins.
    SuggestionFeedback.objects.create(graduate=leo, offer=third, kind="not_for_me")
    _application(leo, third, ["applied", "closed"])

    got = {(p.offer_id, p.candidate_id): p.outcome for p in logged_outcomes()}

    def key(offer, graduate):
        return (str(offer.pk), str(graduate.pk))

    assert got == {
        key(react, kylian): "hired",
        key(react, ines): "interview",
        key(react, leo): "dismissed",
        key(knx, kylian): "applied",
        key(third, kylian): "interview",
        key(fourth, ines): "dismissed",
        key(third, leo): "applied",
    }


def test_past_offers_with_outcomes_are_known_to_the_training_matcher(region):
    filled = region["react"]
    Offer.objects.filter(pk=filled.pk).update(status=Offer.Status.FILLED)

    assert str(filled.pk) not in ranker_bridge.build_matcher().offers.ids
    assert str(filled.pk) in ranker_bridge.build_matcher(also_offer_ids={filled.pk}).offers.ids


def test_retraining_learns_from_logged_candidacies_and_records_the_new_version(
    employer, monkeypatch, tmp_path
):
    """Enough ended candidacies (hires where the graduate held the offer's required skills,
    dismissals where they did not): the periodic retraining trains on them, evaluates on held-out
    offers against the prior, and records the version it trained (promoted or not)."""
    import random

    from backend.taxonomy.models import Skill
    from employers.models import OfferSkill
    from graduates.models import GraduateSkill
    from matching.models import MatchJudgement, RankerVersion
    from matching.services.retraining import ranker_retrain
    from tests.factories import OfferFactory, UserFactory
    from tests.factories.graduates import CohortFactory, GraduateFactory

    monkeypatch.setattr(
        "matching.services.retraining.ARTEFACT_DIR", tmp_path
    )  # absolute: BASE_DIR / it is it
    rng = random.Random(5)
    skills = list(Skill.objects.filter(curated=True).order_by("pk")[:12])
    cohort = CohortFactory(name="Promo Apprentissage")
    graduates = []
    for _ in range(16):
        graduate = GraduateFactory(cohort=cohort, commune_id="62510")
        held = rng.sample(skills, 4)
        GraduateSkill.objects.bulk_create(
            [GraduateSkill(graduate=graduate, skill=s, status="accepted", level=3) for s in held]
        )
        graduates.append((graduate, set(held)))
    offers = []
    for i in range(40):
        offer = OfferFactory(employer=employer, published=True, title=f"Poste {i}", commune_id="62498")
        needed = rng.sample(skills, 2)
        OfferSkill.objects.bulk_create([OfferSkill(offer=offer, skill=s, level="required") for s in needed])
        offers.append((offer, set(needed)))
    for offer, needed in offers:
        for graduate, held in rng.sample(graduates, 9):
            covered = len(needed & held)
            path = {
                2: ["applied", "interview", "offer", "hired"],
                1: ["applied", "interview", "refused"],
            }.get(covered, ["applied", "refused"])
            _application(graduate, offer, path, refusal_reason="skills" if path[-1] == "refused" else "")
    assert len(logged_outcomes()) == 360
    # An officer graded two pairs of every offer: they enter training and the held-out figures.
    officer = UserFactory(role="officer")
    for offer, needed in offers:
        for graduate, held in rng.sample(graduates, 2):
            grade = {2: "relevant", 1: "plausible"}.get(len(needed & held), "off_topic")
            MatchJudgement.objects.create(offer=offer, graduate=graduate, officer=officer, grade=grade)

    report = ranker_retrain(wet_run=True)

    assert report.trained, report.lines
    new = RankerVersion.objects.filter(is_prior=False).get()
    assert new.n_outcomes == 360
    assert set(new.metrics) == {"new", "current", "calibration", "serving", "training_data_hash"}
    assert "ndcg@10_offer" in new.metrics["new"] and new.metrics["serving"] == "prior-1"
    assert "80 jugement(s) de chargé·es d'insertion." in report.lines
    assert new.metrics["new"]["n_judgements"] > 0 and "ndcg@10_judgements" in new.metrics["current"]
    assert sum(b["n"] for b in new.metrics["calibration"]) > 0
    assert new.is_current == report.promoted
    assert RankerVersion.objects.filter(is_current=True).count() == 1
    assert (tmp_path / f"ranker-{new.version}.joblib").exists()


def test_a_refusal_because_the_job_was_filled_is_not_a_verdict_on_the_pair(region):
    _application(region["kylian"], region["react"], ["applied", "refused"], refusal_reason="filled")
    _application(region["ines"], region["react"], ["applied", "refused"], refusal_reason="skills")

    got = {p.candidate_id: p.outcome for p in logged_outcomes()}

    assert got == {str(region["kylian"].pk): "applied", str(region["ines"].pk): "dismissed"}
