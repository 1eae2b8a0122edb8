import datetime as dt

from ranker_world import AMIENS, LIEVIN, TODAY, candidate, offer

from matching.ranker.docs import SkillGraph
from matching.ranker.engine import Matcher
from matching.ranker.explain import (
    date_fr,
    duration_fr,
    km_fr,
    opening_fr,
    pair_details,
    reasons_fr,
    summary_fr,
)


def by_offer(suggestions):
    return {s.offer_id: s for s in suggestions}


def test_graduate_reads_skills_distance_contract_and_start_in_french(world):
    s = by_offer(world.suggest_offers("ana", k=20))["match"]
    assert s.reasons[0] == "Compétences requises : 2 sur 3 (React, Git)"
    assert s.reasons[1] == "À acquérir : Docker"
    assert s.reasons[2] == "Compétence proche : vous maîtrisez Git, voisine de Docker"
    assert s.reasons[3] == "Un plus que vous avez : SQL"
    assert s.reasons[4] == "27 km, dans votre rayon de 30 km en transports en commun"
    assert s.reasons[5] == "CDI : un contrat que vous recherchez"
    assert s.summary == "2 sur 3 compétences requises · 27 km · CDI"
    assert 0 < s.score < 1


def test_outside_radius_remote_and_unknown_start_are_said_plainly(graph):
    m = Matcher(
        [
            offer("loin", {"react": "required"}, where=AMIENS, contract_type="cdd"),
            offer("teletravail", {"react": "required"}, where=AMIENS, remote="full", start_date=TODAY),
        ],
        [
            candidate(
                "c",
                {"react": "declared"},
                mobility="car",
                radius_km=60,
                available_from=TODAY + dt.timedelta(days=21),
            )
        ],
        graph=graph,
        today=TODAY,
    )
    s = by_offer(m.suggest_offers("c"))
    assert s["loin"].reasons[1] == "70 km, au-delà de votre rayon de 60 km en voiture"
    assert s["loin"].reasons[2] == "Contrat : CDD, tous contrats acceptés"
    assert s["loin"].reasons[3] == f"Disponible dès le {date_fr(TODAY + dt.timedelta(days=21))}"
    assert s["teletravail"].reasons[1] == "Télétravail complet : la distance compte peu (70 km)"
    assert (
        s["teletravail"].reasons[3]
        == "Début le 2 novembre 2026, soit 3 semaines avant votre disponibilité (23 novembre 2026)"
    )


def test_an_availability_already_reached_reads_now_not_a_past_date(graph):
    # Inès, available since September, read in December « vous êtes disponible dès le 16 septembre 2026 ».
    m = Matcher(
        [
            offer("debut", {"react": "required"}, where=LIEVIN, start_date=TODAY + dt.timedelta(days=30)),
            offer("sans-date", {"react": "required"}, where=LIEVIN),
        ],
        [candidate("c", {"react": "declared"}, available_from=TODAY - dt.timedelta(days=80))],
        graph=graph,
        today=TODAY,
    )
    s = by_offer(m.suggest_offers("c"))
    assert s["debut"].reasons[-1] == "Début le 2 décembre 2026, vous êtes disponible dès maintenant"
    assert s["sans-date"].reasons[-1] == "Disponible dès maintenant"
    assert s["debut"].details["available_now"] is True
    employer = {x.candidate_id: x for x in m.shortlist("debut")}["c"]
    assert employer.reasons[-1] == "Début le 2 décembre 2026, disponible dès maintenant"


def test_related_skill_is_explained(world):
    s = by_offer(world.suggest_offers("bob", k=20))["near"]
    assert "Compétence proche : vous maîtrisez Vue.js, voisine de React" in s.reasons


def test_employer_reads_the_graduate_side(world):
    s = {x.candidate_id: x for x in world.shortlist("near")}["ana"]
    assert s.reasons[0] == "Compétences requises : 1 sur 1 (React)"
    assert s.reasons[1].startswith("Habite à 3,")
    assert s.reasons[1].endswith("dans son rayon de 30 km en transports en commun")
    assert s.reasons[2] == "CDD : un contrat recherché"
    assert s.summary.startswith("1 sur 1 compétence requise · 3,")


def test_contract_outside_wishes_is_named(graph):
    o = offer("o", {"react": "required"}, contract_type="interim")
    c = candidate("c", {"react": "declared"}, contract_types=("cdi", "alternance"))
    reasons = reasons_fr(pair_details(o, c, graph, 5.0), graph, c)
    assert "intérim : hors des contrats recherchés (CDI, alternance)" in reasons


def test_skill_opening_names_the_missing_skill_opening_most_offers_nearby(world):
    # Ana holds React, Git, SQL. With Docker she would reach 75 % of the required skills of "match"
    # (3/3), "docker1" (3/4) and "docker2" (3/3); every other skill opens fewer.
    best = world.skill_openings("ana")[0]
    assert (best.skill_id, best.n_offers) == ("docker", 3)
    assert best.text == "Docker vous ouvrirait 3 offres de plus à moins de 30 km"


def test_skill_openings_ignore_offers_out_of_reach(graph):
    m = Matcher(
        [offer("a", {"react": "required", "docker": "required"}, where=AMIENS)],
        [candidate("c", {"react": "declared"}, radius_km=30)],
        graph=graph,
        today=TODAY,
    )
    assert m.skill_openings("c") == []


