"""The curated part of the taxonomy as reviewable CSV files, and the builder that reads them."""

from pathlib import Path

import pytest

from nlp_models import curation
from nlp_models.taxonomy import load_taxonomy


def _copy_curation(tmp_path: Path) -> Path:
    for name in ("skills.csv", "aliases.csv"):
        (tmp_path / name).write_bytes((curation.CURATION_DIR / name).read_bytes())
    return tmp_path


def test_curation_files_parse_and_name_skills_of_the_taxonomy():
    skills = curation.read_skills()
    slugs = [s.id for s in skills]
    assert len(slugs) == len(set(slugs)) > 300
    assert all(s.kind in curation.KINDS and s.fr and s.reason and s.source for s in skills)
    tx = load_taxonomy()
    project = {s.id for s in skills if not s.esco}
    assert all(f"tremplin:{slug}" in tx.skills for slug in project)
    for row in curation.read_aliases():
        assert row.skill in slugs or row.skill in tx.skills, row


def test_append_alias_writes_once_and_refuses_separators(tmp_path):
    directory = _copy_curation(tmp_path)
    before = (directory / "aliases.csv").read_text(encoding="utf-8")
    assert curation.append_alias(
        "glpi", "GLPI 10 helpdesk", reason="termes à classer", source="officer:test", directory=directory
    )
    # the same form again (case and accents folded) or a form the skill already has: nothing written
    assert not curation.append_alias("glpi", "glpi 10 HELPDESK", reason="x", source="y", directory=directory)
    assert not curation.append_alias("glpi", "GLPI", reason="x", source="y", directory=directory)
    after = (directory / "aliases.csv").read_text(encoding="utf-8")
    assert after == before + "glpi,GLPI 10 helpdesk,termes à classer,officer:test\n"
    assert curation.read_aliases(directory)[-1].alias == "GLPI 10 helpdesk"
    with pytest.raises(ValueError):
        curation.append_alias("glpi", "a | b", reason="x", source="y", directory=directory)


def test_append_skill_adds_a_row_the_reader_returns(tmp_path):
    directory = _copy_curation(tmp_path)
    assert curation.append_skill(
        "tremplin:notion",
        "Notion",
        kind="tool",
        broader=("tremplin:pack-office",),
        aliases=("Notion.so",),
        reason="termes à classer",
        source="officer:test",
        directory=directory,
    )
    assert not curation.append_skill(
        "notion", "Notion", kind="tool", reason="x", source="y", directory=directory
    )
    row = curation.read_skills(directory)[-1]
    assert (row.id, row.fr, row.en, row.kind, row.aliases) == (
        "notion",
        "Notion",
        "Notion",
        "tool",
        ("Notion.so",),
    )
    with pytest.raises(ValueError):
        curation.append_skill("x", "X", kind="nonsense", reason="r", source="s", directory=directory)


# The builder's byte-for-byte rebuild of the taxonomy moved to tests/scripts/test_rebuild.py (every builder).
