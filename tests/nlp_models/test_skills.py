"""The skill matcher, its context rules, negation and requirement level, on tricky sentences."""

import spacy

from nlp_models.pipeline import OfferAnalysis, SkillMention, extract_offer, extract_profile, pipe_offers
from nlp_models.tokenizer import TremplinTokenizer


def ids(analysis):
    return {s.id for s in analysis.skills}


def labels(analysis):
    return {s.label for s in analysis.skills}


def test_curated_aliases_map_to_one_skill_whatever_the_spelling():
    a = extract_offer("Stack : ReactJS, Vue.js, Node.js, Symfony, Docker et K8s. Pack Office.")
    assert {
        "tremplin:react",
        "tremplin:vuejs",
        "tremplin:nodejs",
        "tremplin:symfony",
        "tremplin:docker",
        "tremplin:kubernetes",
    } <= ids(a)
    assert "Pack Office" in {s.text for s in a.skills}


def test_accents_and_case_are_folded():
    a = extract_offer("Vous maîtrisez la DOMOTIQUE, le protocole KNX et HOME ASSISTANT.")
    assert any("domotique" in s.label for s in a.skills)
    assert {"KNX", "Home Assistant"} <= labels(a)


def test_longest_match_wins():
    a = extract_offer("Expérience de Microsoft SQL Server exigée.")
    found = [s for s in a.skills if s.text.startswith("Microsoft")]
    assert found and found[0].label == "SQL Server"


def test_c_sharp_and_cpp_are_kept_whole_by_the_tokenizer():
    a = extract_offer("Développement en C#, C++ et .NET Core.")
    assert {"C#", "C++"} <= {s.text for s in a.skills}


def test_r_is_a_language_only_in_a_technical_context():
    assert "R" in {s.text for s in extract_offer("Langages : Python, R, SQL.").skills}
    assert "R" not in {s.text for s in extract_offer("Le service R&D de Lens recrute.").skills}


def test_go_as_gigabytes_is_not_the_language():
    a = extract_offer("Un PC portable avec 16 Go de RAM est fourni. Développement en Go et Python.")
    gos = [s for s in a.skills if s.text == "Go"]
    assert len(gos) == 1 and gos[0].start > 30


def test_java_island_and_vue_the_word_are_not_skills():
    a = extract_offer("Séjour sur l'île de Java en vue de découvrir la culture locale.")
    assert not [s for s in a.skills if s.text in ("Java", "vue")]


def test_from_scratch_and_a_feature_team_are_english_words_not_products():
    assert not hard_mentions(
        "Vous travaillez sur un projet from scratch de refonte du système d'information."
    )
    assert "team" not in hard_mentions(
        "Vous serez intégré(e) à une feature team agile mêlant profils techniques."
    )
    assert {"Teams", "SharePoint"} <= hard_mentions("Outils : Teams, SharePoint et Outlook.")


def test_excel_the_english_verb_is_not_the_tool():
    a = extract_offer("You will excel at building dashboards for our team and stakeholders.")
    assert not [s for s in a.skills if s.text.lower() == "excel"]
    b = extract_offer("Strong Excel and SQL skills are required for this role with our team.")
    assert "Excel" in {s.text for s in b.skills}


def test_negated_skill_is_reported_apart():
    a = extract_offer("Profil : maîtrise de Python. Pas besoin de Java pour ce poste.")
    assert "Python" in {s.text for s in a.skills}
    assert "Java" in {s.text for s in a.negated_skills}
    assert "Java" not in {s.text for s in a.skills}


def test_requirement_level_required_and_nice():
    a = extract_offer("Maîtrise de SQL indispensable.\nUne connaissance de Power BI serait un plus.")
    level = {s.text: s.level for s in a.skills}
    assert level["SQL"] == "required"
    assert level["Power BI"] == "nice"


def test_section_heading_sets_the_level():
    text = "Vos missions :\n- développer des API avec Django\n\nLes plus :\n- Docker\n"
    level = {s.text: s.level for s in extract_offer(text).skills}
    assert level["Docker"] == "nice"


def test_mixed_french_and_english_text_finds_both():
    a = extract_offer("Nous cherchons un développeur. Must have: TypeScript and GitLab CI. Anglais courant.")
    assert {"tremplin:typescript", "tremplin:gitlab"} <= ids(a) or "TypeScript" in {s.text for s in a.skills}
    assert "anglais" in labels(a)


