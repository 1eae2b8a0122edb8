"""Suggestions worth reading: a real reason, no already-applied offer, a short list says why; standing
and chances told honestly; the skill-opening hint against a brute-force count."""

import math

import numpy as np
import pytest
from ranker_world import AMIENS, LENS, LIEVIN, LILLE, TODAY, candidate, offer

from matching.ranker import Matcher, SkillGraph
from matching.ranker.engine import (
    MAX_OPENING_IDS,
    MIN_SUGGESTIONS,
    OPENING_COVERAGE,
    Shortfall,
    SuggestionList,
)


@pytest.fixture
def ines():
    graph = SkillGraph(
        {"symfony": ["php"], "react": ["js_frameworks"], "vue": ["js_frameworks"]},
        labels={"docker": "Docker", "php": "PHP"},
        kinds={"curio": "soft_skill"},
    )
    offers = [
        offer("php", {"php": "required", "docker": "required"}, where=LIEVIN),
        offer("vue", {"vue": "required"}, where=LIEVIN),  # close to React: a real reason
        offer("support", {"support_n1": "required", "docker": "required"}, where=LIEVIN),  # nothing in common
        offer("domotique", {"knx": "required"}, where=LIEVIN),
        offer("applied", {"react": "required"}, where=LIEVIN),
        offer("far", {"react": "required"}, where=AMIENS),
        offer("cdd", {"react": "required"}, where=LIEVIN, contract_type="cdd"),
        offer("curio", {"curio": "required", "react": "nice"}, where=LIEVIN),
    ]
    cands = [
        candidate(
            "ines", {"symfony": "confirmed", "react": "declared"}, radius_km=20, contract_types=("cdi",)
        ),
        candidate("sam", {"knx": "declared"}, where=LIEVIN),
    ]
    return Matcher(offers, cands, graph=graph, today=TODAY)


def test_only_offers_with_a_real_reason_are_suggested_and_applied_ones_never(ines):
    got = ines.suggest_offers("ines", k=10, exclude_offer_ids={"applied"})
    assert isinstance(got, SuggestionList)
    assert {s.offer_id for s in got} == {"php", "vue"}  # PHP implied by Symfony; Vue.js close to React
    assert got.n_excluded == 1 and got.n_without_reason == 3  # support, domotique, curio (soft only)
    everything = ines.suggest_offers("ines", k=10, require_reason=False)
    assert {"support", "domotique", "applied"} <= {s.offer_id for s in everything}
    assert everything.shortfall is None
    assert {s.offer_id for s in everything if not s.has_reason} == {"support", "domotique", "curio"}
    assert all(s.has_reason for s in got)


def test_a_short_list_says_why_and_what_would_open_more(ines):
    got = ines.suggest_offers("ines", k=10, exclude_offer_ids={"applied"})
    assert len(got) < MIN_SUGGESTIONS
    sf = got.shortfall
    assert isinstance(sf, Shortfall)
    assert sf.why == ["no_skill_in_common", "already_applied"]
    assert sf.n_shown == 2 and sf.n_excluded == 1 and sf.n_in_reach == 6
    assert sf.contracts == {"cdd": 1}  # accepting CDD would add the React offer in CDD
    assert sf.radius_km == 20 and sf.wider_radius_km == 30 and sf.n_more_with_wider_radius == 0
    assert sf.skill is not None and sf.skill.skill_id == "docker"  # opens "support" (0 -> 1 of 2)
    nobody = Matcher([offer("o", {"x": "required"}, where=AMIENS)], [candidate("c", {"x": "declared"})])
    sf = nobody.suggest_offers("c").shortfall
    assert sf.why == ["no_offer_in_reach"] and sf.skill is None


def test_shortlists_follow_the_same_rules(ines):
    got = ines.shortlist("domotique", k=10)
    assert [s.candidate_id for s in got] == ["sam"]
    assert got.shortfall.why == ["no_skill_in_common"] and got.shortfall.n_in_reach == 2
    assert [s.candidate_id for s in ines.shortlist("domotique", exclude_candidate_ids=["sam"])] == []


