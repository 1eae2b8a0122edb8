"""Employers, partnerships, interactions and contacts (employers/api/organisations.py): the
organisation's own record, the school's side, who may read and write what."""

import pytest

from backend.accounts.models import Invitation
from employers.models import (
    Contact,
    Employer,
    Interaction,
    Partnership,
)
from tests.factories import (
    ContactFactory,
    EmployerFactory,
    PartnershipFactory,
    make_siret,
)

from .common import ARRAS, published

pytestmark = [
    pytest.mark.django_db,
    # STATIC_ROOT exists only after collectstatic; whitenoise warns about it at the first request.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


# ---------------------------------------------------------------- employers: own record


def test_employer_reads_and_edits_its_organisation(api_client_for, employer, employer_user):
    client = api_client_for(employer_user)

    read = client.get("/api/v1/employers/me/")
    edited = client.patch(
        "/api/v1/employers/me/",
        {"description": "ESN du bassin minier", "commune": ARRAS, "naf_code": "62.02a"},
        format="json",
    )

    assert read.status_code == 200
    assert (read.json()["id"], read.json()["name"], read.json()["status"]) == (
        employer.pk,
        "Hauts Numériques",
        "approved",
    )
    assert edited.status_code == 200, edited.json()
    employer.refresh_from_db()
    assert (employer.description, employer.commune_id, employer.naf_code) == (
        "ESN du bassin minier",
        ARRAS,
        "62.02A",
    )


def test_patch_with_a_bad_siret_is_refused_in_french(api_client_for, employer, employer_user):
    before = employer.siret

    response = api_client_for(employer_user).patch(
        "/api/v1/employers/me/", {"siret": "12345678901234"}, format="json"
    )

    assert response.status_code == 400
    assert "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas)" in response.json()["message"]
    assert "siret" in response.json()["extra"]["fields"]
    employer.refresh_from_db()
    assert employer.siret == before


def test_patch_with_a_bad_naf_code_and_unknown_commune_is_refused(api_client_for, employer, employer_user):
    client = api_client_for(employer_user)

    naf = client.patch("/api/v1/employers/me/", {"naf_code": "6201Z"}, format="json")
    place = client.patch("/api/v1/employers/me/", {"commune": "00000"}, format="json")

    assert naf.status_code == 400
    assert naf.json()["message"].startswith("Le code NAF s'écrit comme 62.01Z")
    assert place.status_code == 400
    assert "Commune inconnue" in place.json()["message"]


def test_pending_employer_corrects_its_siret_but_an_approved_one_cannot(api_client_for, db):
    pending = EmployerFactory(status=Employer.Status.PENDING)
    approved = EmployerFactory(status=Employer.Status.APPROVED)
    new_siret, other_siret = make_siret(9001), make_siret(9002)

    corrected = api_client_for(ContactFactory(employer=pending).user).patch(
        "/api/v1/employers/me/", {"siret": new_siret[:3] + " " + new_siret[3:]}, format="json"
    )
    refused = api_client_for(ContactFactory(employer=approved).user).patch(
        "/api/v1/employers/me/", {"siret": other_siret}, format="json"
    )

    assert corrected.status_code == 200
    assert corrected.json()["siret"] == new_siret
    assert refused.status_code == 403
    assert "ne se modifie que par l'école" in refused.json()["message"]
    approved.refresh_from_db()
    assert approved.siret != other_siret


def test_siret_already_used_by_another_employer_is_refused(api_client_for, other_employer):
    pending = EmployerFactory(status=Employer.Status.PENDING)

    response = api_client_for(ContactFactory(employer=pending).user).patch(
        "/api/v1/employers/me/", {"siret": other_employer.siret}, format="json"
    )

    assert response.status_code == 400
    assert "SIRET existe déjà" in response.json()["message"]


@pytest.mark.parametrize("persona", ["officer", "graduate_user"])
def test_employers_me_is_for_employer_accounts(api_client_for, request, persona):
    response = api_client_for(request.getfixturevalue(persona)).get("/api/v1/employers/me/")

    assert response.status_code == 403
    assert response.json()["message"] == "Réservé aux comptes employeur."


# ---------------------------------------------------------------- employers: the school's side


def test_officer_lists_employers_by_status_and_name(api_client_for, employer, other_employer, officer):
    pending = EmployerFactory(name="Domotique Artois", status=Employer.Status.PENDING)
    published(employer)
    published(employer)
    client = api_client_for(officer)

    everyone = client.get("/api/v1/employers/").json()
    waiting = client.get("/api/v1/employers/", {"status": "pending"}).json()
    by_name = client.get("/api/v1/employers/", {"q": "concurrent"}).json()
    bad = client.get("/api/v1/employers/", {"status": "maybe"})

    assert {row["id"]: row["open_offers"] for row in everyone["results"]} == {
        employer.pk: 2,
        other_employer.pk: 0,
        pending.pk: 0,
    }
    assert [row["id"] for row in waiting["results"]] == [pending.pk]
    assert [row["name"] for row in by_name["results"]] == ["Concurrent SARL"]
    assert bad.status_code == 400
    assert "Statut inconnu : « maybe »" in bad.json()["message"]


def test_officer_approves_then_declines_an_employer_with_a_reason(api_client_for, officer):
    pending = EmployerFactory(status=Employer.Status.PENDING)
    client = api_client_for(officer)

    approved = client.post(f"/api/v1/employers/{pending.pk}/approve/")
    no_reason = client.post(f"/api/v1/employers/{pending.pk}/decline/", {}, format="json")
    declined = client.post(
        f"/api/v1/employers/{pending.pk}/decline/",
        {"reason": "SIRET radié au répertoire Sirene."},
        format="json",
    )

    assert approved.json()["status"] == "approved"
    assert no_reason.status_code == 400
    assert "Indiquez le motif du refus" in no_reason.json()["message"]
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined",
        "SIRET radié au répertoire Sirene.",
    )
    pending.refresh_from_db()
    assert pending.reviewed_by == officer


