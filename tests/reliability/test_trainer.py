"""The trainer role: it confirms skills and follows the cohorts it teaches, and never sees their entry
characteristics (birth date, gender, diploma, situation, QPV, disability) — on its pages, on the school's
pages, nor through the API (issue #10)."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError
from backend.taxonomy.models import Skill
from graduates import services
from graduates.models import GraduateSkill
from tests.factories import UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory

pytestmark = pytest.mark.django_db

BIRTH = date(1999, 11, 23)
# What would betray an entry characteristic on a page or in a JSON answer.
SENSITIVE = (
    "23/11/1999",
    "1999-11-23",
    "23 novembre 1999",
    "birth_date",
    "qpv_resident",
    "disability_recognised",
    "entry_situation",
    "NEET (ni en emploi",
    "À l&#x27;entrée en formation",
    "<dt>RQTH</dt>",  # the school's page lists it; the privacy notice may name it
    "<dt>QPV</dt>",
)


@pytest.fixture
def world():
    trainer = UserFactory(role=User.Role.TRAINER, first_name="Théo", last_name="Formateur")
    taught = CohortFactory(name="Promo Lens 2026-1")
    taught.trainers.add(trainer)
    other = CohortFactory(name="Promo Liévin 2026-2")
    ines = GraduateFactory(
        cohort=taught,
        birth_date=BIRTH,
        qpv_resident=True,
        disability_recognised=True,
        entry_situation="neet",
    )
    react = Skill.objects.get(uid="tremplin:react")
    row = GraduateSkill.objects.create(
        graduate=ines, skill=react, source="declared", status="accepted", level=GraduateSkill.Level.PRACTICE
    )
    stranger = GraduateFactory(cohort=other, birth_date=BIRTH)
    return {
        "trainer": trainer,
        "taught": taught,
        "other": other,
        "ines": ines,
        "row": row,
        "stranger": stranger,
    }


def test_home_takes_a_trainer_to_its_cohorts_and_shows_only_those(world, client_for):
    client = client_for(world["trainer"])
    assert client.get("/")["Location"] == reverse("graduates:trainer_cohorts")
    page = client.get(reverse("graduates:trainer_cohorts")).content.decode()
    assert "Promo Lens 2026-1" in page and "Promo Liévin 2026-2" not in page
    assert f'href="{reverse("graduates:trainer_cohorts")}">Mes promotions' in page  # in the menu
    assert reverse("graduates:cohort_list") not in page  # the school's menu is not offered
    board = client.get(
        reverse("graduates:trainer_cohort", kwargs={"pk": world["taught"].pk})
    ).content.decode()
    assert world["ines"].full_name in board and world["stranger"].full_name not in board
    assert (
        client.get(reverse("graduates:trainer_cohort", kwargs={"pk": world["other"].pk})).status_code == 404
    )
    stranger = reverse("graduates:trainer_graduate", kwargs={"pk": world["stranger"].pk})
    assert client.get(stranger).status_code == 404


def test_a_trainer_confirms_a_skill_of_its_own_cohort_only(world, client_for):
    client = client_for(world["trainer"])
    url = reverse("graduates:trainer_skill_confirm", kwargs={"pk": world["ines"].pk})
    response = client.post(url, {"graduate_skill": world["row"].pk, "confirmed": "1"})
    assert response.status_code == 302
    world["row"].refresh_from_db()
    assert world["row"].confirmed_by == world["trainer"] and world["row"].confirmed_at is not None
    page = client.get(reverse("graduates:trainer_graduate", kwargs={"pk": world["ines"].pk})).content.decode()
    assert "confirmée par Théo Formateur" in page

    stranger_row = GraduateSkill.objects.create(
        graduate=world["stranger"], skill=world["row"].skill, source="declared", status="accepted"
    )
    url = reverse("graduates:trainer_skill_confirm", kwargs={"pk": world["stranger"].pk})
    assert client.post(url, {"graduate_skill": stranger_row.pk}).status_code == 404
    with pytest.raises(ApplicationError) as caught:
        services.graduate_skill_confirm(graduate_skill=stranger_row, by=world["trainer"])
    assert caught.value.status_code == 403
    stranger_row.refresh_from_db()
    assert stranger_row.confirmed_at is None


def test_other_roles_do_not_get_the_trainer_pages(world, client_for, officer, employer_user):
    url = reverse("graduates:trainer_cohorts")
    assert Client().get(url).status_code == 302
    for user in (officer, employer_user, world["ines"].user):
        assert client_for(user).get(url).status_code == 403


def test_the_trainer_page_of_a_graduate_has_skills_but_no_entry_characteristic(world, client_for):
    page = (
        client_for(world["trainer"])
        .get(reverse("graduates:trainer_graduate", kwargs={"pk": world["ines"].pk}))
        .content.decode()
    )
    assert "React" in page
    assert [word for word in SENSITIVE if word in page] == []


def test_an_officer_still_sees_the_entry_characteristics(world, client_for, officer):
    page = (
        client_for(officer)
        .get(reverse("graduates:officer_graduate", kwargs={"pk": world["ines"].pk}))
        .content
    ).decode()
    assert "23 nov. 1999" in page and "<dt>RQTH</dt>" in page


def _patterns(resolver=None, prefix=""):
    """Every route of the URL configuration, as a path template with <name> placeholders."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _fill(template: str, value: int) -> str | None:
    if template.startswith("^") or "(?P" in template:
        return None  # regex routes: admin and static helpers, not the school's pages
    path = re.sub(r"<int:\w+>", str(value), template)
    path = re.sub(r"<(?:str|slug|path|uuid)?:?\w+>", "x", path)
    return "/" + path


def test_no_page_or_api_a_trainer_can_reach_shows_an_entry_characteristic(world, client_for):
    """Generated from the URL configuration: a new page or endpoint is checked without a new rule."""
    web = client_for(world["trainer"])
    web.raise_request_exception = False
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(world["trainer"])
    ids = {world["ines"].pk, world["taught"].pk, world["stranger"].pk, world["other"].pk, world["row"].pk}
    checked, leaks, school_pages_open = 0, [], []
    for template in sorted(set(_patterns())):
        # The OpenAPI schema names the fields of every serializer: it describes, it holds no data; so does
        # the public application form (empty fields named birth_date, qpv_declared… for anyone to fill).
        if (
            template.startswith(("admin/", "i18n/", "comptes/deconnexion", "api/v1/schema/"))
            or template == "candidater/"
        ):
            continue
        for value in ids:
            path = _fill(template, value)
            if path is None:
                continue
            client = api if path.startswith("/api/") else web
            response = client.get(path)
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(
                "utf-8", "replace"
            )
            checked += 1
            leaks += [f"{path}: {word}" for word in SENSITIVE if word in body]
            if "/ecole/" in path and response.status_code == 200:
                school_pages_open.append(path)
    assert checked > 200
    assert leaks == [], "\n".join(leaks)
    assert school_pages_open == []
