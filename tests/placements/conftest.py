"""What the placements tests build: a candidacy in any state. The personas (``graduate`` Inès,
``other_graduate`` Kylian, the employers) are in tests/fixtures/personas.py, ``offer``, ``other_offer`` and
``application`` in tests/fixtures/placements.py."""

from placements.models import Application
from tests.factories.graduates import CohortFactory, GraduateFactory  # noqa: F401 - still imported from here by the tests
from tests.factories.placements import (  # noqa: F401 - still imported from here by the tests
    ApplicationFactory,
    OutcomeCheckFactory,
    PlacementFactory,
)


def make_application(state: str, **kwargs) -> Application:
    return ApplicationFactory(state=state, **kwargs)
