"""Every API operation, fuzzed from its OpenAPI schema as every role, against a live server on the
suite's database (issue #10): 0 server errors, 0 responses that contradict the schema.

schemathesis generates each operation's inputs (valid ones, then path ids pointing at real rows of
employer A, so that employer B and the graduates ask for someone else's), and every generated
request is sent as each of the seven roles. Bounded: ``FUZZ_EXAMPLES`` examples per operation
and strategy; ``FUZZ_SEED`` draws other examples than the fixed default (derandomised) ones.
A failure names the operation, the role and the request (as a curl command) that broke.
"""

import json
import os
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
import schemathesis
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.stateful.state_machine import StepOutput
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from agenda.models import Event, EventRegistration, Slot
from tests.factories import PASSWORD, OfferFactory

from .world import build_world

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
FUZZ_SEED = os.environ.get("FUZZ_SEED", "")
ROLES = ("anonymous", "employer_a", "employer_b", "graduate_visible", "officer", "trainer", "admin")
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Safe methods first: a generated DELETE or decline should not hide a GET's answer on the same row.
METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


def _job_dating(world):
    """A job dating to come where employer A registered with its published offer and opened a free slot."""
    start = (timezone.now() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        title="Job dating du numérique",
        kind=Event.Kind.JOB_DATING,
        place="Lens",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    registration = EventRegistration.objects.create(event=event, employer=world.a.employer)
    registration.offers.add(world.a.offer)
    slot = Slot.objects.create(
        registration=registration,
        offer=world.a.offer,
        starts_at=start,
        ends_at=start + timedelta(minutes=20),
    )
    return event, slot


def _real_ids(world) -> dict[str, dict[str, int]]:
    """Path parameters naming a real row of employer A's side (or the school's), by path prefix."""
    a, grad = world.a, world.visible
    event, slot = _job_dating(world)
    return {
        "/api/v1/agenda/events/{id}/": {"id": event.pk},
        "/api/v1/agenda/slots/{id}/": {"id": slot.pk},
        "/api/v1/applications/{id}/": {"id": grad.application.pk},
        "/api/v1/cohorts/{cohort_id}/": {"cohort_id": world.cohort.pk},
        "/api/v1/cohorts/{id}/": {"id": world.cohort.pk},
        "/api/v1/employer/offers/{offer_id}/": {"offer_id": a.offer.pk},
        "/api/v1/employer/offers/{id}/": {"id": a.draft.pk},
        "/api/v1/employers/{id}/partnerships/{partnership_id}/": {
            "id": a.employer.pk,
            "partnership_id": a.partnership.pk,
        },
        "/api/v1/employers/{id}/": {"id": a.employer.pk},
        "/api/v1/graduates/me/projects/{id}/": {"id": grad.project.pk},
        "/api/v1/graduates/me/skills/{id}/": {"id": grad.skill.pk},
        "/api/v1/graduates/{id}/": {"id": grad.graduate.pk},
        "/api/v1/moderation/offers/{id}/": {"id": a.draft.pk},
        "/api/v1/moderation/rome/{id}/": {"id": a.offer.pk},
        "/api/v1/offers/{id}/": {"id": a.offer.pk},
        "/api/v1/outcome-checks/{id}/": {"id": grad.outcome.pk},
        "/api/v1/placements/{id}/": {"id": grad.placement.pk},
        "/api/v1/reports/cohorts/{cohort_id}/": {"cohort_id": world.cohort.pk},
        "/api/v1/reports/years/{year}/": {"year": 2026},
        "/api/v1/suggestions/{offer_id}/": {"offer_id": a.offer.pk},
    }


def _path_parameters(path: str, real_ids: dict) -> dict[str, int] | None:
    for prefix, ids in sorted(real_ids.items(), key=lambda item: -len(item[0])):
        if path.startswith(prefix):
            return ids
    return None


def _curl(case, headers: dict[str, str], base_url: str) -> str:
    """The failing request, replayable by hand (the token shortened: it dies with the test)."""
    shown = {name: value[:14] + "…" for name, value in headers.items()}
    try:
        return case.as_curl_command(headers=shown, base_url=base_url)[:600]
    except Exception:  # a body curl cannot carry still names the operation
        return f"{case.method} {case.formatted_path} query={case.query!r} body={case.body!r}"[:600]


def _token(base_url: str, user) -> dict[str, str]:
    response = requests.post(
        f"{base_url}/api/v1/auth/token/", data={"username": user.email, "password": PASSWORD}, timeout=30
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Token {response.json()['token']}"}


@pytest.fixture
def fuzzed_api(live_server, settings):
    """The seeded world on a live server, each persona's token, and the server's schema."""
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    rates.update(anon="100000/min", user="100000/min", login="100000/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # The fuzzer sends wrong passwords to the token endpoint from 127.0.0.1: no lockout of the personas.
    settings.AXES_ENABLED = False

    world = build_world()
    base_url = live_server.url
    personas = (*ROLES, "graduate_invisible")
    headers = {role: _token(base_url, world.users[role]) for role in personas if role != "anonymous"}
    headers["anonymous"] = {}
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/schema/?format=json")
    return world, base_url, headers, schema


@pytest.mark.django_db(transaction=True)
def test_every_operation_as_every_role_answers_without_server_error_and_as_documented(fuzzed_api):
    world, base_url, headers, schema = fuzzed_api
    real_ids = _real_ids(world)

    operations = sorted(
        (result.ok() for result in schema.get_all_operations()),
        key=lambda op: (METHOD_ORDER[op.method.upper()], op.path),
    )
    sessions = {role: requests.Session() for role in ROLES}
    pool = ThreadPoolExecutor(max_workers=len(ROLES))
    failures: dict[tuple[str, str], list[str]] = defaultdict(list)
    counts = {"requests": 0, "server_errors": 0}
    answered = Counter()  # successful answers per role: each persona's token did open its own data
    started = time.monotonic()

    def send(case):
        # The same generated request as each role, all at once (the live server is threaded); the
        # answers are then checked one by one against the schema.
        sent = {role: case.as_transport_kwargs(base_url=base_url, headers=headers[role]) for role in ROLES}
        answers = pool.map(lambda role: sessions[role].request(**sent[role], timeout=60), ROLES)
        for role, response in zip(ROLES, answers, strict=True):
            counts["requests"] += 1
            counts["server_errors"] += response.status_code >= 500
            answered[role] += response.status_code < 300
            try:
                case.validate_response(response, checks=CHECKS, headers=headers[role])
            except FailureGroup as group:
                for failure in group.exceptions:
                    failures[(f"{case.operation.label}", role)].append(
                        f"{response.status_code} {failure.title}: {str(failure.message)[:300]}\n"
                        f"    {_curl(case, headers[role], base_url)}"
                    )

    for operation in operations:
        strategies = [operation.as_strategy()]
        ids = _path_parameters(operation.path, real_ids)
        if ids:
            strategies.append(operation.as_strategy(path_parameters=ids))
        for strategy in strategies:
            run = hypothesis_settings(
                max_examples=FUZZ_EXAMPLES,
                deadline=None,
                derandomize=not FUZZ_SEED,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(given(case=strategy)(lambda case: send(case)))
            if FUZZ_SEED:
                run = seed(int(FUZZ_SEED))(run)
            try:
                run()
            except Exception as error:  # a request that times out or a generation error: say where
                raise AssertionError(f"{operation.label}: {type(error).__name__}: {error}") from error

    pool.shutdown()
    elapsed = time.monotonic() - started
    print(
        f"\nschemathesis: {len(operations)} operations x {len(ROLES)} roles, {counts['requests']} requests "
        f"in {elapsed:.0f} s: {counts['server_errors']} server errors, {len(failures)} failing operation x role"
    )
    report = "\n".join(
        f"{label} as {role} ({len(messages)} failing): {messages[0]}"
        for (label, role), messages in sorted(failures.items())
    )
    if FUZZ_SEED:
        report += f"\n(FUZZ_SEED={FUZZ_SEED})"
    assert not failures, report
    assert all(answered[role] for role in ROLES), answered


def test_each_creation_links_to_what_can_follow_on_the_row_it_made(tmp_path, db):
    """backend.core.schema.creation_links: the links the stateful run follows, in the published schema."""
    target = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--format", "openapi-json", "--file", str(target))
    paths = json.loads(target.read_text())["paths"]

    def links(path: str) -> dict:
        return paths[path]["post"]["responses"]["201"].get("links", {})

    offer = links("/api/v1/employer/offers/")
    assert offer["employer_offers_retrieve"]["parameters"] == {"path.id": "$response.body#/id"}
    assert offer["employer_offers_shortlist_retrieve"]["parameters"] == {
        "path.offer_id": "$response.body#/id"
    }
    assert {"employer_offers_partial_update", "employer_offers_submit_create"} <= set(offer)
    # A copy links where the original's creation does.
    assert set(links("/api/v1/employer/offers/{id}/duplicate/")) == set(offer)
    # A nested creation carries its own path parameters over.
    assert links("/api/v1/employers/{id}/partnerships/")["employers_partnerships_retrieve"]["parameters"] == {
        "path.id": "$request.path.id",
        "path.partnership_id": "$response.body#/id",
    }
    # No link where the answer names no new row (an import's count).
    assert links("/api/v1/cohorts/{id}/import/") == {}


FUZZ_SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "8"))
DROP = object()  # a reference field left out of the body (optional, and no random value names a row)


def _references(world) -> tuple[dict[str, object], dict[str, dict]]:
    """Real values for the fields of a creation that name other rows, and real path ids.

    Generated at random, an INSEE code, an offer's or a skill's id names nothing, so almost no
    creation would succeed and no link would be followed: a scenario's first creation gets these in
    place of what was drawn (every other field stays generated)."""
    from backend.taxonomy.models import Skill

    declared = world.visible.graduate.skills.values_list("skill_id", flat=True)
    fields = {
        "commune": world.a.offer.commune.insee,
        "appellation": DROP,
        "occupation": DROP,
        "trainers": [],
        # An offer of B's the visible graduate has not applied to yet (her candidacy is to A's).
        "offer": OfferFactory(employer=world.b.employer, published=True, title="Intégrateur·rice web").pk,
        "skill": Skill.objects.exclude(pk__in=declared).order_by("uid").values_list("uid", flat=True)[0],
        "skills": [],
        "graduate": world.visible.graduate.pk,
        "employer": world.a.employer.pk,
    }
    paths = {"/api/v1/employers/{id}/partnerships/": {"id": world.a.employer.pk}}
    return fields, paths


def _amount(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # the decimal pattern lets "." and "-." through
        return 0.0


def _with_references(case, fields: dict, paths: dict) -> None:
    if case.headers:
        case.headers.pop("Idempotency-Key", None)  # the free fuzzing tries odd keys; here, none
    if isinstance(case.body, dict):
        for name, value in fields.items():
            if name in case.body and value is DROP:
                del case.body[name]
            elif name in case.body:
                case.body[name] = value
        low, high = (case.body.get(k) for k in ("salary_min", "salary_max"))
        if isinstance(low, str) and isinstance(high, str):
            # Drawn as any decimal; the service wants 0 <= min <= max (a French 400 otherwise).
            amounts = sorted(abs(_amount(v)) for v in (low, high))
            case.body["salary_min"], case.body["salary_max"] = (f"{a:.2f}" for a in amounts)
    if case.operation.path in paths:
        case.path_parameters = {**(case.path_parameters or {}), **paths[case.operation.path]}


# Who creates rows, where (the creations and the operations their links lead to), and the persona of
# the same kind, another owner, who must get nothing from them.
CREATORS = {
    "employer_a": (r"^/api/v1/employer/offers/", "employer_b"),
    "graduate_visible": (
        r"^/api/v1/(graduates/me/(projects|skills)/|applications/|placements/)",
        "graduate_invisible",
    ),
    "officer": (r"^/api/v1/(cohorts/|employers/\{id\}/partnerships/|placements/|agenda/events/)", None),
}


def _links(schema) -> set[tuple[str, str]]:
    """(creation, linked operation) pairs the schema documents."""
    return {
        (operation["operationId"], name)
        for operations in schema.raw_schema["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for name in operation.get("responses", {}).get("201", {}).get("links", {})
    }


@pytest.mark.django_db(transaction=True)
def test_rows_created_through_the_api_and_followed_through_the_schemas_links_answer_as_documented(
    fuzzed_api,
):
    """Stateful: schemathesis chains a creation with what its OpenAPI links say may follow (read, change,
    act on, delete the new row), as each role that creates. Every step is checked as in the free
    fuzzing, and before the owner's request the same one is sent as the other employer (or the other
    graduate), who must get nothing: a row made a moment ago is as private as the seeded ones."""
    world, base_url, headers, schema = fuzzed_api
    documented = _links(schema)
    assert len(documented) >= 30, documented  # backend.core.schema.creation_links wrote them
    # Stateful runs draw valid inputs only (the free fuzzing above sends the invalid ones): a creation
    # must succeed for its links to be followed.
    modes = schema.config.generation.modes
    schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    fields, paths = _references(world)
    sessions = {role: requests.Session() for role in headers}
    failures: dict[tuple[str, str], list[str]] = defaultdict(list)
    leaks: list[str] = []
    errors: list[str] = []
    followed: Counter = Counter()  # link ("POST … -> [201] name -> GET …") -> times the owner got a 2xx
    counts = Counter()
    started = time.monotonic()

    def check(case, response, role: str) -> None:
        counts["requests"] += 1
        counts["server_errors"] += response.status_code >= 500
        try:
            case.validate_response(response, checks=CHECKS, headers=headers[role])
        except FailureGroup as group:
            for failure in group.exceptions:
                failures[(case.operation.label, role)].append(
                    f"{response.status_code} {failure.title}: {str(failure.message)[:300]}\n"
                    f"    {_curl(case, headers[role], base_url)}"
                )

    class Steps:
        owner = foreign = ""

        def step(self, input):
            # An exception would make Hypothesis replay the scenario against a server whose rows have
            # moved on (FlakyStrategyDefinition): it is recorded, with its request, like a failed check.
            try:
                return self._checked_step(input)
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error} in {_curl(input.case, {}, base_url)}")
                return None

        def _checked_step(self, input):
            case = input.case
            if input.transition is None and case.method.upper() == "POST":
                _with_references(case, fields, paths)
            if input.transition is not None and self.foreign:
                other = case.call(
                    base_url=base_url,
                    session=sessions[self.foreign],
                    headers=headers[self.foreign],
                    timeout=60,
                )
                check(case, other, self.foreign)
                if other.status_code < 300:
                    leaks.append(f"{self.foreign} got {other.status_code}: {_curl(case, {}, base_url)}")
            response = case.call(
                base_url=base_url, session=sessions[self.owner], headers=headers[self.owner], timeout=60
            )
            self.after_call(response, case)
            check(case, response, self.owner)
            if input.transition is not None and response.status_code < 300:
                followed[input.transition.id] += 1
            return StepOutput(response, case)

    for owner, (where, foreign) in CREATORS.items():
        run_settings = hypothesis_settings(
            max_examples=FUZZ_SCENARIOS,
            stateful_step_count=5,
            deadline=None,
            derandomize=not FUZZ_SEED,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        if FUZZ_SEED:
            run_settings = hypothesis_settings(run_settings, derandomize=False)
        try:
            # Lists left out: a scenario then starts with a creation, not with reading what exists.
            scoped = schema.include(path_regex=where).exclude(method="GET", path_regex=r"^[^{]*$")
            machine = scoped.as_state_machine()
            workflow = type("Workflow", (Steps, machine), {"owner": owner, "foreign": foreign or ""})
            workflow.run(settings=run_settings)
        except FailureGroup:
            raise
        except Exception as error:  # a timeout, a generation error: say as whom
            raise AssertionError(f"stateful run as {owner}: {type(error).__name__}: {error}") from error

    schema.config.generation.update(modes=modes)
    elapsed = time.monotonic() - started
    print(
        f"\nschemathesis stateful: {len(documented)} links, {len(followed)} followed to a 2xx "
        f"({sum(followed.values())} times), {counts['requests']} requests in {elapsed:.0f} s: "
        f"{counts['server_errors']} server errors, {len(failures)} failing operation x role, "
        f"{len(leaks)} answers to another owner\n"
        + "\n".join(f"  {link}: {n}" for link, n in sorted(followed.items()))
    )
    report = "\n".join(
        f"{label} as {role} ({len(messages)} failing): {messages[0]}"
        for (label, role), messages in sorted(failures.items())
    )
    assert not errors, "\n".join(errors[:10])
    # The creations' own links were followed (not only the ones schemathesis infers).
    assert any(
        f"-> [201] {source}" in link or f"[201] {target}" in link
        for link in followed
        for source, target in documented
    ), followed
    assert not failures, report
    assert not leaks, "\n".join(leaks)