def test_small_french_formatters():
    assert date_fr(dt.date(2027, 1, 1)) == "1er janvier 2027"
    assert duration_fr(1) == "1 jour"
    assert duration_fr(90) == "3 mois"
    assert opening_fr("Docker", 1, 30) == "Docker vous ouvrirait 1 offre de plus à moins de 30 km"
    assert opening_fr("habilitation électrique", 2, 15).startswith(
        "Habilitation électrique vous ouvrirait 2 offres"
    )
    assert km_fr(0.3) == "moins d'1 km" and km_fr(3.62) == "3,6 km" and km_fr(27.4) == "27 km"
    # A radius of 8 km on foot read « dans son rayon de 8,0 km » on the demo's shortlists.
    assert km_fr(8) == "8 km" and km_fr(5.0) == "5 km" and km_fr(9.96) == "10 km"
    d = pair_details(
        offer("x", {}, where=LIEVIN),
        candidate("y", {}),
        SkillGraph(),
        distance_km=None,
    )
    assert summary_fr(d, SkillGraph()) == "CDI"


def test_two_skills_with_the_same_label_are_listed_once():
    # The taxonomy holds two skills read « Java » (a knowledge and a tool): the demo told a graduate
    # « À acquérir : Angular, …, Java, Java et 9 autres ».
    graph = SkillGraph({}, labels={"java_k": "Java", "java_t": "Java", "angular": "Angular"})
    m = Matcher(
        [
            offer(
                "java", {"git": "required", "java_k": "required", "java_t": "required", "angular": "required"}
            )
        ],
        [candidate("ana", {"git": "declared"})],
        graph=graph,
        today=TODAY,
    )
    s = m.suggest_offers("ana", require_reason=False)[0]
    assert "À acquérir : Java, Angular" in s.reasons or "À acquérir : Angular, Java" in s.reasons


def test_an_offer_held_for_close_skills_only_says_so_instead_of_a_bare_zero():
    # The demo's Inès (JavaScript, Figma) read a Kotlin offer as « Compétences requises : 0 sur 9 »
    # first, with the reason it was there (close skills) lines below.
    graph = SkillGraph(
        {"js": ["web"], "api_rest": ["web"], "figma": ["design"], "ux": ["design"]},
        labels={"api_rest": "API REST", "ux": "UX/UI design", "kotlin": "Kotlin"},
    )
    m = Matcher(
        [offer("kotlin", {"api_rest": "required", "ux": "required", "kotlin": "required"})],
        [candidate("ines", {"js": "declared", "figma": "declared"})],
        graph=graph,
        today=TODAY,
    )
    s = m.suggest_offers("ines")[0]
    assert s.reasons[0] == "Compétences requises : 0 sur 3, mais 2 sont proches de ce que vous savez faire"
    assert s.summary.startswith("0 sur 3 compétences requises (2 proches)")
    e = m.shortlist("kotlin")[0]
    assert (
        e.reasons[0] == "Compétences requises : 0 sur 3, mais 2 sont proches de ce que la personne sait faire"
    )


def test_skills_are_counted_apart_from_qualities_in_common():
    # The demo read « Compétences requises : 1 sur 17 (Travail en équipe) »: the count mixed the offer's
    # soft skills (savoir-être) with its skills, and a quality in common read as a skill held.
    graph = SkillGraph(
        {},
        labels={
            "equipe": "Travail en équipe",
            "rigueur": "Faire preuve de rigueur",
            "php": "PHP",
            "symfony": "Symfony",
            "sql": "SQL",
            "docker": "Docker",
        },
        kinds={"equipe": "soft_skill", "rigueur": "soft_skill", "php": "hard_skill", "docker": "tool"},
    )
    m = Matcher(
        [
            offer(
                "web",
                {
                    "equipe": "required",
                    "php": "required",
                    "symfony": "required",
                    "sql": "required",
                    "rigueur": "nice",
                    "docker": "nice",
                },
            ),
            offer("back", {"equipe": "required", "php": "required", "symfony": "required"}),
            offer("accueil", {"equipe": "required", "rigueur": "required"}),
        ],
        [
            candidate(
                "ines", {"equipe": "declared", "rigueur": "declared", "sql": "declared", "docker": "declared"}
            )
        ],
        graph=graph,
        today=TODAY,
    )
    s = by_offer(m.suggest_offers("ines", require_reason=False))
    assert s["web"].reasons[:4] == [
        "Compétences requises : 1 sur 3 (SQL)",
        "À acquérir : PHP, Symfony",
        "Un plus que vous avez : Docker",
        "Qualités attendues que vous avez : Travail en équipe, Faire preuve de rigueur",
    ]
    assert s["web"].summary.startswith("1 sur 3 compétences requises · ")
    assert s["back"].reasons[:3] == [
        "Compétences requises : 0 sur 2",
        "À acquérir : PHP, Symfony",
        "Qualités attendues que vous avez : Travail en équipe",
    ]
    assert s["back"].summary.startswith("0 sur 2 compétences requises · ")
    assert s["accueil"].reasons[:2] == [
        "L'offre ne précise pas de compétence requise, seulement des qualités attendues",
        "Qualités attendues que vous avez : Travail en équipe, Faire preuve de rigueur",
    ]
    assert "compétence" not in s["accueil"].summary
    e = {x.candidate_id: x for x in m.shortlist("web", require_reason=False)}["ines"]
    assert e.reasons[:4] == [
        "Compétences requises : 1 sur 3 (SQL)",
        "Compétences manquantes : PHP, Symfony",
        "Un plus : Docker",
        "Qualités en commun : Travail en équipe, Faire preuve de rigueur",
    ]
    # The facts stored for the pages and the judgement queue are unchanged: soft skills stay in them.
    assert e.details["required_matched"] == ["equipe", "sql"]
