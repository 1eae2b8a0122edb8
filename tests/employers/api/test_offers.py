"""The employer's offers and the school's moderation (employers/api/offers.py): creation and edits in
French, ownership of every endpoint, the lifecycle from draft to published and back."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.taxonomy.models import Appellation
from employers.models import (
    Employer,
    Offer,
    OfferSkill,
    OfferTransitionLog,
    Partnership,
)
from tests.factories import (
    EmployerFactory,
    OfferFactory,
    PartnershipFactory,
    UserFactory,
)

from .common import LIEVIN, ids, payload, published

pytestmark = [
    pytest.mark.django_db,
    # STATIC_ROOT exists only after collectstatic; whitenoise warns about it at the first request.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


# ---------------------------------------------------------------- employer offers: create and edit


def test_employer_creates_a_draft_offer_with_skills_commune_and_appellation(
    api_client_for, employer_user, symfony, react
):
    appellation = Appellation.objects.filter(occupation_id="M1805").order_by("code").first()

    response = api_client_for(employer_user).post(
        "/api/v1/employer/offers/",
        payload(
            appellation=appellation.code,
            skills=[{"skill": symfony.pk, "level": "required"}, {"skill": react.pk, "level": "nice"}],
        ),
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["employer"]["name"] == "Hauts Numériques"
    assert body["commune"]["name"] == "Lens"
    assert body["appellation"]["code"] == appellation.code
    assert body["occupation"]["code"] == "M1805"
    assert body["salary_min"] == "26000.00"
    assert body["description_html"] == (
        "<p>Vous maintiendrez nos applications <strong>Symfony</strong> pour des PME du bassin minier.</p>"
    )
    assert {(s["label"], s["level"]) for s in body["skills"]} == {("Symfony", "required"), ("React", "nice")}
    offer = Offer.objects.get(pk=body["id"])
    assert offer.employer == employer_user.employer_contact.employer
    assert offer.created_by == employer_user


def test_create_rejects_salary_min_above_max_in_french(api_client_for, employer_user):
    response = api_client_for(employer_user).post(
        "/api/v1/employer/offers/", payload(salary_min="40000", salary_max="30000"), format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Le salaire maximum doit être supérieur ou égal au minimum."
    assert "salary_max" in response.json()["extra"]["fields"]
    assert not Offer.objects.exists()


def test_create_rejects_unknown_commune_in_french(api_client_for, employer_user):
    response = api_client_for(employer_user).post(
        "/api/v1/employer/offers/", payload(commune="00000"), format="json"
    )

    assert response.status_code == 400
    assert "Commune inconnue : aucun code INSEE « 00000 »" in response.json()["message"]
    assert list(response.json()["extra"]["fields"]) == ["commune"]


def test_create_rejects_missing_fields_unknown_skill_and_duplicate_skill(
    api_client_for, employer_user, symfony
):
    client = api_client_for(employer_user)

    missing = client.post("/api/v1/employer/offers/", {"title": "Dev"}, format="json")
    unknown = client.post(
        "/api/v1/employer/offers/", payload(skills=[{"skill": 999999999, "level": "required"}]), format="json"
    )
    twice = client.post(
        "/api/v1/employer/offers/",
        payload(skills=[{"skill": symfony.pk, "level": "required"}, {"skill": symfony.pk, "level": "nice"}]),
        format="json",
    )

    assert missing.status_code == 400
    assert set(missing.json()["extra"]["fields"]) == {
        "description",
        "contract_type",
        "salary_min",
        "salary_max",
        "commune",
    }
    assert "Ce champ est obligatoire." in missing.json()["message"]
    assert unknown.status_code == 400
    assert "Compétence inconnue : 999999999." in unknown.json()["message"]
    assert twice.status_code == 400
    assert "Une compétence figure deux fois dans la liste." in twice.json()["message"]
    assert not Offer.objects.exists()


def test_fixed_term_contract_without_duration_is_refused(api_client_for, employer_user):
    response = api_client_for(employer_user).post(
        "/api/v1/employer/offers/", payload(contract_type="CDD"), format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Indiquez la durée du contrat en mois."


def test_colleague_edits_an_offer_of_the_organisation(api_client_for, employer, colleague_user, symfony):
    offer = OfferFactory(employer=employer)

    response = api_client_for(colleague_user).patch(
        f"/api/v1/employer/offers/{offer.pk}/",
        {"title": "Développeur Symfony confirmé", "skills": [{"skill": symfony.pk}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    offer.refresh_from_db()
    assert offer.title == "Développeur Symfony confirmé"
    assert offer.salary_min == Decimal("24000")  # untouched by the PATCH
    assert list(offer.offer_skills.values_list("skill__uid", "level")) == [("tremplin:symfony", "required")]


def test_patch_with_salary_min_above_existing_max_is_refused(api_client_for, employer, employer_user):
    offer = OfferFactory(employer=employer)

    response = api_client_for(employer_user).patch(
        f"/api/v1/employer/offers/{offer.pk}/", {"salary_min": "31000"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Le salaire maximum doit être supérieur ou égal au minimum."
    offer.refresh_from_db()
    assert offer.salary_min == Decimal("24000")


def test_patch_based_on_a_stale_read_is_a_409_conflict(
    api_client_for, employer, employer_user, colleague_user
):
    offer = OfferFactory(employer=employer)
    read = api_client_for(employer_user).get(f"/api/v1/employer/offers/{offer.pk}/").json()
    api_client_for(colleague_user).patch(
        f"/api/v1/employer/offers/{offer.pk}/", {"openings": 2}, format="json"
    )

    response = api_client_for(employer_user).patch(
        f"/api/v1/employer/offers/{offer.pk}/",
        {"openings": 3, "expected_updated_at": read["updated_at"]},
        format="json",
    )

    assert response.status_code == 409
    assert "modifiée entre-temps par un collègue" in response.json()["message"]
    offer.refresh_from_db()
    assert offer.openings == 2
    fresh = api_client_for(employer_user).get(f"/api/v1/employer/offers/{offer.pk}/").json()
    retried = api_client_for(employer_user).patch(
        f"/api/v1/employer/offers/{offer.pk}/",
        {"openings": 3, "expected_updated_at": fresh["updated_at"]},
        format="json",
    )
    assert retried.status_code == 200
    assert retried.json()["openings"] == 3


def test_employer_list_shows_the_organisation_offers_only(
    api_client_for, employer, other_employer, colleague_user
):
    own = OfferFactory(employer=employer)
    own_published = published(employer)
    OfferFactory(employer=other_employer)

    response = api_client_for(colleague_user).get("/api/v1/employer/offers/")
    drafts = api_client_for(colleague_user).get("/api/v1/employer/offers/", {"status": "draft"})

    assert response.status_code == 200
    assert set(ids(response)) == {own.pk, own_published.pk}
    assert ids(drafts) == [own.pk]


def test_officer_reads_every_offer_but_does_not_write_here(api_client_for, employer, other_employer, officer):
    mine = OfferFactory(employer=employer)
    theirs = OfferFactory(employer=other_employer)
    client = api_client_for(officer)

    listing = client.get("/api/v1/employer/offers/")
    detail = client.get(f"/api/v1/employer/offers/{theirs.pk}/")
    edit = client.patch(f"/api/v1/employer/offers/{mine.pk}/", {"title": "X"}, format="json")
    create = client.post("/api/v1/employer/offers/", payload(), format="json")

    assert set(ids(listing)) == {mine.pk, theirs.pk}
    assert detail.status_code == 200
    assert edit.status_code == 403
    assert "/api/v1/moderation/offers/" in edit.json()["message"]
    assert create.status_code == 403


def test_employer_account_without_organisation_cannot_create_offers(api_client_for, db):
    orphan = UserFactory(role="employer")

    response = api_client_for(orphan).post("/api/v1/employer/offers/", payload(), format="json")

    assert response.status_code == 404
    assert "rattaché à aucune entreprise" in response.json()["message"]
    assert api_client_for(orphan).get("/api/v1/employer/offers/").json()["count"] == 0


# ---------------------------------------------------------------- ownership of every offer endpoint

OFFER_ENDPOINTS = [
    ("get", "/api/v1/employer/offers/{id}/"),
    ("patch", "/api/v1/employer/offers/{id}/"),
    ("post", "/api/v1/employer/offers/{id}/submit/"),
    ("post", "/api/v1/employer/offers/{id}/close/"),
    ("post", "/api/v1/employer/offers/{id}/fill/"),
    ("post", "/api/v1/employer/offers/{id}/refresh/"),
    ("post", "/api/v1/employer/offers/{id}/duplicate/"),
]


@pytest.mark.parametrize(("method", "url"), OFFER_ENDPOINTS)
def test_other_employer_gets_404_on_every_offer_endpoint(
    api_client_for, employer, other_employer_user, method, url
):
    offer = published(employer)

    response = getattr(api_client_for(other_employer_user), method)(
        url.format(id=offer.pk), {"title": "Piratée"}, format="json"
    )

    assert response.status_code == 404
    offer.refresh_from_db()
    assert (offer.status, offer.title) == (Offer.Status.PUBLISHED, "Développeur web PHP / Symfony (H/F)")
    assert Offer.objects.count() == 1  # nothing duplicated


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/api/v1/employer/offers/"), ("post", "/api/v1/employer/offers/"), *OFFER_ENDPOINTS],
)
@pytest.mark.parametrize("persona", ["graduate_user", None])
def test_graduates_and_anonymous_get_nothing_from_employer_offers(
    api_client_for, employer, request, persona, method, url
):
    offer = published(employer)
    user = request.getfixturevalue(persona) if persona else None

    response = getattr(api_client_for(user), method)(url.format(id=offer.pk), payload(), format="json")

    expected = {403} if persona else {401, 403}
    assert response.status_code in expected
    assert "results" not in response.json() and "title" not in response.json()
    assert Offer.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/moderation/offers/"),
        ("post", "/api/v1/moderation/offers/{id}/approve/"),
        ("post", "/api/v1/moderation/offers/{id}/decline/"),
    ],
)
@pytest.mark.parametrize("persona", ["employer_user", "other_employer_user", "graduate_user", None])
def test_only_officers_moderate_offers(api_client_for, employer, request, persona, method, url):
    offer = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    user = request.getfixturevalue(persona) if persona else None

    response = getattr(api_client_for(user), method)(
        url.format(id=offer.pk), {"reason": "Non"}, format="json"
    )

    assert response.status_code in (401, 403)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED


# ---------------------------------------------------------------- lifecycle and moderation


def test_offer_goes_from_draft_to_public_search_within_20_km_of_lievin(
    api_client_for, employer_user, officer
):
    employer_api, officer_api, public = (
        api_client_for(employer_user),
        api_client_for(officer),
        api_client_for(None),
    )
    created = employer_api.post("/api/v1/employer/offers/", payload(), format="json").json()
    offer_id = created["id"]
    near_lievin = {"near": LIEVIN, "radius_km": 20}
    assert public.get("/api/v1/offers/", near_lievin).json()["count"] == 0

    submitted = employer_api.post(f"/api/v1/employer/offers/{offer_id}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    queue = officer_api.get("/api/v1/moderation/offers/").json()
    assert [row["id"] for row in queue["results"]] == [offer_id]
    assert public.get("/api/v1/offers/", near_lievin).json()["count"] == 0

    approved = officer_api.post(f"/api/v1/moderation/offers/{offer_id}/approve/")
    assert approved.status_code == 200
    assert approved.json()["status"] == "published"
    assert approved.json()["published_at"] is not None

    found = public.get("/api/v1/offers/", near_lievin).json()
    assert [row["id"] for row in found["results"]] == [offer_id]
    assert 3 < found["results"][0]["distance_km"] < 4.5
    assert public.get("/api/v1/offers/", {"near": LIEVIN, "radius_km": 2}).json()["count"] == 0
    assert officer_api.get("/api/v1/moderation/offers/").json()["count"] == 0
    assert list(OfferTransitionLog.objects.filter(offer_id=offer_id).values_list("transition", "actor")) == [
        ("create", employer_user.pk),
        ("submit", employer_user.pk),
        ("approve", officer.pk),
    ]


def test_declined_offer_shows_the_reason_to_the_employer(api_client_for, employer, employer_user, officer):
    offer = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    officer_api = api_client_for(officer)

    without_reason = officer_api.post(
        f"/api/v1/moderation/offers/{offer.pk}/decline/", {"reason": " "}, format="json"
    )
    declined = officer_api.post(
        f"/api/v1/moderation/offers/{offer.pk}/decline/",
        {"reason": "Précisez le salaire et la durée hebdomadaire."},
        format="json",
    )
    seen = api_client_for(employer_user).get(f"/api/v1/employer/offers/{offer.pk}/").json()

    assert without_reason.status_code == 400
    assert "Indiquez le motif du refus" in without_reason.json()["message"]
    assert declined.status_code == 200
    assert seen["status"] == "declined"
    assert seen["status_label"] == "Refusée"
    assert seen["moderation_reason"] == "Précisez le salaire et la durée hebdomadaire."


def test_resubmitting_a_declined_offer_sends_it_back_to_moderation(api_client_for, employer, employer_user):
    offer = OfferFactory(employer=employer, status=Offer.Status.DECLINED, moderation_reason="Salaire ?")

    response = api_client_for(employer_user).post(f"/api/v1/employer/offers/{offer.pk}/submit/")

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_submit_publishes_at_once_for_an_approved_partner(api_client_for, employer, employer_user):
    PartnershipFactory(employer=employer, status=Partnership.Status.ACTIVE)
    offer = OfferFactory(employer=employer)

    response = api_client_for(employer_user).post(f"/api/v1/employer/offers/{offer.pk}/submit/")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    last = OfferTransitionLog.objects.filter(offer=offer).last()
    assert (last.transition, last.actor, last.note) == (
        "approve",
        None,
        "Publication automatique (partenaire)",
    )
    assert ids(api_client_for(None).get("/api/v1/offers/")) == [offer.pk]


def test_submit_waits_for_moderation_when_the_partnership_is_only_a_prospect(
    api_client_for, employer, employer_user
):
    PartnershipFactory(employer=employer, status=Partnership.Status.PROSPECT)
    offer = OfferFactory(employer=employer)

    response = api_client_for(employer_user).post(f"/api/v1/employer/offers/{offer.pk}/submit/")

    assert response.json()["status"] == "submitted"


def test_submitting_twice_is_a_409_conflict(api_client_for, employer, employer_user):
    offer = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)

    response = api_client_for(employer_user).post(f"/api/v1/employer/offers/{offer.pk}/submit/")

    assert response.status_code == 409
    assert response.json() == {
        "message": "Impossible : l'offre est « en attente de validation ».",
        "extra": {"status": "submitted", "transition": "submit"},
    }


def test_officer_cannot_publish_an_offer_of_an_employer_not_yet_approved(api_client_for, officer):
    pending = EmployerFactory(status=Employer.Status.PENDING)
    offer = OfferFactory(employer=pending, status=Offer.Status.SUBMITTED)

    response = api_client_for(officer).post(f"/api/v1/moderation/offers/{offer.pk}/approve/")

    assert response.status_code == 400
    assert "n'est pas encore validé" in response.json()["message"]
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED


def test_employer_fills_closes_refreshes_and_duplicates_offers(
    api_client_for, employer, employer_user, symfony
):
    client = api_client_for(employer_user)
    to_fill, to_close = published(employer), published(employer)
    to_refresh = published(employer, refreshed_at=timezone.now() - timedelta(days=50))
    OfferSkill.objects.create(offer=to_close, skill=symfony)

    filled = client.post(f"/api/v1/employer/offers/{to_fill.pk}/fill/")
    closed = client.post(f"/api/v1/employer/offers/{to_close.pk}/close/")
    refreshed = client.post(f"/api/v1/employer/offers/{to_refresh.pk}/refresh/")
    copy = client.post(f"/api/v1/employer/offers/{to_close.pk}/duplicate/")
    fill_again = client.post(f"/api/v1/employer/offers/{to_fill.pk}/fill/")

    assert filled.json()["status"] == "filled"
    assert closed.json()["status"] == "closed"
    to_refresh.refresh_from_db()
    assert timezone.now() - to_refresh.refreshed_at < timedelta(minutes=1)
    assert refreshed.json()["refreshed_at"] is not None
    assert copy.status_code == 201
    assert copy.json()["status"] == "draft"
    assert copy.json()["duplicated_from"] == to_close.pk
    assert [s["label"] for s in copy.json()["skills"]] == ["Symfony"]
    assert copy.json()["id"] not in (to_close.pk, to_fill.pk)
    assert fill_again.status_code == 409


def test_refreshing_a_draft_is_refused_in_french(api_client_for, employer, employer_user):
    offer = OfferFactory(employer=employer)

    response = api_client_for(employer_user).post(f"/api/v1/employer/offers/{offer.pk}/refresh/")

    assert response.status_code == 400
    assert response.json()["message"] == "Seule une offre publiée peut être actualisée."
