"""Offer facts: contract, salary formats, remote, experience, education, start, time, commune."""

from datetime import date

import pytest

from nlp_models import facts
from nlp_models.facts import (
    extract_contract,
    extract_education,
    extract_experience,
    extract_remote,
    extract_salary,
    extract_start,
    extract_working_time,
)
from nlp_models.places import extract_commune, resolve_commune


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salaire : 35-40 k€", (35000, 40000, "year")),
        ("Rémunération : 2 000 € brut/mois", (2000, 2000, "month")),
        ("Salaire : Annuel de 45000 Euros à 65000 Euros", (45000, 65000, "year")),
        ("Salaire : Mensuel de 1801.0 Euros sur 12.0 mois", (1801, 1801, "month")),
        ("Salaire : Mensuel de 40000.0 Euros à 50000.0 Euros sur 12.0 mois", (40000, 50000, "year")),
        ("Salaire : Horaire de 11.88 Euros", (11.88, 11.88, "hour")),
        ("Salaire : 12,38H/BRUT", (12.38, 12.38, "hour")),
        ("Rémunération : entre 38 000 € et 42 000 € bruts annuels", (38000, 42000, "year")),
        ("Salaire : 45K€ - 55K€ selon profil", (45000, 55000, "year")),
    ],
)
def test_salary_formats(text, expected):
    s = extract_salary(text)
    assert (s.min, s.max, s.period) == expected
    assert text[s.evidence.start : s.evidence.end] == s.evidence.text


def test_salary_absent_or_unspecified():
    assert extract_salary("Salaire : selon profil").period is None
    assert extract_salary("Le groupe réalise un chiffre d'affaires de 50 000 € par jour.").min is None


@pytest.mark.parametrize(
    ("text", "title", "kind", "months"),
    [
        ("Contrat : CDD - 12 Mois", None, "CDD", 12),
        ("Contrat : Intérim - 15 Jour(s)", None, "INTERIM", 0.5),
        ("Contrat : CDI Intérimaire", None, "CDI", None),
        ("Contrat : Profession libérale", None, "FREELANCE", None),
        ("Nous proposons un contrat en alternance de 24 mois.", None, "ALTERNANCE", 24),
        ("Rejoignez-nous !", "Stage - Data analyst (6 mois)", "STAGE", None),
        ("Première expérience (stage ou alternance) appréciée. Poste en CDI.", None, "CDI", None),
    ],
)
def test_contract_type_and_duration(text, title, kind, months):
    c = extract_contract(text, title)
    assert c.type == kind
    if months is not None:
        assert c.months == months


@pytest.mark.parametrize(
    ("text", "title", "kind", "months"),
    [
        # France Travail files an apprenticeship as a CDD: the job's own sentence says what it is.
        (
            "Contrat : CDD - 12 Mois\n\nDans le cadre de notre développement nous recrutons en contrat "
            "d'apprentissage une personne pour automatiser nos actions.",
            None,
            "ALTERNANCE",
            12,
        ),
        (
            "Contrat : CDD - 12 Mois\n\nRejoignez l'équipe data.",
            "Alternance Data Analyst - Lille (H/F)",
            "ALTERNANCE",
            12,
        ),
        (
            "Contrat : CDD - 6 Mois\n\nVous analysez les ventes.",
            "Assistant statistique (F/H) - STAGE",
            "STAGE",
            6,
        ),
        (
            "Contrat : CDI\n\nNotre partenaire est à la recherche d'alternant(e)s pour son pôle IT.",
            None,
            "ALTERNANCE",
            None,
        ),
        # ...but not a mention of it, nor machine learning.
        (
            "Contrat : CDD - 24 Mois\n\nFormation Bac+4/5.\nL'alternance peut commencer immédiatement.",
            None,
            "CDD",
            24,
        ),
        (
            "Contrat : CDD - 12 Mois\n\nCes concepts ont trouvé des applications en apprentissage, et "
            "notamment en apprentissage profond.",
            None,
            "CDD",
            12,
        ),
        ("Contrat : CDI\n\nUne première expérience en alternance est appréciée.", None, "CDI", None),
        # France Travail's raw codes, and its natures that name no contract.
        ("Contrat : MIS\n\nMission à pourvoir immédiatement.", None, "INTERIM", None),
        ("Contrat : SAI - 3 Mois", None, "CDD", 3),
        ("Contrat : DIN", None, "CDI", None),
        ("Contrat : Profession commerciale\n\nNous recrutons en CDI.", None, None, None),
    ],
)
def test_contract_field_against_the_jobs_own_words(text, title, kind, months):
    c = extract_contract(text, title)
    assert c.type == kind
    if months is not None:
        assert c.months == months


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Télétravail : 2 jours par semaine", "hybrid"),
        ("Poste en full remote", "full"),
        ("Pas de télétravail.", "onsite"),
        ("Bureaux à Lens.", None),
    ],
)
def test_remote_policy(text, policy):
    assert extract_remote(text).policy == policy