def test_language_adjective_without_cue_is_not_a_language_skill():
    a = extract_offer("Un grand groupe français de la distribution recrute un data analyst.")
    assert not [s for s in a.skills if s.kind == "language"]


def test_english_offer_is_detected_and_analysed():
    a = extract_offer(
        "We are looking for a data engineer with strong experience in Python and Airflow. "
        "You will work with the team on our data platform."
    )
    assert a.language == "en"
    assert {"Python", "Airflow"} <= {s.text for s in a.skills}


def test_evidence_offsets_point_at_the_text():
    text = "Environnement : Laravel, MySQL."
    for skill in extract_offer(text).skills:
        assert text[skill.start : skill.end] == skill.text
        assert isinstance(skill, SkillMention)


def test_profile_extraction_has_no_requirement_level():
    p = extract_profile("Compétences : React, Figma, permis B. Anglais B2.")
    assert {"React", "Figma"} <= {s.text for s in p.skills}
    assert {s.level for s in p.skills} == {"unknown"}
    assert "permis B" in {s.label for s in p.skills}


def test_pipe_offers_keeps_the_order_and_matches_single_calls():
    items = [("CDI, Python et SQL.", "Data analyst"), ("Stage de 6 mois en React.", None)]
    batch = list(pipe_offers(items))
    assert [isinstance(b, OfferAnalysis) for b in batch] == [True, True]
    assert batch[0].to_dict()["skills"] == extract_offer(*items[0]).to_dict()["skills"]
    assert batch[1].contract_type == "STAGE" and batch[1].contract_months == 6


def test_rome_code_comes_from_the_title():
    # rome_code is the parent fiche France Travail publishes; the finer fiche is rome_fiche_code.
    web = extract_offer("CDI à Lens.", title="Développeur web (H/F)")
    assert (web.rome_code, web.rome_fiche_code) == ("M1805", "M1855")
    data = extract_offer("CDI.", title="Data Engineer H/F")
    assert (data.rome_code, data.rome_fiche_code) == ("M1802", "M1811")


def test_tokenizer_keeps_the_exact_text():
    import spacy

    text = "Vous maîtrisez C#,  Node.js\n\net l'anglais (B2) — Bac+5 !"
    doc = TremplinTokenizer(spacy.blank("fr").vocab)(text)
    assert doc.text == text
    assert {"C#", "Node.js", "l'", "anglais", "Bac+5"} <= {t.text for t in doc}


def test_unknown_tools_listed_next_to_known_skills_are_candidate_terms():
    text = "Environnement technique : Python, ThoughtSpot, Flowise et SQL.\nAvantages : RTT, CSE."
    terms = {u.term: (u.start, u.end) for u in extract_offer(text).unmatched_terms}
    assert {"ThoughtSpot", "Flowise"} <= set(terms)
    assert "RTT" not in terms and "Python" not in terms
    start, end = terms["ThoughtSpot"]
    assert text[start:end] == "ThoughtSpot"


def test_pipeline_saved_to_disk_loads_with_spacy_and_finds_the_same_skills(tmp_path):
    import spacy

    from nlp_models.pipeline import build_nlp

    nlp = build_nlp("fr")
    text = "Vous maîtrisez ReactJS, Node.js et la domotique KNX. Python apprécié."
    doc = nlp(text)
    before = [(s.start_char, s.end_char, s.label_) for s in doc.spans["skills"]]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc2 = loaded(text)
    assert [(s.start_char, s.end_char, s.label_) for s in doc2.spans["skills"]] == before
    assert len(before) == 5


def test_empty_and_oversized_texts_are_handled():
    from nlp_models.pipeline import MAX_TEXT_CHARS

    empty = extract_offer("")
    assert empty.skills == () and empty.contract_type is None and empty.language == "fr"
    huge = extract_offer("Vous maîtrisez Python et SQL. " * 40_000)
    assert {"Python", "SQL"} <= {s.text for s in huge.skills}
    assert max(end for s in huge.skills for _, end in s.mentions) <= MAX_TEXT_CHARS