@pytest.mark.parametrize("persona", ["employer_user", "graduate_user", None])
def test_only_officers_list_employers(api_client_for, request, employer, persona):
    user = request.getfixturevalue(persona) if persona else None

    response = api_client_for(user).get("/api/v1/employers/")

    assert response.status_code in (401, 403)
    assert "results" not in response.json()


EMPLOYER_ENDPOINTS = [
    ("get", "/api/v1/employers/{id}/"),
    ("post", "/api/v1/employers/{id}/approve/"),
    ("post", "/api/v1/employers/{id}/decline/"),
    ("get", "/api/v1/employers/{id}/partnerships/"),
    ("post", "/api/v1/employers/{id}/partnerships/"),
    ("get", "/api/v1/employers/{id}/partnerships/{pid}/"),
    ("patch", "/api/v1/employers/{id}/partnerships/{pid}/"),
    ("get", "/api/v1/employers/{id}/interactions/"),
    ("post", "/api/v1/employers/{id}/interactions/"),
    ("get", "/api/v1/employers/{id}/contacts/"),
    ("post", "/api/v1/employers/{id}/contacts/invite/"),
]
WRITE_BODY = {
    "reason": "Non",
    "kind": "call",
    "summary": "Appel",
    "start_date": "2026-01-01",
    "email": "nouvelle@hauts-numeriques.fr",
    "first_name": "Inès",
    "last_name": "Martin",
}


@pytest.mark.parametrize(("method", "url"), EMPLOYER_ENDPOINTS)
@pytest.mark.parametrize("persona", ["other_employer_user", "graduate_user"])
def test_other_employers_and_graduates_get_404_on_every_employer_endpoint(
    api_client_for, employer, request, persona, method, url
):
    partnership = PartnershipFactory(employer=employer)
    user = request.getfixturevalue(persona)

    response = getattr(api_client_for(user), method)(
        url.format(id=employer.pk, pid=partnership.pk), WRITE_BODY, format="json"
    )

    assert response.status_code == 404
    assert response.json() == {"message": "Introuvable.", "extra": {}}
    assert (Partnership.objects.count(), Interaction.objects.count(), Invitation.objects.count()) == (1, 0, 0)
    employer.refresh_from_db()
    assert employer.status == Employer.Status.APPROVED


@pytest.mark.parametrize(("method", "url"), EMPLOYER_ENDPOINTS)
def test_anonymous_visitors_get_nothing_from_employer_endpoints(api_client_for, employer, method, url):
    response = getattr(api_client_for(None), method)(
        url.format(id=employer.pk, pid=1), WRITE_BODY, format="json"
    )

    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    ("method", "url", "expected"),
    [
        ("get", "/api/v1/employers/{id}/", 200),
        ("post", "/api/v1/employers/{id}/approve/", 403),
        ("post", "/api/v1/employers/{id}/decline/", 403),
        ("get", "/api/v1/employers/{id}/partnerships/", 200),
        ("post", "/api/v1/employers/{id}/partnerships/", 403),
        ("get", "/api/v1/employers/{id}/partnerships/{pid}/", 200),
        ("patch", "/api/v1/employers/{id}/partnerships/{pid}/", 403),
        ("get", "/api/v1/employers/{id}/interactions/", 403),
        ("post", "/api/v1/employers/{id}/interactions/", 403),
        ("get", "/api/v1/employers/{id}/contacts/", 200),
    ],
)
def test_the_organisation_reads_its_partnership_but_only_the_school_writes_it(
    api_client_for, employer, employer_user, method, url, expected
):
    partnership = PartnershipFactory(employer=employer, commitments="2 stagiaires par promotion")

    response = getattr(api_client_for(employer_user), method)(
        url.format(id=employer.pk, pid=partnership.pk), WRITE_BODY, format="json"
    )

    assert response.status_code == expected
    partnership.refresh_from_db()
    assert (partnership.kind, partnership.commitments) == (
        Partnership.Kind.HIRING,
        "2 stagiaires par promotion",
    )
    assert Partnership.objects.count() == 1 and Interaction.objects.count() == 0