def test_experience_years_and_beginners():
    assert extract_experience("Vous justifiez de 3 ans d'expérience minimum.").years_min == 3
    assert extract_experience("2 à 5 ans d'expérience en data").years_min == 2
    assert extract_experience("Expérience exigée de 3 An(s)").years_min == 3
    # an apostrophe escaped by an export: the number is still the experience asked for
    assert extract_experience("Bac+3.\nVous avez au moins 5 ans d\\'expérience en backend.").years_min == 5
    beginner = extract_experience("Débutant accepté, formation assurée.")
    assert beginner.beginner_ok and beginner.years_min == 0
    assert extract_experience("Une entreprise de 20 ans d'existence.").years_min is None


def test_education_start_and_working_time():
    assert extract_education("Formation Bac+3 à Bac+5 en informatique").level == "bac+3"
    assert extract_education("Titulaire d'un BTS SIO").level == "bac+2"
    assert extract_start("Prise de poste dès que possible").value == "asap"
    assert extract_start("Démarrage : 5 janvier 2026").value == "2026-01-05"
    assert extract_working_time("Temps plein, 35h/semaine").value == "full_time"
    assert extract_working_time("Poste à temps partiel (24h par semaine)").value == "part_time"


def test_commune_from_field_and_from_text():
    commune, ev = extract_commune("Lieu : 62 - LENS")
    assert commune.insee == "62498"
    commune, _ = extract_commune("Le poste est basé à Villeneuve d'Ascq (59).")
    assert commune.insee == "59009"
    assert resolve_commune("Paris 09", "75").insee == "75109"
    assert resolve_commune("Atlantide") is None


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (date(2026, 11, 20), "Démarrage en mars", "2027-03"),
        (date(2026, 11, 20), "Prise de poste le 4 janvier", "2027-01-04"),
        (date(2026, 11, 20), "Démarrage en novembre", "2026-11"),
        (date(2026, 11, 20), "Démarrage en décembre", "2026-12"),
        (date(2027, 2, 1), "Démarrage en mars", "2027-03"),
        (date(2026, 11, 20), "Démarrage en mars 2028", "2028-03"),
    ],
)
def test_start_month_is_read_from_the_publication_date(published, text, expected):
    assert extract_start(text, published).value == expected


def test_start_month_defaults_to_today():
    today = date.today()
    month = next(name for name, number in facts._MONTHS.items() if number == today.month)
    assert extract_start(f"Démarrage en {month}").value == f"{today.year:04d}-{today.month:02d}"


def test_extract_offer_passes_the_publication_date_to_the_start_date():
    from nlp_models.pipeline import extract_offer

    analysis = extract_offer("Poste de technicien, démarrage en mars.", published=date(2026, 11, 20))
    assert analysis.start_date == "2027-03"


# ------------------------------------------------------------------------------ open to beginners
def test_beginner_model_ships_with_the_package_and_loads_without_shared_data():
    from nlp_models.beginner import MODEL_FILE, load_model

    assert MODEL_FILE.exists() and MODEL_FILE.stat().st_size < 200_000
    model = load_model()
    assert model is not None and model.weights and 0 < model.threshold < 1
    assert "ft-m1805" in model.version


def test_beginner_model_missing_file_leaves_the_rules_alone(tmp_path):
    from nlp_models.beginner import load_model

    assert load_model(tmp_path / "absent.json") is None


@pytest.mark.parametrize(
    "text",
    [
        "Débutant accepté, formation assurée.",
        "Poste ouvert aux jeunes diplômés.",
        "Aucune expérience n'est requise.",
    ],
)
def test_beginner_phrases_say_yes_without_the_model(text):
    experience = extract_experience(text, model=False)
    assert experience.beginner_ok
    assert experience.beginner_evidence is not None
    assert text[experience.beginner_evidence.start : experience.beginner_evidence.end] == (
        experience.beginner_evidence.text
    )


