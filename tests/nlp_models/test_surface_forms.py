"""Surface forms generated from ROME / ESCO labels, and the matcher's one-word knowledge areas."""

import importlib.util
import sys
from pathlib import Path

from nlp_models.pipeline import extract_offer

_SPEC = importlib.util.spec_from_file_location(
    "surface_forms_under_test", Path(__file__).resolve().parents[2] / "scripts" / "surface_forms.py"
)
sf = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = sf
_SPEC.loader.exec_module(sf)


def test_short_heads_of_long_labels():
    assert sf.short_forms("Techniques de virtualisation") == ["virtualisation"]
    assert sf.short_forms("Logiciels de sauvegarde") == ["sauvegarde"]
    assert sf.short_forms("Gestion des sauvegardes et des restaurations") == ["sauvegardes", "restaurations"]
    assert sf.short_forms("Règles de sécurité Informatique et Télécoms") == ["sécurité", "télécoms"]


def test_verb_phrases_give_the_object_and_the_nominalised_skill():
    forms = sf.short_forms("Administrer un réseau")
    assert "réseau" in forms and "administration réseau" in forms and "administration de réseau" in forms
    assert sf.nominalise("virtualiser") == "virtualisation"
    assert sf.nominalise("configurer") == "configuration"
    assert sf.nominalise("assurer") == ""


def test_umbrella_words_are_never_skills():
    for word in ("informatique", "outils", "solutions", "logiciels", "applications", "projets"):
        assert sf.is_umbrella(word)
    assert sf.is_umbrella("outils informatiques")
    assert not sf.is_umbrella("réseaux")
    assert sf.short_forms("Déploiement de solutions informatiques") == []
    assert sf.short_forms("Utilisation de logiciels") == []


def test_adjectives_and_verbs_left_by_a_split_are_not_knowledge_areas():
    assert sf.is_noun_like("sauvegardes") and sf.is_noun_like("réseaux") and sf.is_noun_like("supervision")
    for word in ("préventives", "électriques", "intégré", "conseiller", "lire", "d'audit"):
        assert not sf.is_noun_like(word), word


def test_soft_skill_nouns_of_rome_savoir_etre():
    assert sf.soft_cores("Faire preuve de rigueur et de précision") == ["rigueur", "précision"]
    assert sf.soft_cores("Faire preuve de curiosité, d'ouverture d'esprit") == [
        "curiosité",
        "ouverture d'esprit",
    ]
    assert sf.soft_cores("Avoir l'esprit d'équipe") == ["esprit d'équipe"]
    assert sf.display_label("Python (computer programming)") == "Python"


def _found(text):
    return {text[s.start : s.end].lower() for s in extract_offer(text).skills} | {
        text[a:b].lower() for s in extract_offer(text).skills for a, b in s.mentions
    }


def test_one_word_knowledge_areas_are_matched_in_lower_case():
    text = "Missions : vous administrez les serveurs et les réseaux, gérez les sauvegardes et la supervision."
    assert {"serveurs", "réseaux", "sauvegardes", "supervision"} <= _found(text)


def test_knowledge_areas_inside_a_role_or_another_sense_are_not_skills():
    found = _found("Au sein du pôle systèmes et réseaux, vous travaillez sous la supervision du responsable.")
    assert not found & {"systèmes", "réseaux", "supervision"}
    assert "réseau" not in _found("Notre réseau d'agences recrute.")
    assert "sécurité" not in _found("Mutuelle et sécurité sociale.")


def test_a_design_object_after_an_integration_verb_is_the_task_not_the_design_discipline():
    integrate = extract_offer("Vous intégrerez les maquettes en HTML et CSS.").skills
    task = next(s for s in integrate if "maquettes" in s.text)
    assert task.id != "tremplin:ux-ui" and task.label.lower().startswith("intégrer")
    design = extract_offer("Vous concevez les maquettes et les parcours utilisateurs.").skills
    assert any(s.id == "tremplin:ux-ui" and s.text == "maquettes" for s in design)


def test_knowledge_areas_inside_names_or_about_people_are_not_skills():
    assert "réseau" not in _found("Nos clients : SNCF Réseau et d'autres.")
    assert "supervision" not in _found("Supervision d'équipe : encadrer et former.")
    assert {"réseaux", "sécurité"} <= _found("- Réseaux et sécurité")


def test_adverbs_in_ment_are_not_knowledge_areas():
    assert sf.short_forms("Savoir gérer plusieurs projets ou activités simultanément") == []
    assert not sf.is_noun_like("individuellement")
    assert sf.is_noun_like("déploiement") and sf.is_noun_like("référencement") and sf.is_noun_like("élément")