# --------------------------------------------------------------------- issue #3: recall on real offers
def test_ambiguous_word_is_a_skill_as_an_item_of_a_list_of_skills():
    assert "R" in {s.text for s in extract_offer("Définir les traitements (SAS ou R) de la QDD.").skills}
    assert "Access" in {s.text for s in extract_offer("Environnement : Power BI, Excel, Access.").skills}
    assert "Access" not in {s.text for s in extract_offer("Open Access et accès aux publications.").skills}
    assert "Sage" not in {s.text for s in extract_offer("Un choix Sage pour votre carrière.").skills}


def test_article_after_de_does_not_hide_a_skill():
    assert "tremplin:data-viz" in ids(extract_offer("Développer des outils de visualisation de la donnée."))
    assert "tremplin:data-governance" in ids(extract_offer("Vous portez la gouvernance des données."))


def test_a_sentence_glued_to_the_previous_one_still_splits_on_the_dot():
    a = extract_offer("Solide maîtrise du SQL.Rigueur, autonomie et curiosité.")
    assert {"SQL", "Rigueur", "autonomie"} <= {s.text for s in a.skills}
    assert "ASP.NET" in {s.text for s in extract_offer("Développement ASP.NET et Node.js.").skills}


def test_html_css_names_both_skills():
    a = extract_offer("Front : HTML/CSS, JavaScript.")
    assert {"HTML", "CSS", "JavaScript"} <= labels(a)


def test_support_crm_rpa_and_monitoring_tools_are_in_the_taxonomy():
    a = extract_offer(
        "Outils : HubSpot, Dolibarr, UiPath, Zabbix, Centreon, GLPI, Modbus, Zigbee, VLAN, FortiGate, "
        "Active Directory, Intune, Veeam."
    )
    assert {
        "tremplin:hubspot",
        "tremplin:dolibarr",
        "tremplin:uipath",
        "tremplin:zabbix",
        "tremplin:centreon",
        "tremplin:glpi",
        "tremplin:modbus",
        "tremplin:zigbee",
        "tremplin:networks",
        "tremplin:firewall",
        "tremplin:active-directory",
        "tremplin:endpoint-management",
        "tremplin:backup",
    } <= ids(a)


def test_project_skill_named_by_an_ordinary_word_is_found():
    assert "tremplin:snowflake" in ids(extract_offer("Stockage : S3, Snowflake, MongoDB."))


def test_soft_skills_as_offers_phrase_them():
    a = extract_offer(
        "Profil : sens du relationnel, travail d'équipe, souci du détail, polyvalence, gestion du stress."
    )
    assert {"communication", "travailler en équipe", "veiller aux détails"} <= labels(a)
    assert {"démontrer une volonté d’apprendre", "gérer le stress"} <= labels(a)


def test_it_support_vocabulary_of_the_rome_fiches_is_found():
    a = extract_offer(
        "Missions : diagnostiquer et dépanner les postes de travail, imprimantes et périphériques ; "
        "assurer le support technique de proximité ; gérer les droits d'accès et les mises à jour ; "
        "accompagner les utilisateurs ; rédiger la documentation technique ; visioconférence, "
        "masterisation, stockage SAN / NAS, plan de reprise d'activité."
    )
    found = ids(a)
    assert {
        "tremplin:workstations",
        "tremplin:printers",
        "tremplin:peripherals",
        "tremplin:access-rights",
        "tremplin:patch-management",
        "tremplin:user-guidance",
        "tremplin:videoconferencing",
        "tremplin:workstation-deployment",
        "tremplin:storage-systems",
        "tremplin:high-availability",
    } <= found
    texts = [s.text.lower() for s in a.skills]
    assert "diagnostiquer" in texts
    assert any(t.startswith("support technique") for t in texts)
    assert any("documentation" in t for t in texts)


def test_a_lower_case_skill_phrase_right_after_a_role_noun_is_the_role_not_a_skill():
    a = extract_offer(
        "Nous recrutons un technicien support utilisateurs. Vous assurez le support utilisateurs."
    )
    starts = [start for s in a.skills for start, _ in s.mentions]
    assert starts and all(start > 45 for start in starts)  # only the second sentence's mention
    # a named product right after a role noun stays a mention
    assert "tremplin:symfony" in ids(extract_offer("Poste de développeur Symfony confirmé."))