def test_beginner_model_reads_offers_that_ask_nothing_of_experience_as_open():
    text = (
        "Au sein de notre magasin, vous assurez la mise en rayon, l'accueil des clients et "
        "l'encaissement. Vous êtes souriant et dynamique. Horaires du lundi au samedi."
    )
    assert not extract_experience(text, model=False).beginner_ok
    assert extract_experience(text, "Employé de libre-service (H/F)").beginner_ok


def test_beginner_model_reads_years_of_required_experience_as_closed():
    text = (
        "Description du profil : vous justifiez d'une expérience significative de 5 ans minimum "
        "sur un poste similaire. Expérience exigée en gestion de chantier. Profil confirmé."
    )
    experience = extract_experience(text, "Chef de chantier confirmé (H/F)")
    assert experience.years_min == 5
    assert not experience.beginner_ok


def test_beginner_features_are_trade_agnostic_cues():
    from nlp_models.beginner import GROUPS, SINGLE, features, load_model

    model = load_model()
    inputs = {*GROUPS, *SINGLE} | {f"years:{b}" for b in ("none", "0", "1", "2", "3-4", "5+")}
    assert set(model.weights) <= inputs  # no word of any trade's tools or tasks is an input
    feats = features("3 ans d'expérience exigée", "Maçon (H/F)")
    assert feats["years:3-4"] == 1.0 and feats["g:demand"] == 1.0
    assert "years:none" in features("Vous aimez le contact client.")
    assert features("6 mois d'expérience minimum en caisse.")["years:0"] == 1.0
    assert "years:0" not in features("Contrat de 6 mois, expérience appréciée.")


def test_beginner_model_weights_read_the_way_a_recruiter_does():
    from nlp_models.beginner import DEMANDING, WELCOMING, load_model

    weights = load_model().weights
    assert all(weights[k] > 0 for k in WELCOMING & weights.keys())
    assert all(weights[k] < 0 for k in DEMANDING & weights.keys())
    assert weights["g:welcome"] > 0 and weights["g:demand"] < 0


@pytest.mark.parametrize(
    "text",
    [
        "Expérience non exigée. Vous êtes ponctuel.",
        "L'expérience n'est pas obligatoire, la motivation prime.",
        "Débutants s'abstenir.",
    ],
)
def test_beginner_cues_said_not_to_be_needed_are_not_read_as_asked(text):
    from nlp_models.beginner import cues

    found = cues(text)
    assert "cue:exp_required" not in found and "cue:debutant" not in found


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # every trade, in its own words
        (
            "Agent de propreté (H/F)",
            "Vous assurez le nettoyage des bureaux. Vous serez formé(e) à nos méthodes par votre chef "
            "d'équipe. Horaires en journée.",
            True,
        ),
        (
            "Préparateur de commandes (H/F)",
            "Poste ouvert aux profils juniors. Une première expérience en entrepôt serait un plus.",
            True,
        ),
        (
            "Serveur (H/F)",
            "Service en salle, mise en place, encaissement. Pas d'expérience nécessaire.",
            True,
        ),
        (
            "Chef de chantier confirmé (H/F)",
            "Vous justifiez d'une expérience réussie de 5 ans minimum sur un poste similaire.",
            False,
        ),
        (
            "Aide-soignant (H/F)",
            "Diplôme d'État exigé. Une expérience similaire est indispensable. Débutants s'abstenir.",
            False,
        ),
        (
            "Comptable (H/F)",
            "Vous avez une expérience significative en cabinet, au moins 3 ans d'expérience.",
            False,
        ),
    ],
)
def test_beginner_reading_on_offers_of_other_trades(title, text, expected):
    assert extract_experience(text, title).beginner_ok is expected


@pytest.mark.parametrize(
    "text",
    [
        "Aucune expérience requise.",
        "Pas d'expérience nécessaire, nous vous formons.",
        "L'expérience n'est pas obligatoire.",
        "Poste ouvert aux profils juniors.",
        "Expérience non exigée.",
    ],
)
def test_beginner_phrases_that_need_no_experience(text):
    assert extract_experience(text, model=False).beginner_ok


