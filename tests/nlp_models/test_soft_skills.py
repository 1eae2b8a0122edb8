"""Soft skills as every trade writes them (issue #11): the savoir-être of ROME 4.0 as nouns and as adjectives
said of the candidate, in inclusive French, and the guard that keeps an adjective said of the company, the
team, the environment or the post out."""

import importlib.util
import sys
from pathlib import Path

import pytest

from nlp_models.pipeline import extract_offer
from nlp_models.taxonomy import load_taxonomy

_SPEC = importlib.util.spec_from_file_location(
    "surface_forms_for_soft_skills", Path(__file__).resolve().parents[2] / "scripts" / "surface_forms.py"
)
sf = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = sf
_SPEC.loader.exec_module(sf)


def soft(text: str, title: str | None = None) -> dict[str, str]:
    """{surface: display label} of the soft skills asked by the offer."""
    analysis = extract_offer(text, title)
    out = {}
    for skill in analysis.skills:
        if skill.kind == "soft_skill":
            for start, end in skill.mentions or ((skill.start, skill.end),):
                out[text[start:end].lower()] = skill.id
    return out


def soft_id(surface: str) -> str:
    """The skill id the matcher gives to the quality ``surface`` said of the candidate."""
    found = soft(f"Profil recherché : vous êtes {surface}.")
    assert len(found) == 1, (surface, found)
    return next(iter(found.values()))


def test_gender_forms_of_inclusive_french():
    assert sf.gender_forms("réactif(ve)") == ["réactif", "réactive", "réactifs", "réactives"]
    assert sf.gender_forms("curieux(se)") == ["curieux", "curieuse", "curieuses"]
    assert sf.gender_forms("ponctuel(le)") == ["ponctuel", "ponctuelle", "ponctuels", "ponctuelles"]
    assert sf.gender_forms("discret(ète)") == ["discret", "discrète", "discrets", "discrètes"]
    assert sf.gender_forms("fédérateur(trice)")[1] == "fédératrice"
    assert sf.gender_forms("ouvert(e) d'esprit")[:2] == ["ouvert d'esprit", "ouverte d'esprit"]
    assert sf.gender_forms("rigueur") == ["rigueur"]  # a noun, no mark: unchanged


def test_every_rome_savoir_etre_has_its_soft_skill_noun_and_adjective():
    # ROME 4.0's « Savoir-être professionnel »: the noun and the adjective meet one soft skill
    pairs = [
        ("réactivité", "réactive"),
        ("persévérance", "persévérante"),
        ("créativité", "créatif"),
        ("autonomie", "autonome"),
        ("rigueur", "rigoureuse"),
        ("curiosité", "curieux"),
        ("ouverture d'esprit", "ouverte d'esprit"),
        ("ponctualité", "ponctuelle"),
        ("patience", "patiente"),
        ("discrétion", "discrète"),
        ("bienveillance", "bienveillant"),
        ("maîtrise de soi", "calme"),
        ("ouverture au changement", "ouvert au changement"),
    ]
    for noun, adjective in pairs:
        assert soft_id(noun) == soft_id(adjective), (noun, adjective)
    assert soft_id("contrôle de soi") == soft_id("maîtrise de soi")


def test_display_labels_of_the_new_soft_skills_are_short_french_nouns():
    taxonomy = load_taxonomy()
    shown = {
        taxonomy.skills[soft_id(s)].display_label for s in ("réactif", "persévérant", "créative", "fiable")
    }
    assert shown == {"Réactivité", "Persévérance", "Créativité", "Sérieux"}


def test_inclusive_spellings_of_an_adjective_meet_its_soft_skill():
    for written in ("réactif·ve", "réactif(ve)", "réactif.ve", "réactif-ve", "Réactif·ve"):
        found = soft(f"Vous êtes {written}, vous aimez le contact.")
        assert any(v == soft_id("réactivité") for v in found.values()), written


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # care
        (
            "Aide-soignant(e) H/F. Vous êtes patient(e), bienveillant(e) et discret(ète).",
            {"patient", "bienveillant", "discret"},
        ),
        (
            "Nous recherchons une personne ponctuelle et calme pour accompagner nos résidents.",
            {"ponctuelle", "calme"},
        ),
        # retail
        (
            "Vendeur / Vendeuse. Profil : souriant, réactif et persévérant dans la vente.",
            {"réactif", "persévérant"},
        ),
        (
            "Qualités requises : sens du contact, ponctuelle, sérieuse.",
            {"sens du contact", "ponctuelle", "sérieuse"},
        ),
        # hospitality
        ("Serveur H/F : vous êtes dynamique, ponctuel et fiable.", {"ponctuel", "fiable"}),
        ("- Créatif et rigoureux, vous proposez de nouvelles cartes.", {"créatif", "rigoureux"}),
        # cleaning: a person noun with its complement, then the qualities
        ("Agent d'entretien (H/F) discret et consciencieux.", {"discret", "consciencieux"}),
        # building
        (
            "Nous recrutons un électricien rigoureux et autonome pour nos chantiers.",
            {"rigoureux", "autonome"},
        ),
        (
            "Savoir-être : respect des consignes, calme, réactivité.",
            {"respect des consignes", "calme", "réactivité"},
        ),
    ],
)
def test_adjectives_said_of_the_candidate_are_soft_skills(text, expected):
    assert expected <= set(soft(text)), soft(text)


@pytest.mark.parametrize(
    "text",
    [
        # care
        "Rejoignez une équipe bienveillante dans un environnement calme.",
        "Vous accompagnez les patients dans les gestes de la vie quotidienne.",
        # retail
        "Notre enseigne est une entreprise dynamique et créative, réactive aux attentes de ses clients.",
        "Missions ponctuelles de mise en rayon le samedi.",
        # hospitality
        "Établissement calme et familial, poste disponible dès maintenant.",
        "Le sérieux de l'entreprise est reconnu dans toute la région.",
        # building
        "Une entreprise fiable et réactive pour vos chantiers ; nos équipes sont organisées par corps de métier.",
        "Vous intégrez une structure souple et réactive.",
    ],
)
def test_adjectives_said_of_the_company_team_environment_or_post_are_not(text):
    assert not soft(text), soft(text)


def test_a_list_of_qualities_keeps_its_adjective_items():
    # « pédagogue » alone on the line, next to other soft skills
    found = soft(
        "Savoir être :\n- Excellent relationnel, force de proposition, pédagogue\n- Rigueur, ténacité"
    )
    assert {"pédagogue", "ténacité", "rigueur"} <= set(found)
    # a technical noun phrase is not a quality: « des tests rigoureux »
    assert "rigoureux" not in soft("Réaliser des tests rigoureux et la documentation des procédures.")
