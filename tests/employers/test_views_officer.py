"""The school's pages: counts, moderation, employer review and the partners' CRM."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from backend.accounts.models import Invitation
from employers.models import Contact, Employer, Interaction, Offer, Partnership
from tests.factories import EmployerFactory, OfferFactory, PartnershipFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def school(client_for, officer):
    return client_for(officer)


def test_dashboard_counts_what_waits_for_the_school(school, employer):
    EmployerFactory.create_batch(2, status=Employer.Status.PENDING)
    OfferFactory.create_batch(3, employer=employer, status=Offer.Status.SUBMITTED)
    OfferFactory(employer=employer, published=True)
    response = school.get(reverse("employers:officer_dashboard"))
    assert response.context["counts"]["employers_pending"] == 2
    assert response.context["counts"]["offers_submitted"] == 3
    assert response.context["counts"]["offers_published"] == 1
    page = response.content.decode()
    assert '<span class="num">3</span> offres à modérer' in page
    assert '<span class="num">2</span> employeurs à valider' in page


def test_queue_lists_submitted_offers_oldest_first_only(school, employer):
    first = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED, title="Première")
    second = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED, title="Seconde")
    OfferFactory(employer=employer, title="Brouillon invisible")
    response = school.get(reverse("employers:moderation_queue"))
    assert list(response.context["page"].object_list) == [first, second]
    assert "Brouillon invisible" not in response.content.decode()


def test_decline_without_reason_is_refused_with_a_message(school, employer):
    offer = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    response = school.post(
        reverse("employers:offer_moderate", kwargs={"pk": offer.pk}),
        {"action": "decline", "reason": "  "},
        follow=True,
    )
    assert "Indiquez le motif du refus" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED


def test_decline_with_reason_from_the_offer_page_returns_to_it(school, employer):
    offer = OfferFactory(employer=employer, status=Offer.Status.SUBMITTED)
    response = school.post(
        reverse("employers:offer_moderate", kwargs={"pk": offer.pk}),
        {"action": "decline", "reason": "Salaire sous le SMIC.", "next": "manage"},
    )
    assert response["Location"] == reverse("employers:offer_manage", kwargs={"pk": offer.pk})
    offer.refresh_from_db()
    assert (offer.status, offer.moderation_reason) == (Offer.Status.DECLINED, "Salaire sous le SMIC.")


def test_moderating_an_offer_twice_says_it_is_no_longer_waiting(school, employer):
    offer = OfferFactory(employer=employer, published=True)
    response = school.post(
        reverse("employers:offer_moderate", kwargs={"pk": offer.pk}), {"action": "approve"}, follow=True
    )
    assert "Impossible : l&#x27;offre est « publiée »." in response.content.decode()


def test_employer_list_filters_by_status_and_name(school, employer):
    EmployerFactory(name="Attente Domotique", status=Employer.Status.PENDING)
    response = school.get(reverse("employers:employer_list"), {"status": "pending"})
    names = [e.name for e in response.context["page"].object_list]
    assert names == ["Attente Domotique"]
    response = school.get(reverse("employers:employer_list"), {"q": "hauts"})
    assert [e.name for e in response.context["page"].object_list] == ["Hauts Numériques"]


def test_officer_approves_then_declines_an_employer_with_a_reason(school):
    pending = EmployerFactory(name="Nouvelle SARL", status=Employer.Status.PENDING)
    url = reverse("employers:employer_review", kwargs={"pk": pending.pk})
    response = school.post(url, {"action": "approve"}, follow=True)
    pending.refresh_from_db()
    assert pending.status == Employer.Status.APPROVED
    assert "Nouvelle SARL est validée" in response.content.decode()

    response = school.post(url, {"action": "decline", "reason": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    school.post(url, {"action": "decline", "reason": "SIRET d'une autre entreprise."})
    pending.refresh_from_db()
    assert (pending.status, pending.decline_reason) == (
        Employer.Status.DECLINED,
        "SIRET d'une autre entreprise.",
    )


def test_declined_employer_sees_the_reason_on_its_dashboard(client_for, employer, employer_user, officer):
    client_for(officer).post(
        reverse("employers:employer_review", kwargs={"pk": employer.pk}),
        {"action": "decline", "reason": "Activité hors numérique."},
    )
    page = client_for(employer_user).get(reverse("employers:dashboard")).content.decode()
    assert "L'école n'a pas validé votre inscription." in page
    assert "Activité hors numérique." in page


def test_partnership_is_created_then_edited(school, employer, officer):
    url = reverse("employers:partnership_create", kwargs={"pk": employer.pk})
    assert school.get(url).context["form"].initial["officer"] == str(officer.pk)
    response = school.post(
        url,
        {
            "kind": "internship",
            "status": "active",
            "start_date": "2026-09-01",
            "renewal_date": "2027-09-01",
            "hires_per_year": "1",
            "internships_per_year": "3",
            "commitments": "3 stagiaires par promotion",
            "officer": officer.pk,
        },
    )
    assert response["Location"] == reverse("employers:employer_detail", kwargs={"pk": employer.pk})
    partnership = Partnership.objects.get(employer=employer)
    assert (partnership.kind, partnership.internships_per_year, partnership.officer) == (
        "internship",
        3,
        officer,
    )

    edit = reverse("employers:partnership_edit", kwargs={"pk": employer.pk, "partnership_pk": partnership.pk})
    assert 'value="2026-09-01"' in school.get(edit).content.decode()
    school.post(
        edit,
        {
            "kind": "internship",
            "status": "suspended",
            "start_date": "2026-09-01",
            "hires_per_year": "0",
            "internships_per_year": "3",
            "officer": "",
        },
    )
    partnership.refresh_from_db()
    assert (partnership.status, partnership.officer) == ("suspended", None)


def test_partnership_renewal_before_start_is_refused_and_typing_kept(school, employer):
    response = school.post(
        reverse("employers:partnership_create", kwargs={"pk": employer.pk}),
        {
            "kind": "hiring",
            "status": "active",
            "start_date": "2026-09-01",
            "renewal_date": "2026-01-01",
            "hires_per_year": "2",
            "internships_per_year": "0",
            "commitments": "Deux CDI par an",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Deux CDI par an" in response.content.decode()
    assert not Partnership.objects.exists()


def test_interaction_is_logged_and_listed(school, employer, officer):
    partnership = PartnershipFactory(employer=employer)
    response = school.post(
        reverse("employers:interaction_create", kwargs={"pk": employer.pk}),
        {
            "kind": "job_dating",
            "occurred_on": "2026-11-20",
            "partnership": str(partnership.pk),
            "summary": "Trois candidats rencontrés, deux entretiens.",
        },
        follow=True,
    )
    interaction = Interaction.objects.get()
    assert (interaction.kind, interaction.partnership, interaction.by) == ("job_dating", partnership, officer)
    assert interaction.occurred_on == date(2026, 11, 20)
    assert "Trois candidats rencontrés, deux entretiens." in response.content.decode()


def test_interaction_without_summary_keeps_the_form_open(school, employer):
    response = school.post(
        reverse("employers:interaction_create", kwargs={"pk": employer.pk}),
        {"kind": "call", "occurred_on": "2026-11-20", "summary": ""},
    )
    assert response.status_code == 200
    assert response.context["interaction_form"].errors["summary"]
    assert not Interaction.objects.exists()


def test_officer_invites_a_contact_of_the_company(school, employer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        school.post(
            reverse("employers:contact_invite", kwargs={"pk": employer.pk}),
            {
                "first_name": "Paul",
                "last_name": "Lefebvre",
                "email": "paul@hauts-numeriques.fr",
                "job_title": "CTO",
            },
        )
    contact = Contact.objects.get(email="paul@hauts-numeriques.fr")
    assert (contact.employer, contact.user) == (employer, None)
    assert Invitation.objects.get(email="paul@hauts-numeriques.fr").data == {"contact_id": contact.pk}
    assert len(mail.outbox) == 1
    page = school.get(reverse("employers:employer_detail", kwargs={"pk": employer.pk})).content.decode()
    assert "Paul Lefebvre — CTO" in page
    assert "sans accès" in page
