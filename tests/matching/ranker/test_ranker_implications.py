"""Skills that imply skills: a framework its language, a tool its family; soft skills never to acquire."""

from ranker_world import LIEVIN, candidate, offer

from matching.ranker import Matcher, SkillGraph
from matching.ranker.implications import load_implications, read_implications


def _graph(**kw):
    return SkillGraph(
        {"symfony": ["php"], "php": ["prog"], "react": ["js_frameworks"], "ha": ["domotique_sys"]},
        labels={
            "symfony": "Symfony",
            "php": "PHP",
            "react": "React",
            "js": "JavaScript",
            "curio": "curiosité",
        },
        implies={"react": ["js"], "ha": ["domotique"]},
        kinds={"curio": "soft_skill", "php": "knowledge"},
        **kw,
    )


def test_broader_and_reviewed_edges_are_implied_transitively_and_soft_skills_imply_nothing():
    g = _graph()
    assert g.implied_by("symfony") == {"php", "prog"}
    assert g.implied_by("react") == {"js", "js_frameworks"}
    assert g.implied(["symfony", "php"]) == {"prog": "php"}
    assert g.is_soft("curio") and not g.is_soft("php")
    assert _graph(broader_implies=False).implied_by("symfony") == frozenset()


def test_an_implied_skill_counts_as_held_and_is_never_to_acquire():
    m = Matcher(
        [
            offer(
                "o",
                {"php": "required", "js": "required", "curio": "required", "docker": "required"},
                where=LIEVIN,
            ),
            offer("o2", {"docker": "required"}, where=LIEVIN),
        ],
        [
            candidate("ines", {"symfony": "confirmed", "react": "declared"}),
            candidate("other", {"php": "declared"}),
        ],
        graph=_graph(),
    )
    s = {x.offer_id: x for x in m.suggest_offers("ines", k=5, require_reason=False)}["o"]
    assert s.details["required_matched"] == ["php", "js"]
    assert s.details["implied"] == [["php", "symfony"], ["js", "react"]]
    text = "\n".join(s.reasons)
    assert "Compétences requises : 2 sur 3 (PHP, JavaScript)" in text  # curiosité (soft) counted apart
    assert "À acquérir : docker" in text  # neither PHP, JavaScript (implied) nor curiosité (soft)
    assert "PHP : acquis avec Symfony" in text
    f = m.features([m.offers.index["o"]], [m.candidates.index["ines"]])
    assert abs(f[0, 0] - 0.5) < 0.2  # two of four required skills held, IDF-weighted
    assert all(o.skill_id not in {"php", "js", "curio"} for o in m.skill_openings("ines", top=10))


def test_the_shipped_file_uses_real_taxonomy_ids_and_maps_to_platform_ids():
    rows = read_implications()
    assert len(rows) >= 30
    assert all(r["skill_id"] != r["implied_id"] and r["reason"] and r["source"] for r in rows)
    pairs = {(r["skill_label"], r["implied_label"]) for r in rows}
    assert ("React", "JavaScript") in pairs and ("Home Assistant", "Domotique") in pairs
    ids = {r["skill_id"] for r in rows} | {r["implied_id"] for r in rows}
    assert all(i.startswith(("tremplin:", "http://data.europa.eu/esco/skill/")) for i in ids)
    react = next(r for r in rows if r["skill_label"] == "React" and r["implied_label"] == "JavaScript")
    mapped = load_implications({react["skill_id"]: 7, react["implied_id"]: 8})
    assert mapped == {"7": ["8"]}