def test_fields_of_a_diploma_are_not_skills_asked_for():
    a = extract_offer(
        "Formation : Bac+2 minimum (BTS, DUT) en informatique, réseaux et télécommunications.\n"
        "Vous administrez les réseaux et la téléphonie."
    )
    starts = [start for s in a.skills for start, _ in s.mentions]
    assert starts and all(start > 85 for start in starts)  # only the second line's réseaux, téléphonie


def test_support_soft_skills_as_rome_savoir_etre_phrase_them():
    a = extract_offer("Qualités : écoute, patience, diplomatie, courtoisie et ponctualité.")
    assert {"patience", "diplomatie", "courtoisie", "ponctualité"} <= {s.label for s in a.skills}
    assert all(s.kind == "soft_skill" for s in a.skills)


def test_soft_skills_after_a_role_noun_or_a_diploma_are_still_asked_for():
    a = extract_offer(
        "Titulaire d'un Bac+2, vous êtes un technicien autonome et rigoureux ; vous maîtrisez les réseaux."
    )
    assert {"autonome", "rigoureux", "réseaux"} <= {s.text for s in a.skills}


def mentions_of(analysis, text):
    return {text[a:b] for s in analysis.skills for a, b in (s.mentions or ((s.start, s.end),))}


def test_each_item_of_a_coordination_whose_head_is_left_out_is_a_mention():
    text = "Réaliser des tests unitaires et d'intégration. Des tests (unitaires, fonctionnels, TDD)."
    found = mentions_of(extract_offer(text), text)
    assert {"tests unitaires", "d'intégration", "unitaires", "fonctionnels"} <= found
    # an item that is no form of a skill with the head is left alone
    text = "Les tests unitaires et la documentation des livrables."
    assert "la documentation" not in mentions_of(extract_offer(text), text)


def test_two_part_product_names_are_also_found_hyphenated():
    text = "CI/CD (Jenkins, Gitlab-CI) et bases Oracle (SQL / PL-SQL)."
    assert {"Gitlab-CI", "PL-SQL"} <= mentions_of(extract_offer(text), text)


def test_an_ambiguous_tool_is_a_list_item_even_past_unknown_product_names():
    a = extract_offer("Integration et Compute (Talend, Dbt, Snaplogic, Spark, Glue...)")
    assert "Apache Spark" in labels(a)
    assert "Apache Spark" not in labels(extract_offer("Une étincelle, la Spark de notre équipe."))


def test_visio_in_lower_case_is_a_video_call_not_the_drawing_tool():
    assert "Microsoft Visio" not in labels(extract_offer("Entretien en visio avec le CTO."))
    assert "Microsoft Visio" in labels(extract_offer("Schémas réseau sous Visio et Excel."))


def test_inclusive_writing_after_a_dot_still_names_the_soft_skill():
    text = "Rigoureux.se et organisé.e, vous aimez le travail bien fait."
    soft = {text[a:b] for s in extract_offer(text).skills if s.kind == "soft_skill" for a, b in s.mentions}
    assert soft == {"Rigoureux", "organisé"}
    words = [t.text for t in TremplinTokenizer(spacy.blank("fr").vocab)("Node.js, ASP.NET et rigoureux.se")]
    assert words[:5] == ["Node.js", ",", "ASP.NET", "et", "rigoureux"]


def test_the_capitalised_name_of_a_diploma_is_not_a_skill_asked_for():
    a = extract_offer(
        "Diplômé(e) d'un BAC +2 (BTS Systèmes Numériques ou Services Informatiques aux organisations)."
    )
    assert not a.skills
    assert "SQL" in labels(extract_offer("Bac+2 en informatique (SQL, PHP)."))


def soft_mentions(text):
    return {text[a:b] for s in extract_offer(text).skills if s.kind == "soft_skill" for a, b in s.mentions}


def test_soft_skills_of_the_company_of_others_or_of_things_are_not_asked_for():
    assert not soft_mentions("Nos valeurs : rigueur, sens du service et esprit d'équipe.")
    assert not soft_mentions("Accompagner les stagiaires pour développer leur autonomie.")
    assert not soft_mentions("Vous installez des systèmes communicants.")
    assert not soft_mentions("Missions :\n- Organiser et animer les cérémonies Scrum.")
    # the same words asked of the candidate stay
    assert soft_mentions("Vous êtes autonome, rigoureux et communicant.") == {
        "autonome",
        "rigoureux",
        "communicant",
    }
    assert "vulgariser" in soft_mentions("Vous savez vulgariser les problématiques techniques.")