def test_each_suggestion_knows_its_standing_and_its_chance_out_of_ten(region_matcher):
    m = region_matcher
    got = m.suggest_offers(m.candidates.ids[5], k=10)
    assert len(got) >= MIN_SUGGESTIONS and got.shortfall is None
    assert [s.rank for s in got] == list(range(1, len(got) + 1))
    pct = [s.percentile for s in got]
    assert pct == sorted(pct, reverse=True) and 0 <= pct[-1] < pct[0] <= 100
    assert all(s.n_in_reach == got.n_in_reach >= len(got) for s in got)
    assert got[0].percentile == pytest.approx(100 * (got.n_in_reach - 1) / got.n_in_reach, abs=0.05)
    assert all(
        s.chance_out_of_10 == round(10 * s.score) and s.chance_out_of_100 == round(100 * s.score) for s in got
    )


# -- the hint against a brute-force count ------------------------------------------------------------


def brute_force_openings(
    m: Matcher, cid: str, *, to_open: bool = False, hers_only: bool = False
) -> dict[str, set[str]]:
    """For every skill the graduate lacks: the offers learning it (and what it implies) moves up a step
    (``to_open``: up to the open level). ``hers_only``: only the graduate's own offers — of her
    training track, or sharing at least one required skill with what she holds (or is implied to)."""
    cand = m.candidates.docs[m.candidates.index[cid]]
    held = set(cand.skills) | set(m.graph.implied(cand.skills))
    hard = {s for s in held if not m.graph.is_soft(s)}  # a soft skill in common makes no offer hers
    out: dict[str, set[str]] = {}
    for sid in m.space.vocab_:
        if sid in held or m.graph.is_soft(sid):
            continue
        gained = held | {sid} | set(m.graph.implied_by(sid))
        for o in m.offers.docs:
            req = o.required_skills
            if not req:
                continue
            if hers_only and not ((cand.track and o.track == cand.track) or hard & set(req)):
                continue
            if cand.contract_types and o.contract_type and o.contract_type not in cand.contract_types:
                continue
            if o.lat is not None and cand.lat is not None and o.remote != "full":
                dy = (o.lat - cand.lat) * 110.574
                dx = (o.lon - cand.lon) * 111.320 * math.cos(math.radians(cand.lat))
                if math.hypot(dx, dy) > cand.effective_radius_km * (1 + 1e-6):
                    continue
            need = max(1, math.ceil(OPENING_COVERAGE * len(req) - 1e-9))

            def level(have, req=req, need=need):
                n = sum(s in have for s in req)
                return 0 if n == 0 else (1 if n < need else 2)

            if level(gained) > level(held) and (level(gained) == 2 or not to_open):
                out.setdefault(sid, set()).add(o.id)
    return out


def random_world(seed: int) -> Matcher:
    rng = np.random.default_rng(seed)
    skills = [f"s{i}" for i in range(9)]
    broader = {"s1": ["s0"], "s2": ["s0"], "s4": ["s3"]}
    graph = SkillGraph(broader, implies={"s5": ["s6"]}, kinds={"s8": "soft_skill"})
    places = [LENS, LIEVIN, LILLE, AMIENS]
    offers = []
    for i in range(int(rng.integers(3, 25))):
        req = rng.choice(skills, size=int(rng.integers(1, 5)), replace=False)
        offers.append(
            offer(
                f"o{i}",
                {str(s): "required" for s in req} | {"s7": "nice"},
                where=places[int(rng.integers(0, 4))],
                contract_type=str(rng.choice(["cdi", "cdd", "stage"])),
                remote=str(rng.choice(["none", "none", "full"])),
            )
        )
    cands = [
        candidate(
            f"c{j}",
            {str(s): "declared" for s in rng.choice(skills, size=int(rng.integers(0, 4)), replace=False)},
            where=places[int(rng.integers(0, 3))],
            radius_km=float(rng.choice([5, 20, 40])),
            contract_types=[(), ("cdi",), ("cdi", "stage")][int(rng.integers(0, 3))],
        )
        for j in range(4)
    ]
    # Training tracks from their own stream (the worlds above stay those of every earlier seed): some
    # offers and graduates without one, so the hint's "her offers" rule meets every case.
    trk = np.random.default_rng(10_000 + seed)
    for doc in [*offers, *cands]:
        doc.track = [None, "dev", "referent"][int(trk.integers(0, 3))]
    return Matcher(offers, cands, graph=graph, today=TODAY)


