"""The trained ROME classifier (nlp_models.rome): parent codes, appellations, abstention, artefact."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from nlp_models.rome import (
    MODEL_FILE,
    RomeMatcher,
    RomeModel,
    clean_title,
    label_variants,
    load_model,
    write_model,
)
from nlp_models.rome_eval import (
    GOLD_FILE,
    appellation_heldout,
    appellation_tuning,
    default_shared,
    esco_labels,
    esco_rome_links,
    esco_split,
    held_out_ids,
    load_gold,
    load_m1805,
    noisy_title,
    offer_split,
    scores,
)


@pytest.fixture(scope="module")
def model() -> RomeModel:
    return load_model()


def test_label_variants_split_masculine_and_feminine_forms():
    assert label_variants("Chef / Cheffe de projet") == [
        "Chef / Cheffe de projet",
        "Chef de projet",
        "Cheffe de projet",
    ]
    variants = label_variants("Agent commercial / Agente commerciale de banque")
    assert "Agent commercial de banque" in variants and "Agente commerciale de banque" in variants
    assert label_variants("Data engineer") == ["Data engineer"]


def test_clean_title_drops_gender_contract_and_references():
    assert clean_title("Data Scientist - en Stage (F/H) (H/F)") == "data scientist en"
    assert clean_title("Ingénieur(e) Software F/H") == "ingenieur software"
    assert clean_title("Développeur Java CDI 45k€") == "developpeur java"


def test_clean_title_drops_the_place_that_ends_a_title_not_a_word_of_the_job():
    assert clean_title("Serveur / Serveuse (H/F) - Paris 15e") == "serveur serveuse"
    assert clean_title("Aide à domicile - Arras - CDI (H/F)") == "aide a domicile"
    assert clean_title("Agent de sécurité (H/F) - Lens (62)") == "agent de securite"
    assert clean_title("Serveur(se) - Lyon 3e") == "serveur"
    # "Bois", "Eps" and "Chargé" are communes too: inside a job title they stay words.
    assert (
        clean_title("Conducteur / Conductrice de machines à bois")
        == "conducteur conductrice de machines a bois"
    )
    assert clean_title("Professeur(e) d'éducation physique et sportive (EPS)").endswith("sportive eps")
    assert clean_title("Agent(e) chargé(e) protection") == "agent charge protection"


def test_clean_title_drops_feminine_endings_written_after_the_masculine():
    assert clean_title("Assistant(e) administratif(ve)") == "assistant administratif"
    assert clean_title("Infirmier(ière) de bloc") == "infirmier de bloc"
    assert clean_title("Chef(fe) de rang - CDD 6 mois") == "chef de rang"
    assert clean_title("Animateur/trice périscolaire") == "animateur periscolaire"
    assert clean_title("Développeur-euse Full Stack - Île-de-France") == "developpeur full stack"
    # A hyphen inside the job stays: "aide-soignant", "couvreur-zingueur", "PL/SQL".
    assert clean_title("Aide-soignant(e) de nuit") == "aide soignant de nuit"
    assert clean_title("Couvreur-zingueur") == "couvreur zingueur"
    assert clean_title("Développeur PL/SQL") == "developpeur pl sql"


def test_esco_labels_split_each_gendered_pair():
    occupation = {
        "preferredLabel": "ingénieur process/ingénieure process",
        "altLabels": "ingénieur industrialisation\ningénieure industrialisation",
        "hiddenLabels": "",
    }
    assert esco_labels(occupation) == [
        "ingénieur process / ingénieure process",
        "ingénieur process",
        "ingénieure process",
        "ingénieur industrialisation",
        "ingénieure industrialisation",
    ]


def test_esco_occupations_link_to_the_rome_parent_their_labels_vote_for():
    rome = {"serveur en restauration": {"G1803"}, "chef de rang": {"G1803"}, "agent": {"K2204", "G1803"}}
    occupations = [
        {  # two labels are G1803 titles: linked, and its new form is kept for training
            "conceptUri": "esco:1",
            "preferredLabel": "serveur en restauration",
            "altLabels": "chef de rang\nserveur de brasserie",
            "hiddenLabels": "",
            "description": "Les serveurs servent les plats.",
        },
        {  # only an ambiguous title: no vote, no link
            "conceptUri": "esco:2",
            "preferredLabel": "agent",
            "altLabels": "",
            "hiddenLabels": "",
            "description": "",
        },
    ]
    links = esco_rome_links(occupations, rome)
    assert [(k["uri"], k["code"], k["new_labels"]) for k in links] == [
        ("esco:1", "G1803", ["serveur de brasserie"])
    ]
    assert links[0]["description"].startswith("Les serveurs") and links[0]["split"] == esco_split("esco:1")


def test_esco_occupations_split_in_train_tune_and_test_quarters():
    splits = [esco_split(f"http://data.europa.eu/esco/occupation/{i}") for i in range(4000)]
    assert 0.2 < splits.count("tune") / 4000 < 0.3 and 0.2 < splits.count("test") / 4000 < 0.3


def test_server_administrator_is_the_it_parent_fiche(model):
    match = model.predict("Administrateur de serveurs (H/F)")
    assert match.code == "M1801"  # the parent France Travail publishes
    assert match.fiche_code == "M1843" and match.appellation_code is not None
    assert "serveur" in match.appellation.lower()


def test_waiter_is_restaurant_service(model):
    assert model.predict("Serveur en salle (H/F)").code == "G1803"


SYSADMIN_TEXT = """Au sein de la DSI, vous assurez l'administration et le maintien en conditions
opérationnelles des serveurs Linux (Debian, Red Hat) et Windows Server. Vous gérez l'infrastructure de
virtualisation VMware vSphere, le stockage SAN et les sauvegardes Veeam. Vous mettez en place la supervision
(Zabbix, Centreon), automatisez les tâches d'exploitation par scripts Bash et PowerShell et administrez
l'Active Directory, le DNS et le DHCP. Vous appliquez les correctifs de sécurité, rédigez la documentation
technique et assurez le support de niveau 2 et 3 aux utilisateurs."""

WAITER_TEXT = """Notre brasserie recherche un serveur pour la saison. Vous accueillez les clients en salle et
en terrasse, prenez les commandes, servez les plats et les boissons, encaissez les additions et dressez
les tables. Vous travaillez en coupure, le week-end et les jours fériés."""


def test_description_decides_an_ambiguous_title(model):
    it = model.predict("Serveur (H/F)", SYSADMIN_TEXT)
    assert it.code != "G1803" and it.code.startswith("M18")
    assert model.predict("Serveur (H/F)", WAITER_TEXT).code in {"G1803", "G1801"}


MAINTENANCE_TEXTS = {
    "I1401": "Vous assurez le support des utilisateurs, installez les postes de travail Windows, les imprimantes "
    "et les logiciels, gérez les comptes Active Directory et traitez les tickets du service informatique.",
    "I1304": "Vous assurez la maintenance préventive et corrective des machines de production de l'usine : "
    "diagnostic des pannes mécaniques, électriques, hydrauliques et pneumatiques, lecture de plans.",
    "I1203": "Vous entretenez les bâtiments de la résidence : petits travaux de plomberie, d'électricité, de "
    "peinture et de menuiserie, entretien des espaces verts.",
}


@pytest.mark.parametrize("code", ["I1401", "I1203", "I1304"])
def test_the_description_places_a_title_every_trade_writes(model, code):
    # « Technicien de maintenance » is a computing, an industrial and a building job: the text decides.
    # (rome-clf-4 read I1303 over the IT-support text: the domain SVM's title vote outweighed it.)
    assert model.predict("Technicien de maintenance (H/F)", MAINTENANCE_TEXTS[code]).code == code


def test_a_title_whose_appellations_spread_over_domains_is_ambiguous(model):
    # « Technicien de maintenance »'s nearest appellations are in I16, I13, M18, I14…: ambiguous, so
    # the description's domain evidence weighs more; « Secrétaire comptable » is one M16 appellation.
    titles = ["Technicien de maintenance (H/F)", "Secrétaire comptable", "Xqzt blorp wuvv"]
    _, _, _, _, info, _ = model._components(titles, ["Vous gérez les tickets du service informatique."] * 3)
    assert info.ambiguity[0] > 0.5 and info.ambiguity[1] == pytest.approx(0.0)
    assert model.ambiguity_title_discount > 0 or model.ambiguity_description_boost > 0
    # The description completes « Technicien / Technicienne de maintenance en informatique » (I1401):
    # « informatique », one of its two words the title lacks (« technicienne » is the other).
    assert info.completion[0, model.classes.index("I1401")] == 0.5
    assert info.completion[0, model.classes.index("I1304")] == 0.0
    # Most of the gibberish's features are unknown to the model: it reads as no title.
    assert info.coverage[2] < model.min_title_coverage <= min(info.coverage[:2])


def test_a_rome_title_the_model_barely_knows_is_still_read(model):
    # « Nez » (H1505) has few known features, but it is an appellation: the coverage rule spares it.
    assert model.predict("Nez").code == "H1505"


def test_meaningless_title_abstains_with_candidates(model):
    # (rome-clf-4 answered M1806 at 0.073: its character n-grams found a few known trigrams.)
    match = model.predict("Xqzt blorp wuvv")
    assert match.code is None and match.appellation is None
    assert len(match.candidates) == 3
    assert match.confidence < model.threshold
    assert match.domain is None and match.domain_label is None


def test_every_parent_code_is_reachable(model):
    # Each class's first appellation (its parent fiche's principal one) as a title: the class is
    # answered for nearly all of them and is among the three candidates for every one (rome-clf-4's
    # domain model sent M1608 « Secrétaire comptable » to accounting, M12, out of its top three).
    titles = [model.app_labels[int(model.app_start[k])] for k in range(len(model.classes))]
    p = model.class_scores(titles)
    top1 = p.argmax(axis=1)
    assert np.mean(top1 == np.arange(len(model.classes))) >= 0.97
    top3 = np.argsort(-p, axis=1)[:, :3]
    missing = [model.classes[k] for k in range(len(model.classes)) if k not in top3[k]]
    assert missing == []
    assert model.predict("Secrétaire comptable").candidates[0].code == "M1608"


def test_artefact_metadata_and_size(model):
    assert MODEL_FILE.stat().st_size < 6_000_000
    meta = model.meta
    assert meta["version"].startswith("rome-clf")
    assert len(meta["training_data_sha256"]) == 16
    assert meta["classes"] == len(model.classes) == 532
    for split in ("appellations-heldout", "appellations-test", "esco-test", "m1805-test", "gold-test"):
        assert {"top1", "top3", "domain", "abstain", "n"} <= set(meta["metrics"][split])
        assert f"{split} baseline" in meta["metrics"]
    assert 0 < model.threshold < 0.5


def test_loading_is_fast():
    started = time.perf_counter()
    RomeModel()
    assert time.perf_counter() - started < 3.0  # about 0.3 s on an idle machine


def test_write_model_is_deterministic(tmp_path):
    arrays = {"a": np.arange(5, dtype=np.int16)}
    write_model(tmp_path / "x.npz", arrays, {"version": "t"})
    write_model(tmp_path / "y.npz", arrays, {"version": "t"})
    assert (tmp_path / "x.npz").read_bytes() == (tmp_path / "y.npz").read_bytes()


def test_matcher_returns_none_only_without_title(model):
    matcher = RomeMatcher(model=model)
    assert matcher.match("") is None
    assert matcher.match("Développeur web (H/F)").code == "M1805"
    assert matcher.match("Développeur web (H/F)").fiche_code == "M1855"


def test_gold_titles_file_is_well_formed(model):
    rows = [json.loads(line) for line in GOLD_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 80 and {r["split"] for r in rows} == {"dev", "test"}
    assert all(r["rome_code"] in model.classes for r in rows)


def test_scores_count_abstentions_as_misses():
    result = scores(["M1805", "M1801"], [["M1805", "M1801"], ["M1801"]], [True, False])
    assert result["top1"] == 0.5 and result["top3"] == 1.0 and result["abstain"] == 0.5
    assert result["top1_answered"] == 1.0  # right on every title it answered
    assert offer_split("0047860") in {"train", "dev", "test"}


def test_the_span_golds_held_out_offers_are_in_no_rome_split():
    held = held_out_ids()
    assert len(held) >= 40
    gold_ids = {
        json.loads(line)["id"] for line in GOLD_FILE.read_text(encoding="utf-8").splitlines() if line.strip()
    }
    assert {r["id"] for r in load_gold(None)} == gold_ids - held
    if (default_shared() / "offers").exists():
        offers = load_m1805(default_shared())
        assert offers and not held & {r["id"] for r in offers}


def test_noisy_titles_dress_the_title_like_an_offer_deterministically():
    titles = [f"Agent de propreté {i}" for i in range(200)]
    noisy = [noisy_title(t) for t in titles]
    assert noisy == [noisy_title(t) for t in titles]
    assert all(t.lower() in n.lower() for t, n in zip(titles, noisy, strict=True))
    assert sum("H/F" in n or "F/H" in n for n in noisy) > 100
    assert any(n.isupper() for n in noisy) and any(" - Lille" in n or " - Lens" in n for n in noisy)
    paired = [noisy_title(f"Serveur {i}", f"Serveur / Serveuse {i}") for i in range(200)]
    assert 10 < sum(" / " in n for n in paired) < 100  # some offers write both forms


def test_held_out_appellations_split_in_a_tuning_and_a_test_half():
    codes = [str(10000 + i) for i in range(4000)]
    held = [c for c in codes if appellation_heldout(c, "SYNONYME")]
    assert 300 < len(held) < 500
    assert not any(appellation_heldout(c, "PRINCIPALE") for c in codes)
    tuning = sum(appellation_tuning(c) for c in held)
    assert 0.4 < tuning / len(held) < 0.6


@pytest.mark.parametrize(
    "title,text",
    [
        ("Administrateur de serveurs (H/F)", None),
        ("ADMINISTRATEUR SERVEURS - CDI - Lille", None),
        ("Administrateur serveurs Linux / Windows H/F", SYSADMIN_TEXT),
        (
            "Administrateur de serveurs (H/F)",
            "Entreprise familiale, mutuelle, tickets restaurant, télétravail.",
        ),
        (
            "Administrateur·rice de serveurs - Alternance",
            "Rejoignez notre équipe dynamique, tickets restaurant.",
        ),
    ],
)
def test_server_administrator_is_never_a_waiter(model, title, text):
    # The 63 « Administrateur de serveurs » offers coded G1803 (Serveur en restauration).
    match = model.predict(title, text)
    assert match.code != "G1803" and match.candidates[0].code != "G1803"
    assert match.domain == "M18" and match.domain_label


def test_the_domain_backs_off_when_the_fiche_is_abstained():
    strict = RomeModel()
    strict.threshold = 1.01  # every fiche abstained on: the domain alone is given where it is confident
    match = strict.predict(
        "Développeur web (H/F)", "Vous développez des applications web en PHP et JavaScript."
    )
    assert match.code is None and match.fiche_code is None and match.appellation is None
    assert match.domain == "M18" and match.domain_label == strict.domain_labels["M18"]
    assert match.domain_confidence >= strict.domain_threshold
    # Below the domain threshold the domain is left to the officer too.
    strict.domain_threshold = 1.01
    assert strict.predict("Développeur web (H/F)").domain is None


def test_an_answered_fiche_gives_its_own_domain(model):
    match = model.predict("Aide-soignant (H/F)")
    assert match.code.startswith("J15") and match.domain == match.code[:3]
    assert match.domain_confidence >= match.confidence


def test_the_domain_model_is_in_the_artefact(model):
    assert len(model.domains) == len(model.domain_labels) > 100
    assert model.domain_title_weight > 0 or model.domain_nb_weight > 0
    assert model.threshold <= model.domain_threshold < 1.0
    p = model.class_scores(["Boulanger (H/F)", "Développeur Java"])
    d = model.domain_scores(p)
    assert np.allclose(d.sum(axis=1), 1.0)
    assert [model.domains[k] for k in d.argmax(axis=1)] == ["D11", "M18"]


def test_scores_count_the_domain_back_off():
    result = scores(
        ["M1805", "M1801", "G1803"],
        [["M1805"], ["M1810"], ["M1801"]],
        [True, False, False],
        ["M18", "M18", None],
    )
    assert result["domain"] == round(1 / 3, 3)  # the fiche answers alone
    assert result["domain_backoff"] == round(2 / 3, 3) and result["domain_abstain"] == round(1 / 3, 3)
