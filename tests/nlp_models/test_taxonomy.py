"""The committed taxonomy file and its loader (the contract the Django sync relies on)."""

import dataclasses
import hashlib

from nlp_models.taxonomy import (
    SKILL_KINDS,
    TAXONOMY_FILE,
    AppellationEntry,
    OccupationEntry,
    SkillEntry,
    Taxonomy,
    load_taxonomy,
)


def test_taxonomy_file_is_committed_compact_and_versioned_by_its_bytes():
    assert TAXONOMY_FILE.exists()
    assert TAXONOMY_FILE.stat().st_size < 5 * 1024 * 1024
    tx = load_taxonomy()
    assert tx.version == hashlib.sha256(TAXONOMY_FILE.read_bytes()).hexdigest()[:16]


def test_default_load_is_cached():
    """Loaded once per process (its time is measured by benchmarks/nlp_throughput.py, not here)."""
    assert load_taxonomy() is load_taxonomy()
    fresh = load_taxonomy(TAXONOMY_FILE.with_name(TAXONOMY_FILE.name))  # same path: cached
    assert fresh is load_taxonomy()


def test_entries_follow_the_contract():
    tx = load_taxonomy()
    assert isinstance(tx, Taxonomy)
    assert [f.name for f in dataclasses.fields(SkillEntry)] == [
        "id",
        "label_fr",
        "label_en",
        "aliases",
        "kind",
        "broader",
        "related",
        "esco_uri",
        "rome_codes",
        "display_label",
    ]
    for skill in tx.skills.values():
        assert skill.kind in SKILL_KINDS
        assert skill.id.startswith(("http://data.europa.eu/esco/", "tremplin:"))
        assert skill.esco_uri in (None, skill.id)
        assert all(b in tx.skills for b in skill.broader)
        assert all(r in tx.skills for r in skill.related)
    with __import__("pytest").raises(dataclasses.FrozenInstanceError):
        next(iter(tx.skills.values())).kind = "tool"


def test_esco_skills_keep_their_uri_and_french_and_english_labels():
    tx = load_taxonomy()
    python = tx.skills["http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"]
    assert python.label_en == "Python (computer programming)"
    assert python.label_fr.startswith("Python")
    assert "Python 3" in python.aliases
    assert "M1805" in python.rome_codes


def test_curated_project_skills_have_aliases_and_an_esco_broader_concept():
    tx = load_taxonomy()
    react = tx.skills["tremplin:react"]
    assert react.kind == "tool" and react.esco_uri is None
    assert {"ReactJS", "React.js"} <= set(react.aliases)
    assert tx.skills[react.broader[0]].label_en == "JavaScript Framework"
    for slug in (
        "vuejs",
        "symfony",
        "laravel",
        "docker",
        "kubernetes",
        "git",
        "figma",
        "knx",
        "home-assistant",
        "permis-b",
        "power-bi",
    ):
        assert f"tremplin:{slug}" in tx.skills, slug
    assert tx.skills["tremplin:permis-b"].kind == "licence"


def test_rome_fiches_and_all_appellations_are_present():
    tx = load_taxonomy()
    assert tx.occupations["M1805"] == OccupationEntry("M1805", "Développeur / Développeuse informatique")
    assert len(tx.occupations) == 1584
    assert len(tx.appellations) == 13120
    assert AppellationEntry("38971", "Data analyst", "M1419") in tx.appellations


def test_ancestors_walk_the_broader_relation():
    tx = load_taxonomy()
    ancestors = tx.ancestors("tremplin:symfony")
    php = "http://data.europa.eu/esco/skill/4350c38d-0fe9-4ca7-bab9-40ed7f72b04f"
    assert php in ancestors
    assert "tremplin:symfony" in tx.narrower_map()[php]


def test_caseless_patterns_find_what_ignorecase_finds_at_the_same_offsets():
    import re

    from nlp_models.text import CaselessPattern

    text = "Salaire : ANNUEL de 45 000 Euros. Télétravail PARTIEL, BAC+5, début ASAP. İstanbul ok."
    for source in (r"annuel\s+de\s+(?P<a>\d[\d ]*)", r"t[ée]l[ée]travail", r"\bbac\s*\+\s*(\d)", r"\bASAP\b"):
        fast, slow = CaselessPattern(source), re.compile(source, re.I)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]
        assert [m.span() for m in fast.finditer(text[:40])] == [m.span() for m in slow.finditer(text[:40])]


def test_every_skill_has_a_short_natural_display_label():
    tx = load_taxonomy()
    assert all(tx.skills[sid].display_label for sid in tx.core_ids)
    # ESCO's transversal labels are verb phrases; the product shows the noun offers use.
    rigour = next(
        s for s in tx.skills.values() if s.kind == "soft_skill" and s.label_fr == "veiller aux détails"
    )
    assert rigour.display_label == "Rigueur"
    soft = [tx.skills[sid] for sid in tx.core_ids if tx.skills[sid].kind == "soft_skill"]
    assert not [
        s.display_label for s in soft if s.display_label.lower().startswith(("faire preuve", "veiller"))
    ]


def test_knowledge_areas_are_one_word_forms_of_core_skills():
    tx = load_taxonomy()
    areas = {fold_form for forms in tx.area_forms.values() for fold_form in forms}
    assert {"réseau", "sauvegardes", "supervision", "messagerie"} <= areas
    assert all(sid in tx.core_ids for sid in tx.area_forms)
    assert all(" " not in form for form in areas)
    # a knowledge area is shown as the word itself, singular and plural in one skill
    owner = next(sid for sid, forms in tx.area_forms.items() if "sauvegardes" in forms)
    assert "sauvegarde" in tx.area_forms[owner] and tx.skills[owner].display_label == "Sauvegardes"
    # umbrella words are never skills
    assert not areas & {"informatique", "outils", "solutions", "logiciels", "applications", "projets"}


def test_common_trades_of_the_region_give_multi_word_forms_but_no_one_word_areas():
    from nlp_models.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    forms = {f.lower() for sid in taxonomy.core_ids for f in taxonomy.skills[sid].aliases}
    assert "chaîne du froid" in forms  # ESCO concept a ROME savoir of I1306, D1507 and G1602 joins
    areas = {f.lower() for fs in taxonomy.area_forms.values() for f in fs}
    assert not {"entretien", "moteur", "handicap", "organisation"} & areas
