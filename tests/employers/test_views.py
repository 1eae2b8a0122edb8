"""Web pages: who may open what (every page), and the whole offer journey through the pages."""

import pytest
from django.urls import reverse

from backend.taxonomy.models import Skill
from employers.models import Employer, Offer
from tests.factories import EmployerFactory, OfferFactory, PartnershipFactory

pytestmark = [
    pytest.mark.django_db,
    # STATIC_ROOT exists only after collectstatic; whitenoise warns about it at the first request.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LENS, LIEVIN, LILLE = "62498", "62510", "59350"


@pytest.fixture
def offer(employer, employer_user):
    return OfferFactory(employer=employer, created_by=employer_user, title="Intégrateur·rice web")


@pytest.fixture
def partnership(employer):
    return PartnershipFactory(employer=employer)


# Every employer page that shows or changes one offer: (url name, method).
OFFER_PAGES = [
    ("employers:offer_manage", "get"),
    ("employers:offer_edit", "get"),
    ("employers:offer_edit", "post"),
    ("employers:offer_action", "post"),
    ("employers:offer_fact", "post"),
]
# Pages of the employer's own space, without an object in the URL.
EMPLOYER_PAGES = [
    ("employers:dashboard", "get"),
    ("employers:colleague_invite", "post"),
    ("employers:offer_create", "get"),
    ("employers:offer_create", "post"),
    ("employers:offer_import", "get"),
    ("employers:offer_import", "post"),
    ("employers:offer_import_template", "get"),
]
# The school's pages: (url name, method, which kwargs).
OFFICER_PAGES = [
    ("employers:officer_dashboard", "get", None),
    ("employers:moderation_queue", "get", None),
    ("employers:offer_moderate", "post", "offer"),
    ("employers:employer_list", "get", None),
    ("employers:employer_detail", "get", "employer"),
    ("employers:employer_review", "post", "employer"),
    ("employers:partnership_create", "get", "employer"),
    ("employers:partnership_create", "post", "employer"),
    ("employers:partnership_edit", "get", "partnership"),
    ("employers:partnership_edit", "post", "partnership"),
    ("employers:interaction_create", "post", "employer"),
    ("employers:contact_invite", "post", "employer"),
]


def officer_url(name, which, offer, employer, partnership):
    kwargs = {
        None: {},
        "offer": {"pk": offer.pk},
        "employer": {"pk": employer.pk},
        "partnership": {"pk": employer.pk, "partnership_pk": partnership.pk},
    }[which]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "method"), OFFER_PAGES + EMPLOYER_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_employer_pages(client, offer, name, method):
    url = reverse(name, kwargs={"pk": offer.pk}) if (name, method) in OFFER_PAGES else reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize(("name", "method"), OFFER_PAGES)
def test_other_employer_gets_404_on_every_offer_page(client_for, other_employer_user, offer, name, method):
    response = getattr(client_for(other_employer_user), method)(
        reverse(name, kwargs={"pk": offer.pk}), {"action": "close"}
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    assert offer.title == "Intégrateur·rice web"


@pytest.mark.parametrize(("name", "method"), OFFER_PAGES)
def test_colleague_of_the_same_company_may_open_every_offer_page(
    client_for, colleague_user, offer, name, method
):
    response = getattr(client_for(colleague_user), method)(
        reverse(name, kwargs={"pk": offer.pk}), {"action": "nope"}
    )
    # A POST with nothing valid re-renders the form (200) or redirects to the offer (302): never 403/404.
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "method"), EMPLOYER_PAGES)
def test_graduate_gets_403_on_employer_pages(client_for, graduate_user, name, method):
    response = getattr(client_for(graduate_user), method)(reverse(name))
    assert response.status_code == 403
    assert "réservée aux entreprises" in response.content.decode()


@pytest.mark.parametrize(("name", "method"), EMPLOYER_PAGES)
def test_officer_gets_403_on_employer_pages(client_for, officer, name, method):
    response = getattr(client_for(officer), method)(reverse(name))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method"), OFFER_PAGES)
def test_graduate_gets_404_on_offer_pages(client_for, graduate_user, offer, name, method):
    response = getattr(client_for(graduate_user), method)(reverse(name, kwargs={"pk": offer.pk}))
    assert response.status_code in (403, 404)


@pytest.mark.parametrize(("name", "method", "which"), OFFICER_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_officer_pages(
    client, offer, employer, partnership, name, method, which
):
    response = getattr(client, method)(officer_url(name, which, offer, employer, partnership))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "method", "which"), OFFICER_PAGES)
