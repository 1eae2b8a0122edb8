"""The skill matcher's word lists as reviewable CSV files (``nlp_models/data/rules/``)."""

import pytest

from nlp_models import components, wordlists
from nlp_models.text import fold

LISTS = sorted(p.stem for p in wordlists.RULES_DIR.glob("*.csv"))


def test_every_rule_file_gives_forms_with_their_reason_and_no_duplicate():
    assert {"ambiguous_cased", "generic_forms", "role_domains", "needs_tech_context"} <= set(LISTS)
    for name in LISTS:
        forms = wordlists.read_forms(name)
        folded = [fold(f) for f in forms]
        assert forms and len(folded) == len(set(folded)), name


def test_the_matcher_reads_its_lists_from_the_files():
    assert components.AMBIGUOUS_CASED["iac"] == "IaC"
    assert components.AMBIGUOUS_CASED["visio"] == "Visio"
    assert "gestion" in components.GENERIC_FORMS and "service informatique" in components.GENERIC_FORMS
    assert "equipements" in components.GENERIC_CATEGORIES
    assert "cybersecurite" in components._ROLE_DOMAINS
    assert {"access", "sage", "nexus"} == components.NEEDS_LIST_CONTEXT


def test_a_row_without_its_reason_is_refused(tmp_path, monkeypatch):
    (tmp_path / "broken.csv").write_text("form,reason,source\nnode,,dev\n", encoding="utf-8")
    monkeypatch.setattr(wordlists, "RULES_DIR", tmp_path)
    wordlists.read_forms.cache_clear()
    try:
        with pytest.raises(ValueError, match="line 2"):
            wordlists.read_forms("broken")
        (tmp_path / "columns.csv").write_text("word,reason\nnode,x\n", encoding="utf-8")
        with pytest.raises(ValueError, match="expected columns"):
            wordlists.read_forms("columns")
    finally:
        wordlists.read_forms.cache_clear()
