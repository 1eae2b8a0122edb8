"""The content blend: the text decides more of the order as structured evidence goes missing."""

import numpy as np
import pytest

from matching.ranker import CandidateDoc, Matcher, OfferDoc
from matching.ranker.content import content_blend, pair_evidence, skill_evidence, within_list_z
from matching.ranker.features import TEXT_COLUMN
from matching.ranker.simulate import simulate_region
from matching.ranker.simulate_text import LabelReader, text_only, to_english


def test_within_list_z_standardises_each_list_and_leaves_flat_lists_at_zero():
    z = within_list_z(np.array([1.0, 2.0, 3.0, 5.0, 5.0, 7.0]), np.array([0, 0, 0, 1, 1, 2]))
    assert z[:3] == pytest.approx([-1.2247, 0.0, 1.2247], abs=1e-4)
    assert list(z[3:]) == [0.0, 0.0, 0.0]


def test_evidence_is_the_mean_of_skills_place_and_contract():
    skills = skill_evidence(np.array([True, True, False]), np.array([False, True, False]))
    assert list(skills) == [1.0, 0.5, 0.0]
    ev = pair_evidence(
        np.array([1.0, 1.0, 0.5]), np.array([1.0, 0.0, 0.5]), [True, True, False], [True, False, False]
    )
    assert ev == pytest.approx([1.0, 1 / 3, 0.5 / 3])


def test_complete_evidence_leaves_the_calibrated_probability_untouched():
    prob = np.array([0.1, 0.4, 0.3])
    assert content_blend(prob, np.array([0.9, 0.0, 0.5]), np.ones(3)) is prob


def test_missing_evidence_moves_the_order_towards_the_text_and_more_so_with_less_evidence():
    prob = np.array([0.30, 0.20, 0.10])
    text = np.array([0.0, 0.1, 0.9])
    some = content_blend(prob, text, np.full(3, 2 / 3))
    none = content_blend(prob, text, np.zeros(3))
    assert np.argsort(-some)[0] == 0  # most evidence there: the model's order mostly holds
    assert np.argsort(-none)[0] == 2  # no evidence: the text decides
    assert (none[2] - none[0]) > (some[2] - some[0])


def test_the_platform_region_is_ranked_by_the_model_alone():
    region = simulate_region(150, 240, seed=3)
    m = Matcher(region.offers, region.candidates, graph=region.graph, today=region.today)
    c = 7
    got = m.suggest_offers(region.candidates[c].id, 10, require_reason=False, standing=False, explain=False)
    rows = np.array([m.offers.index[s.offer_id] for s in got])
    X = m.features(rows, np.full(len(rows), c))
    # The same probabilities (up to the distance's rounding: retrieval computes it in float32).
    assert [s.score for s in got] == pytest.approx(list(m._score(X)), abs=1e-4)


def test_text_only_documents_are_ranked_closer_to_the_text_than_the_model_alone_would():
    region = text_only(simulate_region(150, 240, seed=3), english=True)
    m = Matcher(region.offers, region.candidates, graph=region.graph, today=region.today)
    agree_blend, agree_model = [], []
    for o in region.offers[:40]:
        got = m.shortlist(o.id, 300, require_reason=False, standing=False, explain=False)
        if len(got) < 5:
            continue
        oi = np.full(len(got), m.offers.index[o.id])
        ci = np.array([m.candidates.index[s.candidate_id] for s in got])
        X = m.features(oi, ci)
        text, model = X[:, TEXT_COLUMN], m._score(X)
        blend = np.array([s.score for s in got])
        agree_blend.append(np.corrcoef(np.argsort(np.argsort(blend)), np.argsort(np.argsort(text)))[0, 1])
        agree_model.append(np.corrcoef(np.argsort(np.argsort(model)), np.argsort(np.argsort(text)))[0, 1])
    assert len(agree_blend) >= 10
    assert np.mean(agree_blend) > np.mean(agree_model) + 0.03


def test_english_like_texts_hide_the_translated_french_labels_from_the_reader():
    region = simulate_region(60, 80, seed=2)
    read = LabelReader(region.graph.labels)
    assert read("Compétences : câblage, KNX.") == ["knx", "cablage"] or set(
        read("Compétences : câblage, KNX.")
    ) == {"knx", "cablage"}
    english = to_english("Compétences : câblage, KNX.")
    assert english == "Skills: wiring, KNX."
    assert read(english) == ["knx"]
    doc = text_only(region).offers[0]
    assert doc.skills_from_text and doc.lat is None and doc.contract_type is None
    assert isinstance(doc, OfferDoc) and isinstance(text_only(region).candidates[0], CandidateDoc)