def test_a_soft_verb_phrase_with_a_technical_object_is_the_trades_task():
    assert not soft_mentions("Missions : diagnostiquer et résoudre les problèmes informatiques des usagers.")
    assert not soft_mentions("Apporter un soutien pour résoudre les problèmes liés à l'infrastructure.")
    # asked as an ability, or without a technical object, it stays a quality
    assert soft_mentions("Vous avez la capacité à prendre des décisions techniques argumentées.")
    assert soft_mentions("Vous savez résoudre les problèmes avec méthode.")


def hard_mentions(text, title=None):
    a = extract_offer(text, title=title)
    return {text[x:y] for s in a.skills if s.kind != "soft_skill" for x, y in s.mentions}


def test_benefits_recruitment_and_company_sections_ask_for_no_skill():
    text = (
        "Missions :\n- Administrer les serveurs Windows et la messagerie Exchange.\n"
        "Avantages :\n- Formation en e-learning et accès à la plateforme Microsoft 365.\n"
        "Votre profil :\n- Vous maîtrisez Active Directory.\n"
        "Processus de recrutement :\n- Un test technique sur Linux puis un entretien.\n"
    )
    found = hard_mentions(text)
    assert {"Windows", "messagerie Exchange", "Active Directory"} <= found
    assert not {"e-learning", "Microsoft 365", "Linux"} & found
    # a heading about the candidate is not the company's: "À propos de toi"
    assert "Python" in hard_mentions("À propos de toi :\nTu maîtrises Python et Docker.\n")


def test_what_a_unit_of_the_organisation_is_in_charge_of_is_not_asked_for():
    text = (
        "La DSI compte 4 bureaux :\n"
        "- Le bureau de la supervision et de l'exploitation est en charge de la supervision des serveurs.\n"
        "Missions :\n- Assurer la supervision des serveurs et les sauvegardes.\n"
    )
    a = extract_offer(text)
    spans = [(x, y) for s in a.skills if s.kind != "soft_skill" for x, y in s.mentions]
    mission = text.index("Missions")
    assert spans and all(x > mission for x, _ in spans)
    assert {"supervision", "sauvegardes"} <= {text[x:y] for x, y in spans}


def test_what_a_unit_of_the_organisation_does_and_its_il_sentences_are_not_asked_for():
    # the unit's activity and size, and the sentences going on with it as « Il / Elle »: no skill asked
    text = (
        "Le service numérique compte 12 agents et gère le parc de la ville. "
        "Il administre les serveurs de messagerie, la téléphonie et les copieurs.\n"
        "Elle pilote la virtualisation des postes.\n"
        "Vos missions : assurer la sauvegarde et la supervision du réseau.\n"
    )
    found = hard_mentions(text)
    assert not {"téléphonie", "copieurs", "virtualisation"} & found
    assert {"supervision", "réseau"} <= found
    # the sentence stops where it turns to the job; « le service que vous rejoindrez » is the candidate's
    found = hard_mentions("La société conçoit des capteurs et recherche un développeur Python.")
    assert "Python" in found
    assert "téléphonie" in hard_mentions("Le service que vous rejoindrez assure la téléphonie du site.")


def test_a_line_of_benefits_asks_for_no_skill_even_without_a_heading():
    # meal vouchers are no ticketing tool, a works canteen no data restore, profit sharing no payroll task
    text = (
        "Vous administrez les serveurs et suivez les tickets sous GLPI.\n"
        "Ticket restaurant 9 € (60 % pris en charge), RTT, mutuelle d'entreprise\n"
        "- Une prime d'intéressement selon vos heures travaillées\n"
        "Sur site : salle de sport, restauration et conciergerie.\n"
    )
    found = hard_mentions(text)
    assert {"serveurs", "tickets", "GLPI"} <= found
    assert not {"Ticket", "heures travaillées", "restauration"} & found
    # an item that asks something of the candidate stays, even next to a benefit
    assert "SQL" in hard_mentions("Vous maîtrisez SQL ; RTT et tickets restaurant.")
    # an offer pasted on one line: only the benefit item is cut
    found = hard_mentions("Missions : sauvegarde des données - Intéressement - CSE - Tickets restaurant")
    assert "sauvegarde des données" in found and "Tickets" not in found