# --------------------------------------------------------------------------------- contract in text
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the job's own sentence
        ("Nous recrutons en CDI un technicien de maintenance.", "CDI"),
        ("Poste en CDD de 6 mois, à pourvoir rapidement.", "CDD"),
        ("Mission en intérim de 3 mois à Arras.", "INTERIM"),
        ("Vous serez recruté en contrat d'apprentissage de 24 mois.", "ALTERNANCE"),
        ("***Contrat : Freelance\n* Lieu : Quimper", "FREELANCE"),
        ("Type de contrat : CDI\nLieu : Lens", "CDI"),
        # an agency's list of services does not decide; the job's sentence does
        (
            "Notre agence, spécialiste du recrutement en CDD, CDI et intérim, recherche pour son client "
            "un soudeur. Poste en CDI à Douai.",
            "CDI",
        ),
    ],
)
def test_contract_read_from_the_jobs_own_sentence(text, kind):
    assert extract_contract(text).type == kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Assistant statistique (F/H) - STAGE", "STAGE"),
        ("Stage - Développeur Angular - Paris (H/F)", "STAGE"),
        ("Responsable des stages et de la formation (H/F)", "CDI"),
    ],
)
def test_contract_of_a_title_that_ends_or_opens_on_stage(title, kind):
    text = "Vous suivez les dossiers des étudiants. Poste en CDI à Lens."
    assert extract_contract(text, title).type == kind


@pytest.mark.parametrize(
    "text",
    [
        # learning, not an apprenticeship
        "Apprentissage de nos outils internes pendant le premier mois.",
        "Vous avez une forte capacité d'apprentissage et aimez l'apprentissage continu.",
        "Modèles d'apprentissage automatique.",
        "Ces concepts ont trouvé des applications en apprentissage, et notamment en apprentissage profond.",
        # a list of contract types or an agency presenting itself
        "Nous accompagnons nos clients en sous-traitance, pré-embauche, recrutement, portage salarial, etc.",
        "Cabinet de recrutement, nous accompagnons nos clients en CDD, CDI et intérim.",
        "Vous recherchez un emploi en CDD ou en CDI ? Faites confiance à notre agence.",
        "Leader du travail temporaire spécialisé dans le BTP.",
        "Un recrutement CDD-CDI de précision.",
        # a person of the team, a company adjective, the past
        "Vous intégrerez une équipe de trois personnes (un lead développeur, un alternant).",
        "Le groupe, acteur indépendant du numérique, compte 900 collaborateurs.",
        "Vous avez plusieurs années d'alternance sur ce langage.",
        "5 ans d'expérience sur un poste similaire (hors alternance).",
    ],
)
def test_contract_words_that_do_not_describe_the_job_are_ignored(text):
    assert extract_contract(text).type is None


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Télétravail 1 jour par semaine.", "hybrid"),
        ("Remote 2 jours par semaine", "hybrid"),
        ("1 à 2 jours de télé-travail possible.", "hybrid"),
        ("Poste en présentiel au siège, possibilité de 2 jours de télétravail.", "hybrid"),
        ("2 jours de télétravail par semaine (pas de full remote).", "hybrid"),
        ("Mutuelle prise en charge à 100% ; télétravail ponctuel possible.", "hybrid"),
        ("Télétravail : oui, après un onboarding 100% présentiel.", "hybrid"),
        ("Ce poste est ouvert au 100% télétravail.", "full"),
        ("Télétravail : non", "onsite"),
        ("Mode de travail : 100% sur site", "onsite"),
        ("Lieu du poste : en présentiel à Saintes", "onsite"),
        ("Avantages : possibilité TT partiel, tickets restaurant.", "hybrid"),
        ("18 jours de RTT + 3 jours de TT + prime de performance.", "hybrid"),
        ("18 jours de RTT, prix TTC, TT.", None),
        ("Architecture cloud hybride et supervision.", None),
        ("Support à distance des utilisateurs.", None),
    ],
)
def test_remote_policy_as_the_text_states_it(text, policy):
    assert extract_remote(text).policy == policy


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Poste ouvert aux profils débutants ou avec une première expérience.", None, True),
        ("Débutant(e) ou confirmé(e), vous souhaitez progresser.", None, True),
        ("Vous êtes bientôt diplômé d'une école d'ingénieurs.", None, True),
        ("Vous rejoignez le site d'Orléans.", "Ingénieur Débutant - Orléans (H/F)", True),
        ("Débutants s'abstenir.", None, False),
        ("Pas de débutant sur ce poste.", None, False),
        ("Vous formerez les techniciens débutants de l'atelier.", None, False),
    ],
)
def test_beginner_phrases_and_their_refusals(text, title, expected):
    assert extract_experience(text, title, model=False).beginner_ok is expected


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Vous justifiez d'au moins cinq ans d'expérience en maintenance.", 5),
        ("Vous avez un an d'expérience en cuisine.", 1),
        ("Fort de 5 ans d'expérience, vous maîtrisez la soudure TIG.", 5),
        ("Forts de 15 années d'expérience, nous intégrons des solutions sur mesure.", None),
        ("Il y a un an, nous avons ouvert une agence.", None),
        # the first mention decides
        ("5 ans d'expérience minimum en développement backend, dont 3 ans sur Node.js.", 5),
    ],
)
def test_experience_years_in_words_and_the_companys_own_years(text, years):
    assert extract_experience(text, model=False).years_min == years


