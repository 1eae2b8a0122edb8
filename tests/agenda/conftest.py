from tests.placements.conftest import application, cohort, graduate, offer, other_graduate, other_offer  # noqa: F401
