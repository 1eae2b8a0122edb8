"""What the ranker does on data whose outcomes it has never seen: the prior, the content blend, the
imputation of missing facts, retrieval by text, and the held-out simulator (c')."""

import json

import numpy as np
import pytest
from ranker_world import AMIENS, LENS, LIEVIN, LILLE, TODAY, candidate, offer
from test_ranker_cli import run, write_jsonl

from matching.ranker.content import content_blend, list_evidence
from matching.ranker.docs import SkillGraph
from matching.ranker.engine import Matcher
from matching.ranker.features import FEATURES
from matching.ranker.generalisation import format_generalisation, run_generalisation
from matching.ranker.model import PRIOR_WEIGHTS, build_prior, positive_probability
from matching.ranker.simulate_c import simulate_region_c

F = {name: i for i, name in enumerate(FEATURES)}

# A command-line extractor that finds nothing (or the same useless skill everywhere): only the
# texts can order the list.
NO_SKILLS = (
    "import sys, types\n"
    "fake = types.ModuleType('nlp_models')\n"
    "S = types.SimpleNamespace\n"
    "found = [S(id='communication', level=None)] if sys.argv[1] == 'flat' else []\n"
    "fake.extract_profile = lambda text: S(skills=found)\n"
    "fake.extract_offer = lambda text, title='': S(skills=found)\n"
    "sys.modules['nlp_models'] = fake\n"
    "from matching.ranker.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)

VACANCIES = [
    {
        "id": "web",
        "title": "Frontend developer",
        "text": "React, JavaScript and TypeScript web applications.",
    },
    {"id": "pastry", "title": "Pastry chef", "text": "Bakery and pastry production, dough, ovens, hygiene."},
]
CVS = [
    {"id": "cook", "text": "Pastry cook for five years: dough, bakery ovens, hygiene rules, desserts."},
    {"id": "dev", "text": "Web developer: React and TypeScript single page applications, JavaScript tests."},
    {"id": "driver", "text": "Forklift driver in a warehouse, night shifts, stock inventory."},
]


@pytest.mark.parametrize("extractor", ["none", "flat"])
def test_the_command_line_without_skills_ranks_the_matching_cv_first(tmp_path, extractor):
    offers = write_jsonl(tmp_path / "offers.jsonl", VACANCIES)
    cvs = write_jsonl(tmp_path / "cvs.jsonl", CVS)
    args = ["rank", "--offers", offers, "--candidates", cvs, "--side", "offer", "--top", "3"]
    out = run(extractor, *args, code=NO_SKILLS)
    assert out.returncode == 0, out.stderr
    lines = {x["id"]: [r["id"] for r in x["ranking"]] for x in map(json.loads, out.stdout.splitlines())}
    assert lines["web"][0] == "dev"
    assert lines["pastry"][0] == "cook"
    assert set(lines["web"]) == {"dev", "cook", "driver"}  # nobody is lost for want of skills


@pytest.fixture
def skills_graph():
    return SkillGraph(
        {"react": ["js_frameworks"], "vue": ["js_frameworks"]},
        implies={"react": ["javascript"]},
    )


def _order(matcher, offer_id):
    return [s.candidate_id for s in matcher.shortlist(offer_id, 10, require_reason=False, standing=False)]


def test_a_required_skill_decides_over_nice_to_have_ones_and_coverage_is_monotone(skills_graph):
    offers = [
        offer("o", {"react": "required", "git": "required", "sql": "nice", "docker": "nice"}, where=LENS)
    ]
    candidates = [
        candidate("nice_only", {"sql": "declared", "docker": "declared"}),
        candidate("one_required", {"react": "declared"}),
        candidate("all_required", {"react": "declared", "git": "declared"}),
        candidate("all", {"react": "declared", "git": "declared", "sql": "declared", "docker": "declared"}),
        candidate("nothing", {"excel": "declared"}),
    ]
    m = Matcher(offers, candidates, graph=skills_graph, today=TODAY)
    assert _order(m, "o") == ["all", "all_required", "one_required", "nice_only", "nothing"]


def test_an_implied_skill_counts_as_held(skills_graph):
    offers = [offer("o", {"javascript": "required"}, where=LENS)]
    candidates = [candidate("plain", {"excel": "declared"}), candidate("react", {"react": "declared"})]
    m = Matcher(offers, candidates, graph=skills_graph, today=TODAY)
    assert _order(m, "o") == ["react", "plain"]


def test_distance_and_contract_order_equally_skilled_graduates():
    offers = [offer("o", {"react": "required"}, where=LENS, contract_type="cdi")]
    kw = {"mobility": "car", "radius_km": 80}
    candidates = [
        candidate("far", {"react": "declared"}, where=AMIENS, contract_types=("cdi",), **kw),
        candidate("near_any", {"react": "declared"}, where=LIEVIN, **kw),
        candidate("near_cdi", {"react": "declared"}, where=LIEVIN, contract_types=("cdi",), **kw),
        candidate("mid", {"react": "declared"}, where=LILLE, contract_types=("cdi",), **kw),
    ]
    m = Matcher(offers, candidates, today=TODAY)
    got = _order(m, "o")
    assert got.index("near_cdi") < got.index("mid") < got.index("far")
    assert got.index("near_cdi") < got.index("near_any")


@pytest.mark.parametrize("feature", [f for f in FEATURES if PRIOR_WEIGHTS[f] != 0])
def test_the_prior_moves_every_feature_in_the_direction_of_its_weight(feature):
    rng = np.random.default_rng(0)
    base = np.column_stack(
        [
            rng.uniform(0, 1, 200)
            if f.endswith(("coverage", "credit", "share", "fit", "similarity"))
            else rng.uniform(0, 3, 200)
            for f in FEATURES
        ]
    )
    more = base.copy()
    more[:, F[feature]] += 0.3
    prior = build_prior()
    diff = positive_probability(prior, more) - positive_probability(prior, base)
    assert np.all(np.sign(diff) == np.sign(PRIOR_WEIGHTS[feature]))


def test_the_texts_weight_is_the_same_for_every_pair_of_a_list():
    prob = np.full(4, 0.3)
    text = np.array([0.1, 0.5, 0.1, 0.5])
    evidence = np.array([1.0, 0.0, 1.0, 1.0])
    groups = np.array(["a", "a", "b", "b"])
    assert list_evidence(evidence, groups).tolist() == [0.5, 0.5, 1.0, 1.0]
    key = content_blend(prob, text, evidence, groups)
    # List a (half the evidence) moves both of its pairs by the same amount, either way; list b
    # (everything known) keeps the model's probabilities.
    logit = np.log(key / (1 - key)) - np.log(0.3 / 0.7)
    assert logit[0] == pytest.approx(-logit[1]) and logit[1] > 0
    assert key[2:].tolist() == [0.3, 0.3]


def test_a_graduate_without_skills_reads_the_coverage_its_text_predicts(region, region_matcher):
    m = region_matcher
    cov = m.imputer.coverage(np.array([0.0, 0.1, 0.2, 0.4]))
    assert np.all(np.diff(cov) >= 0) and cov[-1] > cov[0]
    offers = [offer("o", {"react": "required", "git": "required"}, where=LENS, text="React et Git")]
    candidates = [
        candidate("match", {}, text="React, Git, JavaScript"),
        candidate("other", {}, text="Câblage électrique, domotique"),
        candidate("skilled", {"excel": "declared"}, text="Excel"),
        candidate("react", {"react": "declared", "git": "declared"}, text="React Git"),
    ]
    small = Matcher(offers, candidates, today=TODAY)
    X = small.features(np.zeros(4, dtype=np.int64), np.arange(4))
    assert X[0, F["required_coverage"]] > X[1, F["required_coverage"]]
    assert X[0, F["required_coverage"]] != 0.5


def test_an_unknown_place_reads_as_the_regions_typical_distance(region_matcher):
    m = region_matcher
    assert 0.3 < m.imputer.unknown_ratio <= 1.5
    offers = [offer("o", {"react": "required"}, where=LENS)]
    candidates = [
        candidate("nowhere", {"react": "declared"}, where=(None, None), radius_km=20),
        candidate("lievin", {"react": "declared"}, where=LIEVIN),
    ]
    small = Matcher(offers, candidates, today=TODAY)
    small.imputer = m.imputer
    X = small.features(np.zeros(2, dtype=np.int64), np.arange(2))
    assert X[0, F["distance_ratio"]] == pytest.approx(m.imputer.unknown_ratio)


def test_a_graduate_without_skills_whose_cv_fits_is_retrieved_among_many(graph):
    offers = [offer("o", {"react": "required"}, where=LENS, text="Développeur React, JavaScript, TypeScript")]
    candidates = [candidate(f"s{i}", {"react": "declared"}, text="Excel") for i in range(6)]
    candidates.append(candidate("cv_only", {}, text="Développeur React JavaScript TypeScript"))
    m = Matcher(offers, candidates, graph=graph, today=TODAY, retrieve_n=3)
    got = _order(m, "o")
    assert "cv_only" in got and len(got) == 4  # the 3 best by skills, plus the best CV without skills


def test_an_offer_without_skills_retrieves_by_its_text(graph):
    offers = [offer("o", {}, where=LENS, text="Plombier chauffagiste, chaudières et sanitaires")]
    candidates = [candidate(f"dev{i}", {"react": "declared"}, text="Développeur React") for i in range(4)]
    candidates += [
        candidate("plombier", {"soudure": "declared"}, text="Plombier, sanitaires, chaudières"),
        candidate("chauffagiste", {}, text="Chauffagiste : chaudières gaz"),
    ]
    m = Matcher(offers, candidates, graph=graph, today=TODAY, retrieve_n=2)
    assert set(_order(m, "o")) == {"plombier", "chauffagiste"}


def test_the_third_simulators_recruiters_never_take_a_graduate_without_the_must_have_skill():
    region = simulate_region_c(120, 200, seed=1)
    rules = region.truth["rules"]
    seen = 0
    for o in range(len(region.offers)):
        for c in range(0, len(region.candidates), 7):
            if rules.must[o] not in region.truth["candidates"][c][0]:
                assert rules.grade(o, c) == 0
                seen += 1
    assert seen > 100
    assert "Indispensable" in region.offers[0].text
    assert {p.outcome for p in region.pairs} >= {"dismissed", "applied", "interview"}


def test_generalise_prints_every_method_on_the_three_regions():
    res = run_generalisation(seeds=(1,), n_offers=150, n_graduates=250)
    text = format_generalisation(res)
    assert "(c') pool" in text and "(b) whole" in text
    for view in ("(a)", "(b)", "(c')"):
        prior = res.rows[view]["prior, as the CLI ranks"][1]
        assert prior > res.rows[view]["random"][1]


def test_contracts_written_loosely_are_read_as_the_rankers_codes():
    from matching.ranker.docs import CandidateDoc, OfferDoc

    assert OfferDoc(id="o", contract_type=" CDI ").contract_type == "cdi"
    assert OfferDoc(id="o", contract_type="Contrat de professionnalisation").contract_type == "alternance"
    assert OfferDoc(id="o", contract_type="").contract_type is None
    c = CandidateDoc(id="c", contract_types="CDD, Intérim", radius_km="20")
    assert c.contract_types == ("cdd", "interim") and c.radius_km == 20.0
    assert CandidateDoc(id="c", contract_types=["Apprenticeship"]).contract_types == ("alternance",)
    offers = [offer("o", {"react": "required"}, where=LENS, contract_type="CDI")]
    candidates = [
        candidate("wants_cdd", {"react": "declared"}, contract_types="CDD, intérim"),
        candidate("wants_cdi", {"react": "declared"}, contract_types="CDI"),
    ]
    assert _order(Matcher(offers, candidates, today=TODAY), "o") == ["wants_cdi"]


def test_a_graduate_without_skills_retrieves_offers_by_their_cv(graph):
    offers = [offer(f"dev{i}", {"react": "required"}, where=LENS, text="Développeur React") for i in range(4)]
    offers.append(offer("plomberie", {"soudure": "required"}, where=LENS, text="Plombier chauffagiste"))
    candidates = [candidate("cv_only", {}, text="Plombier chauffagiste, sanitaires")]
    m = Matcher(offers, candidates, graph=graph, today=TODAY, retrieve_n=1)
    got = m.suggest_offers("cv_only", 5, require_reason=False, standing=False)
    assert [s.offer_id for s in got] == ["plomberie"]
