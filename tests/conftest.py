"""The suite's shared fixtures, one home each (tests/fixtures/), registered here for every directory:

- ``tests.fixtures.guards``: eager Celery, undefined template variables fail, a fast password hasher,
  a clean cache, no connection left open when the test database is dropped (all autouse);
- ``tests.fixtures.personas``: employer A and its colleague, employer B, the invisible graduate (Inès)
  and the visible one (Kylian), an officer, and clients signed in as them;
- ``tests.fixtures.placements``: an offer of each employer, Inès's candidacy.
- ``tests.fixtures.internships``: the agreements' clock, a day the tests choose.

Factories are in tests/factories/. A directory's conftest.py adds only what its own tests need.
"""

pytest_plugins = [
    "tests.fixtures.guards",
    "tests.fixtures.personas",
    "tests.fixtures.placements",
    "tests.fixtures.internships",
]