def test_a_programming_language_named_with_its_languages_gives_the_languages_only():
    # SKILL_SPANS, category + product: the languages are asked for, « programmation » is the category word
    found = hard_mentions("Vous connaissez au moins un langage de programmation (ex : Python, Go ou Rust).")
    assert "programmation" not in found and "Python" in found
    assert "programmation" not in hard_mentions("Vous maîtrisez les langages de programmation tels que Java.")
    # with no language named, or as a field of its own, programming is still asked for
    assert "programmation" in hard_mentions("Vous avez des bases solides en programmation.")
    assert "programmation" in hard_mentions("Vous maîtrisez un langage de programmation.")


def test_a_generic_category_named_with_its_product_gives_the_product_only():
    assert hard_mentions("Vous administrez les serveurs Linux de production.") == {"Linux"}
    assert hard_mentions("Vous administrez des serveurs sous Windows.") == {"Windows"}
    # a technical function keeps both (SKILL_SPANS: "virtualisation VMware")
    assert {"virtualisation", "VMware"} <= hard_mentions("Vous gérez la virtualisation VMware.")
    # and the category alone is still a knowledge area
    assert "serveurs" in hard_mentions("Vous maîtrisez l'administration des serveurs.")


def test_systems_and_protocols_are_generic_categories_too_but_system_administration_stays():
    found = hard_mentions("Vous intégrez des systèmes Linux et Windows Server.")
    assert {"Linux", "Windows Server"} <= found and "systèmes" not in found
    assert hard_mentions("Vous avez une bonne connaissance des protocoles TCP/IP.") == {"TCP/IP"}
    # SKILL_SPANS: "administration système" is an established skill name, its head kept
    assert {"systèmes", "Linux"} <= hard_mentions("Connaissances : Administration systèmes Linux.")


def test_it_service_management_and_support_vocabulary():
    text = (
        "Vous gérez les incidents, la gestion des changements et la gestion des problèmes (ITSM), "
        "respectez les SLA, tenez la CMDB à jour, analysez les logs, configurez les switchs Cisco "
        "et maîtrisez le scripting. Certification CompTIA A+ appréciée."
    )
    found = hard_mentions(text)
    assert {
        "gestion des changements",
        "gestion des problèmes",
        "ITSM",
        "SLA",
        "CMDB",
        "logs",
        "Cisco",
        "scripting",
        "CompTIA A+",
    } <= found


def test_named_practices_and_platforms_of_developer_and_operations_offers():
    text = (
        "Vous développez sous Android, participez au cadrage, au déploiement et à la recette fonctionnelle, "
        "suivez les KPI, veillez à la scalabilité et à l'amélioration continue ; serveurs Apache, Puppet."
    )
    found = hard_mentions(text)
    assert {
        "Android",
        "cadrage",
        "déploiement",
        "recette fonctionnelle",
        "KPI",
        "scalabilité",
        "amélioration continue",
        "Apache",
        "Puppet",
    } <= found
    # a plan or a policy being rolled out is no software deployment; "sous la supervision" is no skill
    assert "déploiement" not in hard_mentions("Vous contribuez au déploiement de la stratégie Data.")
    assert not hard_mentions("Vous travaillez sous la supervision du responsable.")
    # "veille au maintien" is the verb, not technology watch
    assert "veille" not in hard_mentions("Le technicien veille au maintien des équipements.")


def test_a_paragraph_about_the_company_asks_for_nothing():
    text = (
        "Fondé en 1995, Exemplis est un groupe de conseil de 800 collaborateurs : infrastructures, cloud et "
        "cybersécurité.\n\n"
        "Vos missions : administrer les serveurs Linux et la supervision.\n"
        "Un anglais courant est requis pour l'ensemble de nos collaborateurs."
    )
    found = hard_mentions(text)
    assert not {"infrastructures", "cloud", "cybersécurité"} & found
    assert {"Linux", "supervision", "anglais courant"} <= found


def test_a_domain_after_a_role_noun_is_the_role_whatever_its_case():
    assert "DevOps" not in hard_mentions("Nous recrutons un Ingénieur DevOps confirmé.")
    assert "Cloud" not in hard_mentions("Sous la responsabilité du responsable Cloud.")
    # a product stays, and "au sein du service informatique" is a department, not directory services
    assert "Symfony" in hard_mentions("Nous recrutons un développeur Symfony.")
    assert not hard_mentions("Au sein du service informatique du groupe.")
    # "disponibilité" is the candidate's or the data's, no knowledge area
    assert not hard_mentions("Garantir la disponibilité des données ; disponibilité immédiate.")