def check_hint(m: Matcher, cid: str, top: int = 50) -> list:
    """The hint against brute force: returned whenever a skill moves an offer up; the skills ranked on
    the graduate's own offers (her track, or sharing a required skill with her) whenever a skill moves
    one of them up, else on every offer within reach — first those bringing offers to the open level
    (most first), or, when none would, those bringing closed offers within reach; each told with every
    offer within reach it moves up."""
    step = brute_force_openings(m, cid)
    full = brute_force_openings(m, cid, to_open=True)
    hers = brute_force_openings(m, cid, hers_only=True)
    hers_full = brute_force_openings(m, cid, to_open=True, hers_only=True)
    got = m.skill_openings(cid, top=top)
    if not step:
        assert got == []
        return got
    assert got, "a skill opens offers: the hint must say so"
    if hers:
        ranked = hers_full or hers
    else:
        # None of hers moves: the skills close to one she holds first, on every offer within reach.
        cand = m.candidates.docs[m.candidates.index[cid]]
        held = set(cand.skills) | set(m.graph.implied(cand.skills))
        close = {r for s in held for r in m.graph.related(s)} - held
        near_full = {k: v for k, v in full.items() if k in close}
        near_step = {k: v for k, v in step.items() if k in close}
        ranked = near_full or near_step or full or step
    assert {o.skill_id for o in got} == set(ranked) if len(ranked) <= top else len(got) == top
    key = [len(ranked[o.skill_id]) for o in got]
    assert key == sorted(key, reverse=True) and key[0] == max(len(v) for v in ranked.values())
    for o in got:
        assert o.n_open == len(full.get(o.skill_id, ()))
        assert o.n_offers == len(step[o.skill_id])
        ids = set(o.offer_ids)
        assert len(o.offer_ids) == min(MAX_OPENING_IDS, o.n_offers) and ids <= step[o.skill_id]
    return got


@pytest.mark.parametrize("seed", range(40))
def test_the_hint_is_the_brute_force_best_whenever_one_exists(seed):
    m = random_world(seed)
    for cid in m.candidates.ids:
        check_hint(m, cid)


def test_on_the_simulated_region_the_hint_is_there_whenever_a_skill_opens_an_offer(region_matcher):
    m = region_matcher
    with_hint = sum(bool(check_hint(m, cid, top=3)) for cid in m.candidates.ids[:12])
    assert with_hint >= 10


def test_when_no_skill_opens_an_offer_the_hint_looks_at_the_graduates_own_trade_first():
    # Inès, a web developer, holds none of what the closed offers ask. Three support offers ask for
    # Wi-Fi, one web offer for React: the hint points to React (her trade), not to Wi-Fi.
    offers = [
        offer(f"support{i}", {"wifi": "required", "glpi": "required"}, track="referent") for i in range(3)
    ]
    offers.append(offer("web", {"react": "required", "typescript": "required"}, track="dev"))
    ines = candidate("ines", {"figma": "declared"}, track="dev", radius_km=40)
    m = Matcher(offers, [ines], graph=SkillGraph({}), today=TODAY)
    hint = m.skill_openings("ines", top=1)
    assert hint and hint[0].skill_id in {"react", "typescript"}


def test_without_a_closed_offer_of_her_trade_the_hint_still_comes_from_the_others():
    offers = [offer(f"support{i}", {"wifi": "required"}, track="referent") for i in range(2)]
    ines = candidate("ines", {"figma": "declared"}, track="dev", radius_km=40)
    m = Matcher(offers, [ines], graph=SkillGraph({}), today=TODAY)
    assert [o.skill_id for o in m.skill_openings("ines", top=1)] == ["wifi"]


