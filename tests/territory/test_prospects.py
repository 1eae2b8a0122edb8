"""Prospects for the partnership CRM: who is listed, in which order, one click into the CRM, and a
prospect becoming a partner."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.core.exceptions import ApplicationError
from employers.models import Employer, Interaction, Offer, Partnership
from employers.services import employer_approve, employer_prospect_add, employer_prospect_convert
from territory.prospects import prospect_list
from territory.services import territory_import

from ..factories import EmployerFactory, OfferFactory, commune, make_siret

pytestmark = pytest.mark.django_db

PROSPECTS = reverse("territory:prospects")
ADD = reverse("territory:prospect_add")
LENS, LIEVIN, ARRAS, LILLE, PARIS, DUNKERQUE = "62498", "62510", "62041", "59350", "75056", "59183"

_ids = iter(range(10_000, 99_999))


def ft_offer(company: str, insee: str, *, contract="CDI", label="CDI", beginner=False, days=10, rome="M1805"):
    """One offer in France Travail's own format (what the feed and ``territory_import`` read)."""
    ref = f"T{next(_ids)}"
    created = (timezone.now() - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "id": ref,
        "intitule": f"Développeur web {ref} (H/F)",
        "description": f"Poste {ref} : développement d'applications web en PHP et JavaScript.",
        "dateCreation": created,
        "romeCode": rome,
        "typeContrat": contract,
        "typeContratLibelle": label,
        "natureContrat": "Contrat travail",
        "experienceExige": "D" if beginner else "E",
        "alternance": False,
        "nombrePostes": 1,
        "salaire": {},
        "lieuTravail": {"libelle": insee, "commune": insee},
        **({"entreprise": {"nom": company}} if company is not None else {}),
    }


def imported(*payloads) -> None:
    report = territory_import(payloads=list(payloads), close_missing=False)
    assert report.rejected == 0, report.rejections


def by_name() -> dict:
    return {p.name: p for p in prospect_list()}


def test_companies_hiring_in_our_trades_near_lens_are_ranked_by_offers_beginners_contracts_and_distance():
    # Given three companies: three beginner-friendly CDIs in Lens; one CDI in Lille, 27 km away;
    # two intérim missions in Arras
    imported(
        *[ft_offer("Lens Web Factory", LENS, beginner=True) for _ in range(3)],
        ft_offer("Lille Logiciels", LILLE),
        ft_offer("Arras Intérim Tech", ARRAS, contract="MIS", label="Mission intérimaire - 3 Mois"),
        ft_offer("Arras Intérim Tech", ARRAS, contract="MIS", label="Mission intérimaire - 3 Mois"),
    )
    prospects = prospect_list()
    # Then they come in the order of the documented score, with every factor shown
    assert [p.name for p in prospects] == ["Lens Web Factory", "Arras Intérim Tech", "Lille Logiciels"]
    lens, arras, lille = prospects
    assert (lens.offers, lens.beginner_share, lens.durable_share, round(lens.distance_km)) == (3, 1.0, 1.0, 0)
    assert lens.score == pytest.approx(3 * 2 * 1.0 / 1.0)
    assert (arras.offers, arras.beginner_share, arras.durable_share) == (2, 0.0, 0.0)
    assert 15 < arras.distance_km < 22 and arras.score == pytest.approx(
        2 * 0.5 / (1 + arras.distance_km / 20)
    )
    assert 24 < lille.distance_km < 32 and lille.score == pytest.approx(1 / (1 + lille.distance_km / 20))
    assert dict(arras.contract_labels) == {"Intérim": 2}


def test_companies_out_of_reach_out_of_our_trades_old_nameless_or_already_in_the_crm_are_not_prospects():
    EmployerFactory(name="Acmé Informatique")  # a partner, written differently from its postings
    Employer.objects.create(
        name="Déjà Prospect", commune=commune(LENS), status=Employer.Status.PROSPECT, siret=None, size_band=""
    )
    partner_offer = OfferFactory(published=True, title="Intégrateur web", commune=commune(LIEVIN))
    imported(
        ft_offer("Kept SAS", LIEVIN),
        ft_offer("Paris Numérique", PARIS),
        ft_offer("Dunkerque Dev", DUNKERQUE),
        ft_offer("Vieux Recruteur", LENS, days=200),
        ft_offer("Autre Métier", LENS, rome="K2111"),
        ft_offer(None, LENS),
        ft_offer("ACME INFORMATIQUE", LENS),
        ft_offer("deja prospect", LENS),
        ft_offer("Doublon SA", LIEVIN),
    )
    Offer.objects.filter(published_employer="Doublon SA").update(duplicate_of=partner_offer)
    assert list(by_name()) == ["Kept SAS"]


def test_an_officer_sees_the_ranked_prospects_and_adds_one_to_the_crm_with_its_log(client_for, officer):
    imported(ft_offer("Lens Web Factory", LENS, beginner=True), ft_offer("Lens Web Factory", LIEVIN))
    client = client_for(officer)
    page = client.get(PROSPECTS).content.decode()
    assert "Lens Web Factory" in page and "2 offres dans nos métiers" in page and "Ajouter au suivi" in page

    response = client.post(ADD, {"key": "lens web factory"})

    employer = Employer.objects.get(name="Lens Web Factory")
    assert response.status_code == 302 and response.url == reverse(
        "employers:employer_detail", args=[employer.pk]
    )
    assert employer.status == Employer.Status.PROSPECT and employer.siret is None
    assert employer.commune_id == LENS  # its nearest workplace
    note = Interaction.objects.get(employer=employer)
    assert note.kind == Interaction.Kind.NOTE and note.by == officer
    assert "2 offre(s)" in note.summary and "50 % ouvertes aux débutant·es" in note.summary
    detail = client.get(response.url).content.decode()
    assert "Devenir partenaire" in detail and "SIRET pas encore connu" in detail
    # It is in the CRM now: no longer a prospect, and a second click adds nothing
    assert "Lens Web Factory" not in client.get(PROSPECTS).content.decode()
    again = client.post(ADD, {"key": "lens web factory"}, follow=True)
    assert "plus dans la liste des prospects" in again.content.decode()
    assert Employer.objects.filter(name="Lens Web Factory").count() == 1


