"""Every state machine's table has one shape: ``name → Transition(sources, target, roles)``: offers,
candidacies, internship agreements and admissions."""

import pytest

from admissions.models import Application as Admission
from backend.core.transitions import Transition, move
from employers.models import Offer
from internships.models import Agreement
from placements.models import Application

TABLES = [
    (Offer.TRANSITIONS, Offer.Status),
    (Application.TRANSITIONS, Application.State),
    (Agreement.TRANSITIONS, Agreement.Status),
    (Admission.TRANSITIONS, Admission.State),
]


@pytest.mark.parametrize(("table", "states"), TABLES, ids=["offer", "application", "agreement", "admission"])
def test_every_move_of_every_table_is_a_transition_between_the_models_own_states(table, states):
    for name, transition in table.items():
        assert isinstance(transition, Transition), name
        assert isinstance(transition.sources, frozenset) and transition.sources, name
        assert transition.sources <= set(states.values), name
        assert transition.target in states.values, name


def test_an_offers_moves_name_no_roles_and_a_candidacys_name_who_may_make_them():
    assert all(t.roles is None for t in Offer.TRANSITIONS.values())
    for name, transition in Application.TRANSITIONS.items():
        assert transition.roles and transition.roles <= {"graduate", "employer", "officer", "system"}, name


def test_an_admissions_moves_name_who_may_make_them_and_a_trainer_only_marks_attendance():
    for name, transition in Admission.TRANSITIONS.items():
        assert transition.roles and transition.roles <= {"candidate", "officer", "trainer", "system"}, name
    assert [name for name, t in Admission.TRANSITIONS.items() if t.open_to("trainer")] == ["attend"]
    assert Admission.TRANSITIONS.keys() >= Admission.REASON_REQUIRED


def test_a_transition_says_where_it_starts_and_who_may_make_it():
    hire = move(["interview", "offer"], "hired", ["employer", "officer"])
    assert hire.starts_from("offer") and not hire.starts_from("applied")
    assert hire.open_to("officer") and not hire.open_to("graduate") and not hire.open_to(None)
    anyone = move({"draft"}, "submitted")
    assert anyone.roles is None and anyone.open_to("employer") and anyone.open_to(None)
    sources, target, roles = hire  # still a tuple where code unpacks it
    assert (sources, target, roles) == (
        frozenset({"interview", "offer"}),
        "hired",
        frozenset({"employer", "officer"}),
    )