def test_the_name_of_a_unit_of_the_organisation_is_no_skill_but_its_method_and_products_are():
    # SKILL_SPANS: domain words inside a team name are no mention
    assert not hard_mentions("La section réseaux et téléphonie compte 18 agents.")
    assert not hard_mentions("Une expérience au sein d'un service de production informatique.")
    assert "Data Science" not in hard_mentions("Vous structurez notre pôle Data Science.")
    assert "MCO" not in hard_mentions("Au sein de l'équipe MCO, vous suivez les incidents.")
    # a work method says how the team works; a product stays; the same words asked of the candidate stay
    assert "Agile" in hard_mentions("Au sein d'une équipe Agile, vous développez en Java.")
    assert "SAP" in hard_mentions("Pour renforcer notre pôle SAP, nous recrutons.")
    assert {"réseaux", "téléphonie"} <= hard_mentions("Vous administrez les réseaux et la téléphonie.")
    # a department's name is no soft skill either; "sens du service client, rigueur" is no department
    text = "Rattaché(e) à la Direction Marketing et Communication, vous analysez les ventes."
    assert not [s for s in extract_offer(text).skills if s.kind == "soft_skill"]
    text = "Vous avez le sens du service client, rigueur et ponctualité."
    assert "rigueur" in {s.text for s in extract_offer(text).skills if s.kind == "soft_skill"}


def test_data_and_mobile_practices_as_offers_write_them():
    text = (
        "Vous construisez les pipelines de données, suivez les dashboards, écrivez un code propre, "
        "maîtrisez le développement mobile et l'apprentissage supervisé / non supervisé."
    )
    found = hard_mentions(text)
    assert {
        "pipelines de données",
        "dashboards",
        "code propre",
        "développement mobile",
        "apprentissage supervisé",
        "non supervisé",
    } <= found


def test_items_after_a_colon_benefit_sentences_and_mobile_tools():
    text = "Tests : unitaires, fonctionnels. Architecture modulaire, Firebase, Fastlane, Riverpod."
    found = hard_mentions(text)
    assert {
        "unitaires",
        "fonctionnels",
        "Architecture modulaire",
        "Firebase",
        "Fastlane",
        "Riverpod",
    } <= found
    assert not hard_mentions("Bénéficiez de la sécurité et des avantages sociaux d'un salarié.")


def test_the_field_of_a_training_is_no_skill_asked_for():
    assert hard_mentions("Issu(e) d'une formation en systèmes et réseaux, vous maîtrisez Linux.") == {"Linux"}
    assert "réseaux" in hard_mentions("Vous assurez la formation des utilisateurs aux réseaux.")


def test_the_trades_a_team_is_made_of_are_not_asked_for():
    assert not hard_mentions("Vous rejoignez une équipe pluridisciplinaire (PO, UI/UX, QA, DevOps).")
    # the activities of the candidate's own team are
    found = hard_mentions("Vous développez au sein de son équipe (conception, tests, déploiement).")
    assert {"tests", "déploiement"} <= found


def test_recette_is_acceptance_testing_only_among_software_words():
    assert not hard_mentions("Vous préparez les recettes de la carte du restaurant.")
    assert "recette" in hard_mentions("Participer aux phases de test, recette et mise en production.")


def test_hardware_makers_are_hardware_not_horsepower():
    assert {"Dell", "HP", "hardware"} <= hard_mentions("Matériel Dell et HP ; connaissance du hardware.")
    assert not hard_mentions("Tracteur de 150 HP.")


def test_a_role_noun_in_inclusive_writing_still_names_the_role():
    assert not hard_mentions("Nos consultant.e.s cybersécurité accompagnent les clients.")


