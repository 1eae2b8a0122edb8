"""The employers and offers API: scoping to who asks, validation in French, lifecycle, no N+1."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from backend.accounts.models import Invitation
from backend.taxonomy.models import Appellation, Skill
from employers.models import (
    Contact,
    Employer,
    Interaction,
    Offer,
    OfferSkill,
    OfferTransitionLog,
    Partnership,
)
from tests.factories import (
    ContactFactory,
    EmployerFactory,
    OfferFactory,
    PartnershipFactory,
    UserFactory,
    commune,
    make_siret,
)

pytestmark = [
    pytest.mark.django_db,
    # STATIC_ROOT exists only after collectstatic; whitenoise warns about it at the first request.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LENS, LIEVIN, LILLE, ARRAS = "62498", "62510", "59350", "62041"


@pytest.fixture
def symfony():
    return Skill.objects.get(uid="tremplin:symfony")


@pytest.fixture
def react():
    return Skill.objects.get(uid="tremplin:react")


def payload(**overrides) -> dict:
    data = {
        "title": "Développeuse / développeur Symfony (H/F)",
        "description": "Vous maintiendrez nos applications **Symfony** pour des PME du bassin minier.",
        "contract_type": "CDI",
        "salary_min": "26000",
        "salary_max": "32000",
        "salary_period": "year",
        "commune": LENS,
        "remote": "hybrid",
    }
    data.update(overrides)
    return data


def published(employer, **fields) -> Offer:
    return OfferFactory(employer=employer, published=True, **fields)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# ---------------------------------------------------------------- public list and detail


def test_public_list_shows_only_published_offers_to_anonymous_visitors(api_client_for, employer):
    shown = published(employer, title="Intégrateur web")
    OfferFactory(employer=employer, status=Offer.Status.DRAFT)
    OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    OfferFactory(employer=employer, status=Offer.Status.CLOSED)

    response = api_client_for(None).get("/api/v1/offers/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == shown.pk
    assert row["title"] == "Intégrateur web"
    assert row["employer"] == {"id": employer.pk, "name": "Hauts Numériques", "website": ""}
    assert row["commune"]["insee"] == LENS
    assert row["salary_label"] == "24\u202f000 – 30\u202f000 € brut par an"
    assert row["distance_km"] is None
    assert "status" not in row and "moderation_reason" not in row


def test_public_list_filters_by_contract_type_remote_and_skill(api_client_for, employer, symfony, react):
    cdi_hybrid = published(employer, contract_type="CDI", remote="hybrid")
    cdd_full = published(employer, contract_type="CDD", contract_months=6, remote="full")
    published(employer, contract_type="STAGE", contract_months=2, remote="onsite")
    OfferSkill.objects.create(offer=cdi_hybrid, skill=symfony)
    OfferSkill.objects.create(offer=cdd_full, skill=react)
    client = api_client_for(None)

    assert set(ids(client.get("/api/v1/offers/", {"contract_type": ["CDI", "CDD"]}))) == {
        cdi_hybrid.pk,
        cdd_full.pk,
    }
    assert ids(client.get("/api/v1/offers/?contract_type=CDD,STAGE&remote=full")) == [cdd_full.pk]
    assert ids(client.get("/api/v1/offers/", {"skill": symfony.pk})) == [cdi_hybrid.pk]
    assert ids(client.get("/api/v1/offers/", {"skill": [symfony.pk, react.pk]})) == []


def test_public_full_text_search_finds_offers_by_their_words(api_client_for, employer):
    php = published(employer, title="Développeur PHP", search_text="developpeur php symfony lens")
    published(employer, title="Technicien domotique", search_text="technicien domotique knx home assistant")

    response = api_client_for(None).get("/api/v1/offers/", {"q": "Symfony"})

    assert ids(response) == [php.pk]


def test_public_search_within_20_km_of_lievin_gives_distances_nearest_first(api_client_for, employer):
    in_lens = published(employer, commune=commune(LENS))
    in_arras = published(employer, commune=commune(ARRAS))
    published(employer, commune=commune(LILLE))  # 30 km from Liévin

    response = api_client_for(None).get(
        "/api/v1/offers/", {"near": LIEVIN, "radius_km": "20", "ordering": "distance"}
    )

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [in_lens.pk, in_arras.pk]
    assert 3 < rows[0]["distance_km"] < 4.5
    assert 14 < rows[1]["distance_km"] < 16


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"near": "99999"}, "near", "Commune inconnue : aucun code INSEE « 99999 »"),
        ({"near": LIEVIN, "radius_km": "vingt"}, "radius_km", "Le rayon s'exprime en kilomètres"),
        ({"near": LIEVIN, "radius_km": "500"}, "radius_km", "Le rayon ne peut pas dépasser 200 km."),
        ({"radius_km": "20"}, "near", "Indiquez la commune (near, code INSEE)"),
        ({"contract_type": "CDX"}, "contract_type", "Type de contrat inconnu : « CDX »"),
        ({"remote": "parfois"}, "remote", "Télétravail inconnu : « parfois »"),
        ({"ordering": "distance"}, "ordering", "Le tri par distance demande une commune"),
        ({"skill": "999999999"}, "skill", "Compétence inconnue : 999999999."),
    ],
)
def test_public_list_rejects_bad_input_with_a_french_message(api_client_for, db, params, field, message):
    response = api_client_for(None).get("/api/v1/offers/", params)

    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Certaines données sont invalides")
    assert message in body["message"]
    assert field in body["extra"]["fields"]


def test_public_list_paginates_with_a_page_size(api_client_for, employer):
    for _ in range(3):
        published(employer)

    body = api_client_for(None).get("/api/v1/offers/", {"page_size": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")


def test_public_page_size_is_capped_at_100(api_client_for, employer):
    Offer.objects.bulk_create(OfferFactory.build_batch(101, employer=employer, published=True))

    body = api_client_for(None).get("/api/v1/offers/", {"page_size": 500}).json()

    assert body["count"] == 101
    assert len(body["results"]) == 100


def test_public_detail_shows_a_published_offer_and_hides_the_others(api_client_for, employer, symfony):
    offer = published(employer, description_html="<p>Symfony</p>")
    OfferSkill.objects.create(offer=offer, skill=symfony, level=OfferSkill.Level.NICE)
    draft = OfferFactory(employer=employer)
    client = api_client_for(None)

    response = client.get(f"/api/v1/offers/{offer.pk}/")

    assert response.status_code == 200
    assert response.json()["description_html"] == "<p>Symfony</p>"
    assert response.json()["skills"] == [
        {
            "skill": symfony.pk,
            "uid": "tremplin:symfony",
            "label": "Symfony",
            "level": "nice",
            "source": "declared",
        }
    ]
    missing = client.get(f"/api/v1/offers/{draft.pk}/")
    assert missing.status_code == 404
    assert missing.json() == {"message": "Introuvable.", "extra": {}}


# ---------------------------------------------------------------- no N+1


def _offers_with_skills(employer, count: int) -> None:
    skills = list(Skill.objects.filter(uid__in=["tremplin:symfony", "tremplin:react"]))
    assert len(skills) == 2
    for i in range(count):
        offer = published(employer, title=f"Offre {i}")
        for skill in skills:
            OfferSkill.objects.create(offer=offer, skill=skill)


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("/api/v1/offers/?near=62510&radius_km=50&q=offre", None),
        ("/api/v1/employer/offers/", "employer_user"),
    ],
)
def test_offer_list_same_query_count_for_page_of_5_and_50(api_client_for, employer, request, url, persona):
    _offers_with_skills(employer, 55)
    user = request.getfixturevalue(persona) if persona else None
    client = api_client_for(user)
    separator = "&" if "?" in url else "?"

    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}{separator}page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        assert all(len(row["skills"]) == 2 for row in response.json()["results"])
        counts[size] = len(queries)

    assert counts[5] == counts[50]
    assert counts[50] <= 6


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


def test_fast_search_rendering_matches_the_declared_serializer_fields(employer, symfony, react):
    """A result card is rendered by hand from the page's rows: it must stay exactly what the declared
    fields make of the model instances of the reference queryset."""
    from rest_framework import serializers as drf_serializers

    from employers.api.serializers import PublicOfferListSerializer
    from employers.selectors import OfferSearch, offer_search_public, offer_search_public_page

    employer.website = "https://www.hauts-numeriques.fr"
    employer.save()
    first = published(
        employer, title="Intégrateur web", start_date=date(2027, 1, 4), deadline=date(2026, 12, 31)
    )
    OfferSkill.objects.create(offer=first, skill=symfony, level=OfferSkill.Level.REQUIRED)
    OfferSkill.objects.create(offer=first, skill=react, level=OfferSkill.Level.NICE)
    published(
        employer,
        title="Technicien support en CDD",
        contract_type="CDD",
        contract_months=6,
        salary_min=Decimal("1850.50"),
        salary_max=Decimal("1850.50"),
        salary_period="month",
        commune=commune(ARRAS),
    )
    published(
        employer,
        title="Stage développement mobile",
        contract_type="STAGE",
        contract_months=2,
        salary_min=Decimal("4.35"),
        salary_max=Decimal("4.35"),
        salary_period="hour",
    )
    search = OfferSearch(near_insee=LIEVIN, radius_km=30, sort="distance")

    _total, rows = offer_search_public_page(search=search, offset=0, limit=20)
    offers = list(offer_search_public(search=search))

    assert [row["id"] for row in rows] == [offer.pk for offer in offers]
    assert len(rows) == 3
    fast = PublicOfferListSerializer(rows, many=True).data
    declared = [
        drf_serializers.ModelSerializer.to_representation(PublicOfferListSerializer(), o) for o in offers
    ]
    assert fast == declared
    assert all(row["distance_km"] is not None for row in fast)
    assert next(row for row in fast if row["id"] == first.pk)["skills"] == [
        {"skill": react.pk, "label": "React", "level": "nice"},
        {"skill": symfony.pk, "label": "Symfony", "level": "required"},
    ]


def test_fast_search_rendering_speaks_the_request_language(api_client_for, employer):
    offer = published(employer, contract_type="STAGE", contract_months=2, salary_period="month")
    client = api_client_for(None)

    french = client.get("/api/v1/offers/").json()["results"][0]
    english = client.get("/api/v1/offers/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]

    assert (french["contract_type_label"], english["contract_type_label"]) == ("Stage", "Internship")
    assert french["salary_label"].endswith(" par mois")
    assert english["salary_label"].endswith(" per month")
    with translation.override("en"):
        assert english["salary_label"] == offer.salary_label


# ---------------------------------------------------------------- the public search: one query, same errors


def test_public_search_by_text_distance_and_contract_is_a_single_query(api_client_for, employer):
    _offers_with_skills(employer, 3)
    published(employer, title="Offre en CDD", contract_type="CDD", contract_months=6)
    client = api_client_for(None)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/api/v1/offers/", {"q": "offre", "contract_type": "CDI", "near": LIEVIN, "radius_km": "20"}
        )

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert len(queries) == 1


def test_an_unknown_commune_is_reported_with_the_other_mistakes_in_field_order(api_client_for, db):
    response = api_client_for(None).get(
        "/api/v1/offers/", {"radius_km": "vingt", "near": "99999", "contract_type": "CDX"}
    )

    assert response.status_code == 400
    fields = response.json()["extra"]["fields"]
    assert list(fields) == ["contract_type", "near", "radius_km"]
    assert fields["near"] == [
        "Commune inconnue : aucun code INSEE « 99999 ». Cherchez le code avec /api/v1/communes/?q=Liévin."
    ]
    message = response.json()["message"]
    assert message.index("Type de contrat") < message.index("Commune inconnue") < message.index("Le rayon")


@pytest.mark.parametrize("page", ["2", "0", "deux"])
def test_an_unknown_commune_is_a_400_whatever_the_page(api_client_for, employer, page):
    published(employer)

    response = api_client_for(None).get("/api/v1/offers/", {"near": "99999", "page": page})

    assert response.status_code == 400
    assert "near" in response.json()["extra"]["fields"]


def test_a_page_past_the_last_one_is_a_404(api_client_for, employer):
    published(employer)

    response = api_client_for(None).get("/api/v1/offers/", {"near": LIEVIN, "radius_km": "20", "page": 2})

    assert response.status_code == 404
    assert response.json() == {"message": "Cette page n'existe pas.", "extra": {}}


def test_the_second_page_holds_the_rest_with_links_both_ways(api_client_for, employer):
    offers = [published(employer, title=f"Offre {i}") for i in range(3)]
    client = api_client_for(None)

    first = client.get("/api/v1/offers/", {"page_size": 2}).json()
    second = client.get("/api/v1/offers/", {"page_size": 2, "page": 2}).json()

    assert [row["id"] for row in first["results"] + second["results"]] == [o.pk for o in reversed(offers)]
    assert second["count"] == 3
    assert second["next"] is None
    assert second["previous"].endswith("?page_size=2")
