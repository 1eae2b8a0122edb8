"""The evaluation command's pieces: scoring, the English ranker, running without ../shared."""

from nlp_models.evaluation import PRF, load_gold, run_evaluation, score_skills
from nlp_models.ranking import SkillRanker
from nlp_models.taxonomy import load_taxonomy


def test_gold_files_are_in_the_package_and_big_enough():
    offers, profiles = load_gold("offers.jsonl"), load_gold("profiles.jsonl")
    assert len(offers) >= 80 and len(profiles) >= 20
    tx = load_taxonomy()
    for doc in offers + profiles:
        assert all(s["id"] in tx.skills for s in doc["skills"])
        assert all(s["level"] in ("required", "nice", "unknown") for s in doc["skills"])


def test_broader_concept_gets_partial_credit_but_not_exact_credit():
    tx = load_taxonomy()
    php = tx.skills["tremplin:symfony"].broader[0]
    gold = [{"skills": [{"id": "tremplin:symfony"}], "unmapped": ["IBM i"]}]
    exact, soft = score_skills(gold, [{php}], tx)
    assert (exact.tp, exact.fp, exact.fn) == (0, 1, 2)
    assert (soft.tp, soft.fp, soft.fn) == (1, 0, 1)
    assert PRF(1, 1, 1).f1 == 0.5


def test_ranker_puts_the_named_skill_first():
    ranker = SkillRanker(load_taxonomy(), scope="core")
    assert (
        load_taxonomy().skills[ranker.rank("experience with PostgreSQL databases", 3)[0]].label_en
        == "PostgreSQL"
    )


def test_evaluate_runs_without_shared_data(capsys, tmp_path):
    assert run_evaluation(shared=str(tmp_path / "absent")) == 0
    out = capsys.readouterr().out
    assert "skills, exact id" in out and "contract_type" in out
    assert "English benchmarks skipped" in out


def test_unmapped_gold_term_counts_as_the_skill_the_taxonomy_now_has():
    from nlp_models.evaluation import resolve_unmapped

    tx = load_taxonomy()
    resolved, unresolved = resolve_unmapped(tx, ["Zabbix", "Outil Inconnu 3000"])
    assert resolved == {"tremplin:zabbix"} and unresolved == ["Outil Inconnu 3000"]
    gold = [{"skills": [], "unmapped": ["Zabbix", "Outil Inconnu 3000"]}]
    exact, _ = score_skills(gold, [{"tremplin:zabbix"}], tx)
    assert (exact.tp, exact.fp, exact.fn) == (1, 0, 1)
