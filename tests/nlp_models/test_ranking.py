"""The English ESCO skill ranker: its shipped artefact, known sentences, the CLI's ``ranked_skills``."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp_models.evaluation_en import BENCHMARK_DIR, benchmark_sentences, ranking_metrics
from nlp_models.ranking import RANKER_FILE, EscoSkillRanker, get_skill_ranker, rank_document, reads_english
from nlp_models.taxonomy import load_taxonomy
from nlp_models.text import fold

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def top_labels(text: str, k: int = 5) -> list[str]:
    tx = load_taxonomy()
    return [tx.skills[r.id].label_en for r in get_skill_ranker().rank(text, k)]


def test_artefact_is_in_the_package_small_and_covers_every_esco_skill():
    assert RANKER_FILE.parent == ROOT / "nlp_models" / "data"
    assert RANKER_FILE.stat().st_size < 4_000_000
    ranker = EscoSkillRanker(RANKER_FILE)
    tx = load_taxonomy()
    esco = {s.id for s in tx.skills.values() if s.esco_uri}
    assert len(ranker.ids) == len(set(ranker.ids)) == 13896
    assert set(ranker.ids) <= esco
    assert ranker.ids == sorted(ranker.ids)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Solid experience with Java or C# on the backend", "Java (computer programming)"),
        ("You can debug issues across the whole stack", "debug software"),
        ("A team player who enjoys working in a team", "work in teams"),
        ("Fluent in written and spoken English", "English"),
        ("Hands-on knowledge of PostgreSQL databases", "PostgreSQL"),
        ("Keep the storage area clean and tidy", "maintain work area cleanliness"),
    ],
)
def test_known_sentences_rank_the_skill_in_the_top_five(text, expected):
    assert expected in top_labels(text)


def test_scores_are_ordered_and_empty_text_ranks_nothing():
    ranked = get_skill_ranker().rank("manage a software development team using agile methods", 10)
    assert len(ranked) == 10
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 < s < 1 for s in scores)
    assert get_skill_ranker().rank("", 10) == [] and get_skill_ranker().rank("the and of", 10) == []
    # A word of ESCO descriptions only (in no label) still ranks the skills it describes.
    assert get_skill_ranker().rank("accomplishment", 10)


def test_exact_ids_come_first_and_french_text_gets_no_english_guesses():
    python = next(
        s.id
        for s in load_taxonomy().skills.values()
        if s.esco_uri and s.label_en == "Python (computer programming)"
    )
    ranked = rank_document("Nous cherchons un développeur pour notre équipe à Lens", [python])
    assert [r.id for r in ranked] == [python] and ranked[0].score == 1.0
    assert not reads_english("Vous travaillerez avec une équipe de développeurs dans nos locaux")
    assert reads_english("Food Safety") and reads_english("You will work with our developers")
    mixed = rank_document("Strong knowledge of SQL and data warehousing", [python], k=5)
    assert mixed[0].id == python and len(mixed) == 5


def test_cli_writes_ranked_skills_for_english_sentences():
    lines = [
        {
            "id": "en",
            "title": None,
            "text": "Experience writing SQL queries and building REST APIs in Python",
        },
        {"id": "fr", "title": None, "text": "Développeur web : vous maîtrisez React et Python. CDI à Lens."},
    ]
    result = subprocess.run(
        [sys.executable, "-m", "nlp_models", "extract", "--kind", "offer"],
        input="\n".join(json.dumps(x) for x in lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = {o["id"]: o for o in map(json.loads, result.stdout.splitlines())}
    english = out["en"]["ranked_skills"]
    assert len(english) == 10 and len({r["id"] for r in english}) == 10  # ten distinct skills
    assert all(set(r) == {"id", "label", "esco_uri", "score"} for r in english)
    scores = [r["score"] for r in english]
    assert scores == sorted(scores, reverse=True)  # best first
    labels = [r["label"] for r in english[:5]]
    assert "SQL" in labels and "Python (computer programming)" in labels
    # A French offer: its ESCO skills found as written, nothing guessed by the English ranker.
    french = out["fr"]["ranked_skills"]
    assert [r["id"] for r in french] == [s["esco_uri"] for s in out["fr"]["skills"] if s["esco_uri"]]
    assert all(r["score"] == 1.0 for r in french)


@pytest.mark.skipif(not (SHARED / BENCHMARK_DIR).exists(), reason="../shared/data benchmarks not present")
def test_held_out_techwolf_score_stays_above_the_embedding_peer():
    gold = benchmark_sentences(SHARED / BENCHMARK_DIR / "techwolf_test_annotations.csv")
    by_label = {fold(s.label_en): s.id for s in load_taxonomy().skills.values() if s.esco_uri}
    ranker = get_skill_ranker()
    metrics = ranking_metrics(gold, lambda s: [r.id for r in ranker.rank(s, 10)], by_label)
    assert metrics["sentences"] == 326
    assert metrics["RP@5"] > 0.405  # esco-skill-extractor 0.1.18 on the same sentences