@pytest.mark.parametrize(
    "persona", ["employer_user", "colleague_user", "other_employer_user", "graduate_user"]
)
def test_only_officers_open_the_school_pages(
    request, client_for, offer, employer, partnership, name, method, which, persona
):
    user = request.getfixturevalue(persona)
    response = getattr(client_for(user), method)(
        officer_url(name, which, offer, employer, partnership), {"action": "approve", "reason": "x"}
    )
    assert response.status_code == 403
    assert "réservée à l&#x27;équipe de l&#x27;école" in response.content.decode()
    employer.refresh_from_db()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT


@pytest.mark.parametrize(("name", "method", "which"), [p for p in OFFICER_PAGES if p[1] == "get"])
def test_officer_opens_every_school_page(
    client_for, officer, offer, employer, partnership, name, method, which
):
    response = client_for(officer).get(officer_url(name, which, offer, employer, partnership))
    assert response.status_code == 200


def test_officer_sees_an_offer_page_of_any_employer_but_cannot_edit_it(client_for, officer, offer):
    client = client_for(officer)
    manage = client.get(reverse("employers:offer_manage", kwargs={"pk": offer.pk}))
    assert manage.status_code == 200
    assert "Intégrateur·rice web" in manage.content.decode()
    assert client.get(reverse("employers:offer_edit", kwargs={"pk": offer.pk})).status_code == 403


def test_officer_gets_404_for_an_unknown_employer_or_a_partnership_of_another(
    client_for, officer, employer, other_employer
):
    client = client_for(officer)
    assert client.get(reverse("employers:employer_detail", kwargs={"pk": 999999})).status_code == 404
    foreign = PartnershipFactory(employer=other_employer)
    url = reverse("employers:partnership_edit", kwargs={"pk": employer.pk, "partnership_pk": foreign.pk})
    assert client.get(url).status_code == 404


def test_public_pages_are_open_to_everyone_but_unpublished_offers_are_404(client, offer, employer):
    published = OfferFactory(employer=employer, published=True, title="Technicien·ne domotique")
    assert client.get(reverse("offers:public_list")).status_code == 200
    assert client.get(reverse("offers:detail", kwargs={"pk": published.pk})).status_code == 200
    for status in (Offer.Status.DRAFT, Offer.Status.SUBMITTED, Offer.Status.DECLINED, Offer.Status.CLOSED):
        Offer.objects.filter(pk=offer.pk).update(status=status, moderation_reason="motif")
        assert client.get(reverse("offers:detail", kwargs={"pk": offer.pk})).status_code == 404


# ---------------------------------------------------------------- the journey, through the pages only


def offer_post(**overrides) -> dict:
    data = {
        "title": "Développeur·se React junior (H/F)",
        "description": "Vous développerez nos interfaces **React** avec une équipe de 4 personnes.",
        "contract_type": "CDI",
        "working_time": "full_time",
        "remote": "hybrid",
        "salary_min": "2 000",
        "salary_max": "2 400",
        "salary_period": "month",
        "openings": "1",
        "commune_label": "Liévin (62800)",
        "commune": "",
    }
    data.update(overrides)
    return data


