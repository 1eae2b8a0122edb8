"""Fixtures for the ranker: a tiny hand-made world and a small simulated region."""

import datetime as dt

import pytest
from ranker_world import AMIENS, LIEVIN, TODAY, candidate, offer

from matching.ranker.docs import SkillGraph
from matching.ranker.engine import Matcher
from matching.ranker.simulate import simulate_region


@pytest.fixture
def graph():
    return SkillGraph(
        {
            "react": ["js_frameworks"],
            "vue": ["js_frameworks"],
            "angular": ["js_frameworks"],
            "js_frameworks": ["dev"],
            "git": ["devops"],
            "docker": ["devops"],
            "sql": ["databases"],
        },
        labels={
            "react": "React",
            "vue": "Vue.js",
            "angular": "Angular",
            "git": "Git",
            "docker": "Docker",
            "sql": "SQL",
        },
    )


@pytest.fixture
def world(graph):
    """Graduate ``ana`` (Lens, public transport 30 km, CDI/CDD) and offers placed to test each rule."""
    offers = [
        offer("match", {"react": "required", "git": "required", "docker": "required", "sql": "nice"}),
        offer("near", {"react": "required"}, where=LIEVIN, contract_type="cdd"),
        offer("far", {"react": "required", "git": "required"}, where=AMIENS),
        offer("remote", {"react": "required", "git": "required"}, where=AMIENS, remote="full"),
        offer("stage", {"react": "required"}, where=LIEVIN, contract_type="stage"),
        offer("late", {"react": "required"}, where=LIEVIN, start_date=TODAY - dt.timedelta(days=200)),
        offer(
            "docker1", {"react": "required", "git": "required", "docker": "required", "angular": "required"}
        ),
        offer("docker2", {"git": "required", "docker": "required", "sql": "required"}, where=LIEVIN),
    ]
    candidates = [
        candidate(
            "ana",
            {"react": "confirmed", "git": "declared", "sql": "extracted"},
            radius_km=30,
            mobility="public_transport",
            contract_types=("cdi", "cdd"),
            available_from=TODAY,
            track="dev",
        ),
        candidate("bob", {"vue": "declared"}, where=LIEVIN, mobility="car", radius_km=40),
    ]
    return Matcher(offers, candidates, graph=graph, today=TODAY)


@pytest.fixture(scope="session")
def region():
    return simulate_region(500, 800, seed=3)


@pytest.fixture(scope="session")
def region_matcher(region):
    return Matcher(region.offers, region.candidates, graph=region.graph, today=region.today)