def test_the_prospects_count_beginners_offers_in_words_without_a_parenthesised_plural(client_for, officer):
    imported(
        ft_offer("Liévin Apps", LIEVIN, beginner=True),
        ft_offer("Liévin Apps", LIEVIN, beginner=True),
        ft_offer("Arras Code", ARRAS, beginner=True),
        ft_offer("Lens Data", LENS),
    )
    page = client_for(officer).get(PROSPECTS).content.decode()
    # French plural (backend/locale/fr, Plural-Forms n > 1): zero and one are singular, two plural
    assert page.count("2 ouvertes aux débutant·es") == 1 and page.count("0 ouverte aux débutant·es") == 1
    assert page.count("1 ouverte aux débutant·es") == 1
    assert "(s)" not in page


def test_the_same_company_added_twice_is_refused_with_its_id(officer):
    first = employer_prospect_add(name="Lens Web Factory", commune=commune(LENS), by=officer, summary="x")
    with pytest.raises(ApplicationError) as exc:
        employer_prospect_add(name="LENS  web factory", commune=commune(LENS), by=officer, summary="x")
    assert exc.value.status_code == 409 and exc.value.extra["employer_id"] == first.pk


def test_a_prospect_becomes_a_partner_with_its_siret_and_an_active_partnership(client_for, officer):
    prospect = employer_prospect_add(name="Lens Web Factory", commune=commune(LENS), by=officer, summary="x")
    client = client_for(officer)
    url = reverse("employers:prospect_convert", args=[prospect.pk])

    # A wrong SIRET: a French error, nothing saved
    bad = client.post(url, {"siret": "12345678901234", "size_band": "10-49", "kind": "hiring"})
    assert bad.status_code == 400 and "SIRET" in bad.content.decode()
    prospect.refresh_from_db()
    assert prospect.status == Employer.Status.PROSPECT and not prospect.partnerships.exists()

    siret = make_siret(7)
    good = client.post(
        url, {"siret": siret[:9] + " " + siret[9:], "size_band": "10-49", "kind": "internship"}
    )

    assert good.status_code == 302
    prospect.refresh_from_db()
    assert (prospect.status, prospect.siret, prospect.size_band) == (Employer.Status.APPROVED, siret, "10-49")
    assert prospect.reviewed_by == officer and prospect.has_active_partnership()
    partnership = prospect.partnerships.get()
    assert (partnership.kind, partnership.status, partnership.officer) == (
        Partnership.Kind.INTERNSHIP,
        Partnership.Status.ACTIVE,
        officer,
    )
    assert prospect.interactions.filter(
        partnership=partnership, summary__startswith="Devenue partenaire"
    ).exists()
    # A partner now: it submits offers like any approved employer, and converting again is refused
    with pytest.raises(ApplicationError):
        employer_prospect_convert(
            employer=prospect, by=officer, siret=siret, size_band="10-49", kind="hiring"
        )


def test_a_prospect_is_not_approved_without_its_siret(officer):
    prospect = employer_prospect_add(name="Sans Siret", commune=commune(LENS), by=officer, summary="x")
    with pytest.raises(ApplicationError, match="SIRET"):
        employer_approve(employer=prospect, by=officer)
    prospect.refresh_from_db()
    assert prospect.status == Employer.Status.PROSPECT


def test_a_siret_already_registered_is_refused_and_the_prospect_stays(officer):
    taken = EmployerFactory()
    prospect = employer_prospect_add(name="Homonyme", commune=commune(LENS), by=officer, summary="x")
    with pytest.raises(ApplicationError):
        employer_prospect_convert(
            employer=prospect, by=officer, siret=taken.siret, size_band="0-9", kind="hiring"
        )
    prospect.refresh_from_db()
    assert (
        prospect.status == Employer.Status.PROSPECT
        and not Partnership.objects.filter(employer=prospect).exists()
    )


def test_only_officers_see_prospects_or_add_them(client_for, client, employer_user, graduate_user, officer):
    imported(ft_offer("Lens Web Factory", LENS))
    assert client.get(PROSPECTS).status_code == 302
    for user in (employer_user, graduate_user):
        other = client_for(user)
        assert other.get(PROSPECTS).status_code == 403
        assert other.post(ADD, {"key": "lens web factory"}).status_code == 403
    prospect = employer_prospect_add(name="P", commune=commune(LENS), by=officer, summary="x")
    convert = reverse("employers:prospect_convert", args=[prospect.pk])
    assert client_for(employer_user).post(convert, {"siret": make_siret(3)}).status_code == 403
    assert not Employer.objects.filter(name="Lens Web Factory").exists()
    with pytest.raises(ApplicationError):
        employer_prospect_add(name="X", commune=commune(LENS), by=employer_user, summary="x")