def test_offer_journey_from_draft_to_the_public_list_filtered_around_lievin(
    client, client_for, employer_user, officer, employer
):
    react = Skill.objects.get(uid="tremplin:react")
    boss = client_for(employer_user)
    # A far offer must not show up within 20 km of Liévin.
    OfferFactory(employer=employer, published=True, title="Développeur React à Dunkerque", commune_id="59183")

    # The employer writes the offer and sends it to the school in one go.
    response = boss.post(
        reverse("employers:offer_create"),
        {**offer_post(), "skills": [str(react.pk)], f"level_{react.pk}": "required", "submit": "1"},
        follow=True,
    )
    offer = Offer.objects.get(title="Développeur·se React junior (H/F)")
    assert offer.status == Offer.Status.SUBMITTED
    assert offer.commune_id == LIEVIN
    assert [(s.skill_id, s.level) for s in offer.offer_skills.all()] == [(react.pk, "required")]
    page = response.content.decode()
    assert "Offre envoyée à l&#x27;école" in page
    assert "L'école relit cette offre" in page

    # Not public yet.
    assert client.get(reverse("offers:detail", kwargs={"pk": offer.pk})).status_code == 404

    # The officer finds it in the queue and approves it.
    school = client_for(officer)
    queue = school.get(reverse("employers:moderation_queue")).content.decode()
    assert "Développeur·se React junior (H/F)" in queue
    response = school.post(
        reverse("employers:offer_moderate", kwargs={"pk": offer.pk}), {"action": "approve"}, follow=True
    )
    assert "est en ligne" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED

    # Anyone finds it within 20 km of Liévin, and not the offer in Dunkerque.
    response = client.get(
        reverse("offers:public_list"), {"near_label": "Liévin (62800)", "near": LIEVIN, "radius": "20"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Développeur·se React junior (H/F)" in page
    assert "Dunkerque" not in page
    assert "1 offre à moins de 20 km de Liévin" in page
    assert list(response.context["page"].object_list) == [offer]


def test_declined_offer_shows_the_reason_to_the_employer_who_fixes_and_resubmits(
    client_for, employer_user, officer, employer
):
    offer = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED, title="Stage support")
    school = client_for(officer)
    school.post(
        reverse("employers:offer_moderate", kwargs={"pk": offer.pk}),
        {"action": "decline", "reason": "Indiquez la gratification du stage."},
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED

    boss = client_for(employer_user)
    dashboard = boss.get(reverse("employers:dashboard")).content.decode()
    assert "À corriger" in dashboard
    assert "Indiquez la gratification du stage." in dashboard
    manage = boss.get(reverse("employers:offer_manage", kwargs={"pk": offer.pk})).content.decode()
    assert "L'école a demandé des corrections" in manage
    assert "Indiquez la gratification du stage." in manage

    boss.post(reverse("employers:offer_action", kwargs={"pk": offer.pk}), {"action": "submit"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED


def test_pending_employer_signs_up_then_is_approved_and_its_offer_published(
    client, client_for, officer, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import make_siret

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("employers:register"),
            {
                "name": "Domotique du Bassin",
                "siret": make_siret(4242),
                "size_band": "0-9",
                "commune_label": "Lens (62300)",
                "commune": LENS,
                "first_name": "Inès",
                "last_name": "Roussel",
                "email": "ines@domotique-bassin.fr",
                "password": "un-mot-de-passe-solide",
                "password_confirm": "un-mot-de-passe-solide",
            },
        )
    # The account opens from the link mailed to confirm the address.
    link = next(w for w in mail.outbox[-1].body.split() if "/comptes/activation/" in w)
    response = client.get(link.split("127.0.0.1:8000", 1)[-1], follow=True)
    employer = Employer.objects.get(name="Domotique du Bassin")
    assert employer.status == Employer.Status.PENDING
    assert "en attente de validation" in response.content.decode()

    client.post(reverse("employers:offer_create"), {**offer_post(), "submit": "1"})
    offer = employer.offers.get()
    assert offer.status == Offer.Status.SUBMITTED

    school = client_for(officer)
    # The school cannot publish before it validated the company, and says so.
    response = school.post(
        reverse("employers:offer_moderate", kwargs={"pk": offer.pk}), {"action": "approve"}, follow=True
    )
    assert "n&#x27;est pas encore validé" in response.content.decode()
    school.post(reverse("employers:employer_review", kwargs={"pk": employer.pk}), {"action": "approve"})
    school.post(reverse("employers:offer_moderate", kwargs={"pk": offer.pk}), {"action": "approve"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert "en attente de validation" not in client.get(reverse("employers:dashboard")).content.decode()


def test_other_employer_dashboard_lists_none_of_our_offers(client_for, other_employer_user, offer):
    page = client_for(other_employer_user).get(reverse("employers:dashboard")).content.decode()
    assert "Intégrateur·rice web" not in page
    assert "Aucune offre pour l'instant." in page


def test_partner_offers_are_published_at_once_when_submitted_from_the_form(
    client_for, employer_user, employer
):
    PartnershipFactory(employer=employer)
    client_for(employer_user).post(reverse("employers:offer_create"), {**offer_post(), "submit": "1"})
    assert employer.offers.get().status == Offer.Status.PUBLISHED


def test_an_employer_with_two_companies_cannot_reach_the_other_via_another_contact(client_for, employer_user):
    stranger = EmployerFactory(name="Ailleurs SAS")
    foreign_offer = OfferFactory(employer=stranger)
    client = client_for(employer_user)
    assert client.get(reverse("employers:offer_manage", kwargs={"pk": foreign_offer.pk})).status_code == 404
    assert (
        client.post(
            reverse("employers:offer_action", kwargs={"pk": foreign_offer.pk}), {"action": "duplicate"}
        ).status_code
        == 404
    )
    assert Offer.objects.filter(employer=stranger).count() == 1