def test_officer_records_a_partnership_and_its_interactions(api_client_for, employer, employer_user, officer):
    client = api_client_for(officer)

    created = client.post(
        f"/api/v1/employers/{employer.pk}/partnerships/",
        {"kind": "internship", "status": "active", "start_date": "2026-09-01", "internships_per_year": 4},
        format="json",
    )
    pid = created.json()["id"]
    renewed = client.patch(
        f"/api/v1/employers/{employer.pk}/partnerships/{pid}/", {"renewal_date": "2027-09-01"}, format="json"
    )
    bad_renewal = client.patch(
        f"/api/v1/employers/{employer.pk}/partnerships/{pid}/", {"renewal_date": "2025-01-01"}, format="json"
    )
    logged = client.post(
        f"/api/v1/employers/{employer.pk}/interactions/",
        {
            "kind": "job_dating",
            "summary": "3 candidats rencontrés",
            "occurred_on": "2026-10-02",
            "partnership": pid,
        },
        format="json",
    )
    crm = client.get(f"/api/v1/employers/{employer.pk}/interactions/").json()
    seen_by_employer = (
        api_client_for(employer_user).get(f"/api/v1/employers/{employer.pk}/partnerships/").json()
    )

    assert created.status_code == 201, created.json()
    assert (created.json()["kind_label"], created.json()["internships_per_year"]) == (
        "Accueil de stagiaires",
        4,
    )
    assert renewed.json()["renewal_date"] == "2027-09-01"
    assert bad_renewal.status_code == 400
    assert logged.status_code == 201, logged.json()
    assert [(row["kind"], row["summary"], row["partnership"]) for row in crm] == [
        ("job_dating", "3 candidats rencontrés", pid)
    ]
    assert crm[0]["by"] == str(officer)
    assert [(row["id"], row["renewal_date"]) for row in seen_by_employer] == [(pid, "2027-09-01")]


def test_an_interaction_cannot_point_to_another_employer_partnership(
    api_client_for, employer, other_employer, officer
):
    foreign = PartnershipFactory(employer=other_employer)

    response = api_client_for(officer).post(
        f"/api/v1/employers/{employer.pk}/interactions/",
        {"kind": "call", "summary": "Relance", "partnership": foreign.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "Ce partenariat concerne une autre entreprise." in response.json()["message"]
    assert not Interaction.objects.exists()


# ---------------------------------------------------------------- contacts


def test_colleague_invites_a_contact_who_receives_an_email(
    api_client_for, employer, colleague_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(colleague_user).post(
            f"/api/v1/employers/{employer.pk}/contacts/invite/",
            {"email": "Ines.Martin@Hauts-Numeriques.fr", "first_name": "Inès", "last_name": "Martin"},
            format="json",
        )

    assert response.status_code == 201, response.json()
    assert response.json()["email"] == "ines.martin@hauts-numeriques.fr"
    assert response.json()["has_account"] is False
    invitation = Invitation.objects.get()
    assert invitation.data == {"contact_id": response.json()["id"]}
    assert [m.to for m in mailoutbox] == [["ines.martin@hauts-numeriques.fr"]]
    contacts = api_client_for(colleague_user).get(f"/api/v1/employers/{employer.pk}/contacts/").json()
    assert {c["email"]: c["has_account"] for c in contacts}["ines.martin@hauts-numeriques.fr"] is False
    assert len(contacts) == Contact.objects.filter(employer=employer).count() == 2


def test_inviting_someone_who_already_has_an_account_is_refused(
    api_client_for, employer, officer, graduate_user
):
    response = api_client_for(officer).post(
        f"/api/v1/employers/{employer.pk}/contacts/invite/",
        {"email": graduate_user.email, "first_name": "A", "last_name": "B"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["message"].startswith("Un compte existe déjà pour")
    assert not Invitation.objects.exists()