@pytest.mark.parametrize(
    "text",
    [
        "Débutant·e accepté·e, Œuvre, cœur, l’équipe, ÉTÉ, Noël, façade, 35\u202fh, ﬁchier",
        "Stagiaire ou alternant(e) ; avantages : handicap, webmaster, inexpérimenté",
        "Expérience exigée de 3 An(s) — BTS, CAP ou Bac+2",
    ],
)
def test_beginner_fast_reading_matches_the_plain_one(text):
    from nlp_models.beginner import CUES, _has_cue, fast_fold
    from nlp_models.text import fold

    assert fast_fold(text) == fold(text)
    folded = fold(text)
    for name, pattern in CUES.items():
        assert _has_cue(name, folded) == bool(pattern.search(folded)), name


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # the low end of a range, whatever separates it
        ("Vous avez 4/5 ans d'expérience en soudure.", 4),
        ("Vous avez entre 3 et 5 ans d'expérience en comptabilité.", 3),
        ("Entre 0 et 1 an d'expérience en boulangerie.", 0),
        ("Bac+2 / 3 ans d'expérience en paie.", 3),
        ("Minimum 2 ans d'expérience en magasin.", 2),
        # months of experience, as a fraction of a year
        ("Vous avez 6 mois d'expérience minimum en caisse.", 0.5),
        ("Une expérience de 18 mois sur un poste similaire est demandée.", 1.5),
        ("Contrat de 6 mois. Expérience appréciée en caisse.", None),
        # years that are not the experience asked for
        ("Une première expérience est appréciée pour ce CDD de 2 ans.", None),
        ("Expérience souhaitée, vous devez être âgé de 18 ans minimum.", None),
        ("Expérience auprès d'enfants de 3 à 6 ans appréciée.", None),
        ("Expérience de l'accueil d'un public de 16 à 25 ans souhaitée.", None),
        ("Expérience en conduite, permis B de plus de 3 ans exigé.", None),
        ("Expérience CDI d'au moins 2 ans en tant que vendeur.", 2),
        # the company's years, not the candidate's
        ("Avec 20 ans d'expérience dans le bâtiment, notre société recrute un maçon.", None),
        ("Nous avons 20 ans d'expérience dans le conseil.", None),
        (
            "Notre cabinet, fort de 22 ans d'expérience, recrute un comptable. Vous avez 2 ans d'expérience.",
            2,
        ),
        ("Nous recherchons une personne avec 10 ans d'expérience minimum.", 10),
    ],
)
def test_experience_years_ranges_months_and_numbers_that_are_not_experience(text, years):
    assert extract_experience(text, model=False).years_min == years


def test_contract_sentence_with_doubled_spaces_still_names_the_apprenticeship():
    # a form's « CDD » line, and the job's own sentence pasted with doubled spaces
    text = (
        "Contrat : CDD - 12 Mois\n\nNous sommes à la recherche  d'alternants  pour la rentrée de septembre."
    )
    assert extract_contract(text).type == "ALTERNANCE"


@pytest.mark.parametrize(
    "text",
    [
        "Aucune qualification requise, nous formons nos équipes en magasin.",
        "Poste accessible sans qualification, du lundi au vendredi.",
    ],
)
def test_beginner_cue_no_qualification_is_a_welcome(text):
    from nlp_models.beginner import cues, features

    assert cues(text)["cue:no_diploma"] == 1.0
    assert features(text)["g:welcome"] == 1.0
