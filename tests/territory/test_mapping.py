"""Reading one France Travail offer into Tremplin's fields (no database)."""

import re
from decimal import Decimal

import pytest

from territory.mapping import Rejected, read_offer, read_salary


def offer(**fields) -> dict:
    base = {
        "id": "123ABCD",
        "intitule": "Développeur web (H/F)",
        "description": "Vous développerez en PHP.",
        "typeContrat": "CDI",
        "typeContratLibelle": "Contrat à durée indéterminée",
        "lieuTravail": {"libelle": "62 - LENS", "commune": "62498"},
        "romeCode": "M1805",
        "salaire": {},
    }
    return base | fields


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (
            "Mensuel de 2000.0 Euros à 2500.0 Euros sur 12.0 mois",
            (Decimal("2000.00"), Decimal("2500.00"), "month"),
        ),
        ("Annuel de 35000.0 Euros à 45000.0 Euros", (Decimal("35000.00"), Decimal("45000.00"), "year")),
        ("Horaire de 11.88 Euros", (Decimal("11.88"), Decimal("11.88"), "hour")),
        ("Selon profil", (None, None, "month")),
        ("", (None, None, "month")),
    ],
)
def test_salary_labels_are_read_with_their_period(label, expected):
    assert read_salary(label) == expected


@pytest.mark.parametrize(
    ("code", "label", "contract", "months"),
    [
        ("CDI", "CDI", "CDI", None),
        ("CDD", "CDD - 12 Mois", "CDD", 12),
        ("MIS", "Intérim - 6 Mois", "INTERIM", 6),
        ("MIS", "Intérim", "INTERIM", None),
        ("SAI", "Saisonnier - 45 Jour(s)", "CDD", 2),
        ("LIB", "Profession libérale", "FREELANCE", None),
    ],
)
def test_contract_codes_become_tremplin_contracts(code, label, contract, months):
    read = read_offer(offer(typeContrat=code, typeContratLibelle=label))
    assert (read.fields["contract_type"], read.fields["contract_months"]) == (contract, months)


def test_an_alternance_offer_is_an_apprenticeship_unless_professionnalisation():
    assert read_offer(offer(alternance=True, natureContrat="Contrat apprentissage")).fields[
        "contract_type"
    ] == ("APPRENTISSAGE")
    pro = offer(alternance=True, natureContrat="Cont. professionnalisation")
    assert read_offer(pro).fields["contract_type"] == "PROFESSIONNALISATION"


def test_the_posting_link_company_and_part_time_are_read():
    read = read_offer(
        offer(
            entreprise={"nom": "ACME Lens"},
            dureeTravailLibelle="24H Travail en journée",
            dureeTravailLibelleConverti="Temps partiel",
        )
    )
    assert read.fields["published_employer"] == "ACME Lens"
    assert read.fields["external_url"] == "https://candidat.francetravail.fr/offres/recherche/detail/123ABCD"
    assert (read.fields["working_time"], read.fields["weekly_hours"]) == ("part_time", Decimal(24))
    origin = read_offer(offer(origineOffre={"urlOrigine": "https://example.org/annonce/7"}))
    assert origin.fields["external_url"] == "https://example.org/annonce/7"


def test_the_hash_ignores_refresh_dates_but_not_the_text():
    first = read_offer(offer(dateActualisation="2025-01-01T00:00:00.000Z")).payload_hash()
    assert read_offer(offer(dateActualisation="2025-02-01T00:00:00.000Z")).payload_hash() == first
    assert read_offer(offer(description="Autre texte.")).payload_hash() != first


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"id": ""}, "sans référence"),
        ({"intitule": " "}, "sans intitulé"),
        ({"description": ""}, "sans description"),
        ({"lieuTravail": {"libelle": "France"}}, "sans commune (France)"),
        ({"typeContrat": "ZZZ"}, "« ZZZ » inconnu"),
        ({"typeContrat": "CDD", "typeContratLibelle": "CDD"}, "CDD sans durée"),
    ],
)
def test_unreadable_offers_are_rejected_with_a_reason(fields, reason):
    with pytest.raises(Rejected, match=re.escape(reason)):
        read_offer(offer(**fields))