def test_a_web_developer_is_pointed_to_a_web_skill_even_when_support_offers_are_one_skill_short():
    # The demo's case: Inès, web developer (PHP, HTML). Three IT-support offers each ask one skill she
    # lacks (one skill short of open, though she shares nothing with them); two web offers ask PHP,
    # HTML and one more web skill each (one skill short too). Wi-Fi would open three offers, Symfony
    # two: the hint is Symfony, the skill of her trade, and counts her offers only.
    support = [
        offer("wifi1", {"wifi": "required"}, track="referent"),
        offer("wifi2", {"wifi": "required"}, track="referent"),
        offer("depannage", {"diagnostic": "required"}, track="referent"),
    ]
    web = [
        offer(f"web{i}", {"php": "required", "html": "required", "symfony": "required"}, track="dev")
        for i in range(2)
    ]
    ines = candidate("ines", {"php": "confirmed", "html": "confirmed"}, track="dev", radius_km=40)
    m = Matcher([*support, *web], [ines], graph=SkillGraph({}), today=TODAY)
    hint = m.skill_openings("ines", top=3)
    assert [o.skill_id for o in hint] == ["symfony"]
    assert hint[0].n_offers == hint[0].n_open == 2 and set(hint[0].offer_ids) == {"web0", "web1"}
    check_hint(m, "ines", top=3)
    # Without a track, the same holds through the skills she shares with the web offers.
    ines.track = None
    m = Matcher([*support, *web], [ines], graph=SkillGraph({}), today=TODAY)
    assert [o.skill_id for o in m.skill_openings("ines", top=1)] == ["symfony"]
    # Once nothing of hers can be opened (she knows Symfony), the support offers come back.
    ines.skills["symfony"] = "declared"
    m = Matcher([*support, *web], [ines], graph=SkillGraph({}), today=TODAY)
    assert [o.skill_id for o in m.skill_openings("ines", top=3)] == ["wifi", "diagnostic"]
    check_hint(m, "ines", top=3)


def test_a_soft_skill_in_common_is_no_reason_to_suggest_an_offer_or_a_graduate():
    # A digital coach and a web developer both "work in a team": that alone does not make the PHP
    # offer worth her reading, nor her worth the employer's (the demo's coaches were shown web offers
    # « Compétences requises : 1 sur 16 (Travail en équipe) »).
    graph = SkillGraph({}, kinds={"equipe": "soft_skill"})
    offers = [offer("php", {"php": "required", "equipe": "required"}, where=LIEVIN)]
    cands = [
        candidate("coach", {"equipe": "declared", "mediation": "declared"}, where=LIEVIN),
        candidate("dev", {"php": "declared"}, where=LIEVIN),
    ]
    m = Matcher(offers, cands, graph=graph, today=TODAY)
    assert [s.offer_id for s in m.suggest_offers("coach")] == []
    assert m.suggest_offers("coach").shortfall.why == ["no_skill_in_common"]
    assert [s.offer_id for s in m.suggest_offers("dev")] == ["php"]
    assert [s.candidate_id for s in m.shortlist("php")] == ["dev"]
    o, c = m.offers.index["php"], m.candidates.index["coach"]
    assert not m.real_reasons([o, o], [c, m.candidates.index["dev"]])[0]
    assert not m.offer_reasons_for(c, np.array([o]))[0]


def test_when_nothing_of_hers_moves_the_hint_is_a_skill_close_to_hers_not_another_trade():
    # Inès, web developer (JavaScript), shares a soft skill with three support offers one skill short
    # of open (Wi-Fi): they are not hers. Her web offer needs far more than one skill; the mobile offer
    # shares nothing with her but asks API REST, close to JavaScript (same family). Wi-Fi would move
    # three offers, API REST one: the hint is API REST, counted on every offer within reach.
    graph = SkillGraph(
        {"js": ["web"], "api_rest": ["web"]}, kinds={"equipe": "soft_skill"}, labels={"api_rest": "API REST"}
    )
    support = [
        offer(f"support{i}", {"equipe": "required", "wifi": "required"}, track="referent") for i in range(3)
    ]
    web = offer("web", {"js": "required", **{f"w{i}": "required" for i in range(6)}}, track="dev")
    mobile = offer("mobile", {"api_rest": "required", "kotlin": "required"})
    ines = candidate("ines", {"js": "declared", "equipe": "declared"}, radius_km=40)
    m = Matcher([*support, web, mobile], [ines], graph=graph, today=TODAY)
    hint = m.skill_openings("ines", top=3)
    assert hint[0].skill_id == "api_rest" and hint[0].offer_ids == ("mobile",)
    assert "wifi" not in {o.skill_id for o in hint}
    check_hint(m, "ines", top=3)
    # With nothing close to hers anywhere, the other trades' skills come back.
    m = Matcher([*support, web], [ines], graph=graph, today=TODAY)
    assert m.skill_openings("ines", top=1)[0].skill_id == "wifi"
    check_hint(m, "ines", top=3)
