"""A double click, a resent POST or simultaneous requests create one object (issue #10): the offer
form carries a one-time token checked server-side; a declared job is unique in the database and its
service returns the existing row when a simultaneous request saved it first. Races run in threads,
each with its own PostgreSQL connection."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User
from employers.models import Offer
from placements.models import Placement
from placements.services import placement_from_application, placement_record
from tests.factories import OfferFactory, UserFactory
from tests.factories.graduates import GraduateFactory
from tests.factories.placements import ApplicationFactory
from tests.fixtures.races import at_once

LENS = "62498"


def offer_post(token: str, **overrides) -> dict:
    data = {
        "title": "Développeur·se Symfony (H/F)",
        "description": "Vous maintiendrez nos applications **Symfony**.",
        "contract_type": "CDI",
        "working_time": "full_time",
        "remote": "onsite",
        "salary_min": "26 000",
        "salary_max": "32 000",
        "salary_period": "year",
        "openings": "2",
        "commune_label": "Lens (62300)",
        "commune": LENS,
        "form_token": token,
        "submit": "1",
    }
    data.update(overrides)
    return data


def form_token(client) -> str:
    page = client.get(reverse("employers:offer_create")).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


@pytest.mark.django_db
def test_a_double_click_on_the_offer_form_publishes_one_offer(client_for, employer, employer_user):
    client = client_for(employer_user)
    token = form_token(client)
    first = client.post(reverse("employers:offer_create"), offer_post(token))
    second = client.post(reverse("employers:offer_create"), offer_post(token), follow=True)

    offer = Offer.objects.get(employer=employer)
    assert first["Location"] == reverse("employers:offer_manage", kwargs={"pk": offer.pk})
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "formulaire envoyé deux fois" in second.content.decode()
    # A new form is a new token: a second, deliberate offer is possible.
    client.post(
        reverse("employers:offer_create"), offer_post(form_token(client), title="Intégrateur·rice web")
    )
    assert Offer.objects.filter(employer=employer).count() == 2


@pytest.mark.django_db
def test_a_refused_send_keeps_the_token_usable_once_corrected(client_for, employer, employer_user):
    client = client_for(employer_user)
    token = form_token(client)
    refused = client.post(reverse("employers:offer_create"), offer_post(token, salary_min="40 000"))
    assert refused.status_code == 200 and not Offer.objects.exists()
    assert f'value="{token}"' in refused.content.decode()  # the same form goes on
    assert client.post(reverse("employers:offer_create"), offer_post(token)).status_code == 302
    assert Offer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_sends_of_the_offer_form_make_one_offer(employer, employer_user):
    clients = []
    for _ in range(3):
        client = Client()
        client.force_login(employer_user)
        clients.append(client)
    token = form_token(clients[0])

    responses = at_once(
        lambda i: clients[i].post(reverse("employers:offer_create"), offer_post(token)), range(3), timeout=120
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302, 302]
    offer = Offer.objects.get(employer=employer)
    assert {r["Location"] for r in responses} == {reverse("employers:offer_manage", kwargs={"pk": offer.pk})}


@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_job_declarations_make_one_record():
    graduate = GraduateFactory()
    fields = {
        "employer_name": "Mairie de Liévin",
        "contract_type": "CDD_LONG",
        "start_date": date(2026, 9, 1),
        "end_date": date(2027, 8, 31),
    }

    results = at_once(
        lambda i: placement_record(graduate=graduate, by=graduate.user, **fields), range(3), timeout=120
    )

    assert all(isinstance(r, Placement) for r in results), results
    assert Placement.objects.filter(graduate=graduate).count() == 1
    assert len({r.pk for r in results}) == 1


@pytest.mark.django_db
def test_a_declaration_sent_twice_from_the_page_is_one_record_and_case_does_not_matter(client_for):
    graduate = GraduateFactory(user=UserFactory(role=User.Role.GRADUATE))
    client = client_for(graduate.user)
    data = {"employer_name": "Mairie de Liévin", "contract_type": "CDD_LONG", "start_date": "2026-09-01"}
    for name in ("Mairie de Liévin", "MAIRIE de Liévin", "mairie de Liévin"):
        response = client.post(reverse("placements:placement_declare"), {**data, "employer_name": name})
        assert response.status_code == 302
    assert graduate.placements.count() == 1
    # Another job (another start) is another record; a rejected declaration may be made again.
    client.post(reverse("placements:placement_declare"), {**data, "start_date": "2027-01-15"})
    assert graduate.placements.count() == 2
    graduate.placements.filter(start_date=date(2026, 9, 1)).update(status=Placement.Status.REJECTED)
    client.post(reverse("placements:placement_declare"), data)
    assert graduate.placements.filter(start_date=date(2026, 9, 1)).count() == 2


@pytest.mark.django_db
def test_a_hire_confirms_the_job_the_graduate_had_declared_instead_of_adding_one(employer, officer):
    start = timezone.localdate() + timedelta(days=20)
    graduate = GraduateFactory()
    offer = OfferFactory(employer=employer, published=True, contract_type="CDI", start_date=start)
    declared = placement_record(
        graduate=graduate,
        by=graduate.user,
        employer_name=offer.employer_label,
        contract_type="CDI",
        start_date=start,
    )
    assert declared.status == Placement.Status.DECLARED

    hired = placement_from_application(
        application=ApplicationFactory(graduate=graduate, offer=offer), by=officer
    )

    assert hired.pk == declared.pk and Placement.objects.filter(graduate=graduate).count() == 1
    hired.refresh_from_db()
    assert (hired.status, hired.offer, hired.via_tremplin, hired.confirmed_by) == (
        Placement.Status.CONFIRMED,
        offer,
        True,
        officer,
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_doubled_declarations_but_rejects_all_but_one():
    before = [("placements", "0002_alter_outcomecheck_graduate_alter_placement_graduate")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldPlacement = old.get_model("placements", "Placement")
    graduate = old.get_model("graduates", "Graduate").objects.get(pk=GraduateFactory().pk)
    job = {"graduate": graduate, "contract_type": "CDI", "start_date": date(2026, 9, 1)}
    first = OldPlacement.objects.create(employer_name="Mairie de Liévin", status="declared", **job)
    confirmed = OldPlacement.objects.create(
        employer_name="MAIRIE de Liévin", status="confirmed", confirmed_at=timezone.now(), **job
    )
    third = OldPlacement.objects.create(employer_name="mairie de Liévin", status="declared", **job)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    statuses = dict(Placement.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "rejected", confirmed.pk: "confirmed", third.pk: "rejected"}
