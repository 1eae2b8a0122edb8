"""The school's placements page, declared jobs confirmed by the school or by the employer named."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import Placement
from tests.factories.graduates import GraduateFactory
from tests.factories.placements import ApplicationFactory, OutcomeCheckFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(graduate, employer):
    return PlacementFactory(
        graduate=graduate,
        employer=employer,
        employer_name=employer.name,
        contract_type="CDD_LONG",
        status=Placement.Status.DECLARED,
        confirmed_at=None,
    )


def test_the_school_sees_every_placement_and_the_declarations_to_confirm_first(
    client_for, officer, declared, other_graduate
):
    PlacementFactory(graduate=other_graduate, employer_name="Mairie de Lens", contract_type="FORMATION")

    response = client_for(officer).get(reverse("placements:placements"))

    assert response.status_code == 200
    assert [p.pk for p in response.context["declared"]] == [declared.pk]
    assert len(response.context["page"].object_list) == 2
    page = unescape(response.content.decode())
    assert "1 déclaration à confirmer" in page
    assert "Poursuite de formation" in page


def test_the_placements_list_filters_by_contract_and_status(client_for, officer, declared, other_graduate):
    PlacementFactory(graduate=other_graduate, contract_type="CDI")
    client = client_for(officer)
    rows = client.get(reverse("placements:placements"), {"contract_type": "CDI"}).context["page"].object_list
    assert [p.graduate.full_name for p in rows] == ["Kylian Nowak"]
    rows = client.get(reverse("placements:placements"), {"status": "declared"}).context["page"].object_list
    assert [p.pk for p in rows] == [declared.pk]


def test_the_school_records_the_training_internship_with_its_host(client_for, officer, graduate, employer):
    response = client_for(officer).post(
        reverse("placements:placements"),
        {
            "graduate": graduate.pk,
            "employer": employer.pk,
            "contract_type": "STAGE",
            "start_date": "2026-05-04",
            "end_date": "2026-06-30",
            "monthly_gross_salary": "0",
            "is_training_internship": "on",
        },
    )
    assert response.status_code == 302
    placement = graduate.placements.get()
    assert (
        placement.employer,
        placement.employer_name,
        placement.is_training_internship,
        placement.status,
    ) == (
        employer,
        "Hauts Numériques",
        True,
        "confirmed",
    )


def test_a_wrong_record_is_explained_on_the_field(client_for, officer, graduate):
    response = client_for(officer).post(
        reverse("placements:placements"),
        {
            "graduate": graduate.pk,
            "employer_name": "X",
            "contract_type": "CDI",
            "start_date": "2026-09-01",
            "is_training_internship": "on",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["contract_type"] == [
        "Le stage de la formation doit avoir le type « Stage »."
    ]
    assert not Placement.objects.exists()


def test_the_school_confirms_a_declaration_from_the_list(client_for, officer, declared):
    response = client_for(officer).post(
        reverse("placements:placement_confirm", args=[declared.pk]),
        {"decision": "confirm", "note": "Vu le contrat"},
    )
    assert response["Location"] == reverse("placements:placements")
    declared.refresh_from_db()
    assert (declared.status, declared.confirmed_by) == ("confirmed", officer)


def test_the_employer_named_confirms_from_their_board(client_for, employer_user, colleague_user, declared):
    board = client_for(colleague_user).get(reverse("placements:employer_board"))
    assert [p.pk for p in board.context["declared"]] == [declared.pk]

    page = client_for(employer_user).get(reverse("placements:placement_confirm", args=[declared.pk]))
    assert page.status_code == 200
    response = client_for(employer_user).post(
        reverse("placements:placement_confirm", args=[declared.pk]), {"decision": "reject"}
    )
    assert response["Location"] == reverse("placements:employer_board")
    declared.refresh_from_db()
    assert declared.status == "rejected"


def test_a_declaration_is_reviewed_once(client_for, officer, declared):
    client = client_for(officer)
    client.post(reverse("placements:placement_confirm", args=[declared.pk]), {"decision": "confirm"})
    again = client.post(
        reverse("placements:placement_confirm", args=[declared.pk]), {"decision": "reject"}, follow=True
    )
    assert "Ce placement est déjà confirmé." in again.content.decode()
    declared.refresh_from_db()
    assert declared.status == "confirmed"


def test_another_company_and_the_graduate_cannot_confirm(client_for, other_employer_user, graduate, declared):
    url = reverse("placements:placement_confirm", args=[declared.pk])
    assert client_for(other_employer_user).get(url).status_code == 404
    assert client_for(other_employer_user).post(url, {"decision": "confirm"}).status_code == 404
    assert client_for(graduate.user).post(url, {"decision": "confirm"}).status_code == 403
    declared.refresh_from_db()
    assert declared.status == "declared"


def test_anonymous_visitors_are_sent_to_sign_in(client, declared):
    response = client.get(reverse("placements:placement_confirm", args=[declared.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_outcome_pages_are_the_school_s_only(client_for, client, graduate, employer_user):
    check = OutcomeCheckFactory(graduate=graduate)
    url = reverse("placements:outcome_edit", args=[check.pk])
    assert client.get(url).status_code == 302
    for user in (employer_user, graduate.user):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {"situation": "seeking", "action": "validate"}).status_code == 403
    check.refresh_from_db()
    assert not check.is_frozen


def test_the_board_query_count_does_not_grow_with_candidacies(client_for, officer, cohort, offer):
    client = client_for(officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("placements:board")).status_code == 200
        return len(queries)

    for state in ("applied", "interview"):
        ApplicationFactory(graduate=GraduateFactory(cohort=cohort), offer=offer, state=state)
    few = count()
    for _ in range(6):
        for state in ("applied", "interview"):
            ApplicationFactory(graduate=GraduateFactory(cohort=cohort), offer=offer, state=state)
    assert count() == few


@pytest.mark.parametrize("url", ["/candidatures/placements/", "/candidatures/", "/candidatures/suivi/"])
def test_every_element_id_is_unique_so_labels_point_at_their_field(client_for, officer, url):
    import re
    from collections import Counter

    html = client_for(officer).get(url).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids, target
