"""The span scorer of ``python -m nlp_models evaluate`` and the integrity of the span gold it reads."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from nlp_models.evaluation import (
    GOLD_DIR,
    NEW_TRADE,
    evaluate_spans,
    load_gold,
    predicted_spans,
    score_spans,
    skill_type,
)
from nlp_models.pipeline import SkillMention


def _mention(start, end, skill, type_="hard", level="unknown"):
    return {
        "start": start,
        "end": end,
        "text": "x" * (end - start),
        "type": type_,
        "level": level,
        "skill": skill,
    }


def _skill(sid, kind="hard_skill", mentions=((0, 1),), label=None):
    start, end = mentions[0]
    return SkillMention(sid, label or sid, None, None, kind, "unknown", start, end, "", tuple(mentions))


# ------------------------------------------------------------------------------------------ the scorer
def test_partial_overlap_counts_and_a_miss_does_not():
    gold = [_mention(10, 25, "gestion des incidents")]
    scores = score_spans(gold, [(20, 30, "hard"), (40, 45, "hard")])
    assert (scores["hard"].span_ok, scores["hard"].span_wrong) == (1, 1)
    assert (scores["hard"].skill_found, scores["hard"].skill_missed) == (1, 0)


def test_touching_spans_do_not_overlap():
    scores = score_spans([_mention(10, 20, "Linux")], [(20, 25, "hard"), (5, 10, "hard")])
    assert scores["hard"].span_ok == 0
    assert scores["hard"].skill_missed == 1


def test_overlapping_a_negated_mention_is_a_false_positive_and_negated_skills_need_no_finding():
    gold = [_mention(0, 6, "Python", level="negated"), _mention(10, 14, "Java", level="required")]
    scores = score_spans(gold, [(0, 6, "hard")])
    assert (scores["hard"].span_ok, scores["hard"].span_wrong) == (0, 1)
    assert (scores["hard"].skill_found, scores["hard"].skill_missed) == (0, 1)  # Java only


def test_soft_is_scored_apart_from_hard_and_a_class_mismatch_is_wrong_for_both():
    gold = [_mention(0, 7, "rigueur", type_="soft"), _mention(20, 27, "anglais", type_="language")]
    scores = score_spans(gold, [(0, 7, "hard"), (20, 27, "language")])
    assert (scores["hard"].span_ok, scores["hard"].span_wrong) == (1, 1)  # language is in the hard class
    assert scores["hard"].skill_found == 1
    assert (scores["soft"].skill_found, scores["soft"].skill_missed) == (0, 1)
    by_type = score_spans(gold, [(20, 27, "hard")], group=lambda t: t)
    assert by_type["hard"].span_wrong == 1 and by_type["language"].skill_missed == 1


def test_recall_counts_distinct_skills_once_whichever_mention_is_found():
    gold = [
        _mention(0, 7, "réseaux"),
        _mention(30, 37, "réseaux"),
        _mention(50, 57, "Réseaux"),
        _mention(60, 65, "DNS"),
    ]
    scores = score_spans(gold, [(31, 33, "hard")])
    assert (scores["hard"].skill_found, scores["hard"].skill_missed) == (1, 1)
    assert scores["hard"].recall == 0.5 and scores["hard"].precision == 1.0


def test_every_mention_of_a_predicted_skill_is_a_prediction_and_types_come_from_the_taxonomy_kind():
    analysis = SimpleNamespace(
        skills=(
            _skill("tremplin:linux", mentions=((0, 5), (40, 45))),
            _skill("tremplin:rigueur", kind="soft_skill", mentions=((10, 17),)),
            _skill("tremplin:permis-b", kind="hard_skill", mentions=((20, 28),), label="permis B"),
            _skill("esco:anglais", kind="language", mentions=((30, 37),)),
        ),
        negated_skills=(_skill("tremplin:java", mentions=((60, 64),)),),
    )
    assert sorted(predicted_spans(analysis)) == [
        (0, 5, "hard"),
        (10, 17, "soft"),
        (20, 28, "licence"),
        (30, 37, "language"),
        (40, 45, "hard"),
    ]
    assert skill_type(_skill("x", kind="licence")) == "licence"
    assert skill_type(_skill("x", kind="knowledge")) == "hard"


def test_evaluate_spans_scores_by_class_type_trade_and_facts():
    offer = {
        "id": "1",
        "trade": "web",
        "text": "PHP et rigueur",
        "title": None,
        "mentions": [_mention(0, 3, "PHP"), _mention(7, 14, "rigueur", type_="soft")],
        "facts": {"contract_type": "CDI", "salary_min": None, "salary_max": None, "salary_period": None},
    }
    facts = dict.fromkeys(
        ("contract_months", "salary_min", "salary_max", "salary_period", "remote", "experience_years_min"),
        None,
    )
    analysis = SimpleNamespace(
        skills=(_skill("php", mentions=((0, 3),)),),
        negated_skills=(),
        contract_type="CDD",
        beginner_ok=False,
        **facts,
    )
    report = evaluate_spans(lambda text, title: analysis, [offer])
    assert report["by_class"]["hard"].f1 == 1.0
    assert report["by_class"]["soft"].recall == 0.0
    assert report["by_trade"]["web"]["hard"].skill_found == 1
    assert report["by_type"]["soft"].skill_missed == 1
    assert report["facts"]["contract_type"] == 0.0 and report["facts"]["salary"] == 1.0
    assert report["errors"]["contract_type"] == [("1", "CDI", "CDD")]


# ---------------------------------------------------------------------------------------- the gold file
@pytest.fixture(scope="module")
def span_gold() -> list[dict]:
    return load_gold("offer_spans.jsonl")


def test_span_gold_offsets_round_trip_and_fields_are_valid(span_gold):
    for offer in span_gold:
        assert offer["split"] in {"dev", "test"}
        assert set(offer["facts"]) >= {
            "contract_type",
            "beginner_ok",
            "remote",
            "experience_years_min",
            "salary_min",
        }
        for m in offer["mentions"]:
            assert offer["text"][m["start"] : m["end"]] == m["text"], (offer["id"], m)
            assert m["type"] in {"hard", "soft", "language", "licence"}
            assert m["level"] in {"required", "nice", "unknown", "negated"}
            assert m["skill"].strip()
        spans = sorted((m["start"], m["end"]) for m in offer["mentions"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), offer[
            "id"
        ]  # mentions never overlap


def test_span_gold_size_trades_and_frozen_test_split(span_gold):
    old = load_gold("offers.jsonl")
    trades = json.loads((GOLD_DIR / "offer_trades.json").read_text(encoding="utf-8"))
    assert set(trades) == {o["id"] for o in old}
    ids = [o["id"] for o in span_gold]
    assert len(ids) == len(set(ids)) and not set(ids) & set(trades)
    assert len(span_gold) >= 150  # issue #11 item 5: 150 real offers annotated by SKILL_SPANS.md
    assert len({o["trade"] for o in span_gold if o["split"] == "test"}) >= 6
    held_out = {
        line.strip()
        for line in (GOLD_DIR / "HELD_OUT_IDS.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    test_ids = {o["id"] for o in span_gold if o["split"] == "test"}
    assert held_out == test_ids
    new_trade = [o for o in span_gold if o["trade"] == NEW_TRADE and o["split"] == "test"]
    assert len(new_trade) >= 20
    # the new trade's dev offers (offer_spans_dev.ann) came later and are never held out
    assert len([o for o in span_gold if o["trade"] == NEW_TRADE and o["split"] == "dev"]) >= 5
    assert {o["split"] for o in span_gold if o["trade"] != NEW_TRADE} == {"dev", "test"}


def test_the_second_draw_is_annotated_whole_held_out_and_apart(span_gold):
    """The offers of offer_spans_more.jsonl (issue #11 item 5) are all in the gold, marked ``added``, with the
    manifest's trade and split; its test offers are held out; none repeats an offer of the first draw."""
    manifest = [
        json.loads(line)
        for line in (GOLD_DIR / "offer_spans_more.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_id = {o["id"]: o for o in span_gold}
    assert len(manifest) >= 85 and {m["batch"] for m in manifest} == {"A", "B"}
    for m in manifest:
        row = by_id[m["id"]]
        assert row.get("added") and row["text"] == m["text"]
        assert (row["trade"], row["split"]) == (m["trade"], m["split"])
        assert row["mentions"], m["id"]  # every offer of the draw asks for something
    assert len({o["id"] for o in span_gold if o.get("added")}) == len(manifest)
    held_out = {
        line.strip()
        for line in (GOLD_DIR / "HELD_OUT_IDS.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {m["id"] for m in manifest if m["split"] == "test"} <= held_out
    assert len({m["trade"] for m in manifest}) >= 8