def test_what_an_organisation_specialises_in_or_is_expert_at_is_not_asked_for():
    text = (
        "Notre client, une entreprise spécialisée dans l'ingénierie logicielle et les infrastructures cloud, "
        "recherche un(e) Ingénieur DevOps.\n"
        "Des experts reconnus grâce à leur haut niveau de compétences en DevOps, Cloud et Cybersécurité.\n"
        "Au sein du pôle spécialisé sur la mobilité et l'IA, tu développes en Kotlin et tu déploies sur le cloud.\n"
        "Vos missions : administrer Kubernetes et la cybersécurité des plateformes."
    )
    a = extract_offer(text)
    spans = {(text[x:y], x) for s in a.skills if s.kind != "soft_skill" for x, y in s.mentions}
    found = {t for t, _ in spans}
    assert {"Kotlin", "Kubernetes", "cybersécurité"} <= found
    first_line_end = text.index("\n")
    second_line_end = text.index("\n", first_line_end + 1)
    assert not [t for t, x in spans if x < second_line_end]  # the company's field and its experts' skills
    assert "IA" not in found  # the unit's field, up to the comma that turns to the job
    assert "cloud" in {t for t, x in spans if x > second_line_end}  # "tu déploies sur le cloud" is the job's
    # said of the candidate, a speciality is asked for
    assert "Java" in hard_mentions("En tant qu'ingénieur spécialisé dans le développement Java, vous codez.")
    assert "réseaux" in hard_mentions("Vous êtes spécialisé en réseaux et en sécurité.")


def test_the_steps_of_a_recruitment_process_ask_for_nothing():
    text = (
        "Profil :\n- Vous maîtrisez Symfony.\n\n"
        "Avantages:\nLe process (rapide et efficace !)\n\n"
        "RDV avec le cabinet\nTest technique (à distance)\nEntretien de débrief du test + échange technique\n"
    )
    found = hard_mentions(text)
    assert "Symfony" in found
    assert not {"test", "Test", "tests"} & found
    # the process ends at a heading about the job
    after = text + "Compétences requises :\nDocker et Linux.\n"
    assert {"Docker", "Linux"} <= hard_mentions(after)


def test_network_telephony_storage_and_support_vocabulary_of_the_rome_fiches():
    text = (
        "Vous maîtrisez les protocoles réseau (UDP, IPv6, SSH, SNMP, 802.1X, RADIUS), le routage BGP et OSPF, "
        "le Spanning Tree, la répartition de charge (F5), la téléphonie sur IPBX Asterisk, les sauvegardes "
        "Acronis, le stockage Synology, la gestion de parc sous Jamf, les tickets OTRS, le paramétrage des "
        "logiciels, la sensibilisation des utilisateurs, la gestion des licences, les référentiels de "
        "l'ANSSI (EBIOS RM) et la réflectométrie."
    )
    found = hard_mentions(text)
    assert {
        "UDP",
        "IPv6",
        "SSH",
        "802.1X",
        "RADIUS",
        "BGP",
        "OSPF",
        "Spanning Tree",
        "répartition de charge",
        "F5",
        "IPBX",
        "Asterisk",
        "Acronis",
        "Synology",
        "Jamf",
        "OTRS",
        "sensibilisation des utilisateurs",
        "gestion des licences",
        "ANSSI",
        "EBIOS RM",
        "réflectométrie",
    } <= found
    assert any(x.startswith("paramétrage") for x in found)
    # short protocol names need their capitals: "nat" or "sip" in running text is no protocol
    assert not {"nat", "sip"} & {x.lower() for x in hard_mentions("Il sirote un sip de thé, nat.")}


def test_the_switchboard_is_answering_calls_not_ip_telephony():
    # « standards téléphoniques » read as VoIP on an IT-support offer; « tenir le standard » is a
    # reception task (ESCO answer incoming calls, ROME Standardiste), the bare noun no skill at all.
    voip, answer_calls = (
        "tremplin:voip",
        "http://data.europa.eu/esco/skill/5a0bffcf-4ff6-49cf-a7db-4142e63f5f04",
    )
    process = "Merci de postuler via France Travail afin de préserver la disponibilité de nos standards téléphoniques."
    assert not {s.id for s in extract_offer(process).skills} & {voip, answer_calls}
    reception = extract_offer("Vos missions : tenir le standard téléphonique et accueillir les visiteurs.")
    assert answer_calls in {s.id for s in reception.skills}
    assert voip not in {s.id for s in reception.skills}
    # IP telephony itself still reads as VoIP
    assert voip in {s.id for s in extract_offer("Vous administrez la téléphonie IP (IPBX Asterisk).").skills}
