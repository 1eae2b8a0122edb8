"""Issue #15: a convention is signed before the internship begins. A version whose start has passed is
neither made, nor edited, nor signed; an avenant of an agreement under way keeps its original start; the
agreement page warns while signatures are missing and the start is near or passed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from backend.core.exceptions import ApplicationError
from internships import services
from internships.models import Agreement, of_name
from tests.factories.placements import PlacementFactory

from .conftest import fill, sign_all

pytestmark = pytest.mark.django_db

START, END = date(2026, 5, 4), date(2026, 6, 26)


def test_a_signature_after_the_start_is_refused_with_what_to_do(
    agreement, employer_user, trainee, officer, clock
):
    fill(agreement, host=employer_user, trainee_user=trainee.user, dates=(START, END))
    clock.day = START + timedelta(days=1)
    with pytest.raises(
        ApplicationError,
        match=r"La date de début \(4 mai 2026\) est passée : modifiez les dates avant de signer",
    ):
        services.agreement_sign(agreement=agreement, by=officer, ip_address=None, version_number=1)
    assert not agreement.latest_version().signatures.exists()
    # On the first day itself it may still be signed.
    clock.day = START
    services.agreement_sign(agreement=agreement, by=officer, ip_address=None, version_number=1)
    assert agreement.latest_version().signatures.count() == 1


def test_a_partly_signed_version_whose_start_passed_asks_for_an_avenant(
    agreement, employer_user, trainee, officer, clock
):
    fill(agreement, host=employer_user, trainee_user=trainee.user, dates=(START, END))
    services.agreement_sign(agreement=agreement, by=officer, ip_address=None, version_number=1)
    clock.day = START + timedelta(days=3)
    with pytest.raises(ApplicationError, match=r"modifiez les dates \(avenant\) avant de signer"):
        services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    # The avenant of a version never signed by all three gets no exception: new dates first.
    services.agreement_amend(agreement=agreement, by=officer, reason="Le stage commence plus tard.")
    with pytest.raises(ApplicationError, match="est passée"):
        services.agreement_update_part(
            agreement=agreement, by=employer_user, data={"tutor_phone": "06 11 22 33 44"}
        )
    new_start = START + timedelta(weeks=2)
    services.agreement_update_part(
        agreement=agreement, by=officer, data={"start_date": new_start, "end_date": END + timedelta(weeks=2)}
    )
    services.agreement_check_part(agreement=agreement, by=employer_user)
    services.agreement_check_part(agreement=agreement, by=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    assert (
        agreement.status == Agreement.Status.SIGNED and agreement.version_in_force().start_date == new_start
    )


def test_the_school_cannot_write_a_start_in_the_past(agreement, officer, clock):
    with pytest.raises(ApplicationError, match=r"La date de début \(2 novembre 2025\) est passée"):
        services.agreement_update_part(
            agreement=agreement, by=officer, data={"start_date": date(2025, 11, 2), "end_date": END}
        )
    assert agreement.latest_version().start_date == date(2026, 5, 4)
    services.agreement_update_part(
        agreement=agreement, by=officer, data={"start_date": clock.day, "end_date": END}
    )
    assert agreement.latest_version().start_date == clock.day


def test_no_agreement_is_made_for_an_internship_that_already_began(trainee, employer, officer, clock):
    placement = PlacementFactory(
        graduate=trainee,
        employer=employer,
        employer_name=employer.name,
        contract_type="STAGE",
        is_training_internship=True,
        start_date=date(2025, 10, 6),
        end_date=date(2025, 11, 28),
    )
    with pytest.raises(ApplicationError, match=r"Le stage commence le 6 octobre 2025, date passée"):
        services.agreement_create(by=officer, placement=placement)
    assert not Agreement.objects.exists()


def test_an_avenant_under_way_keeps_its_start_but_may_not_move_it_into_the_past(
    agreement, employer_user, trainee, officer, clock
):
    fill(agreement, host=employer_user, trainee_user=trainee.user, dates=(START, END))
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    clock.day = date(2026, 5, 20)
    services.agreement_start(agreement=agreement, by=officer)
    services.agreement_amend(agreement=agreement, by=officer, reason="Fin repoussée au 10 juillet.")
    # It amends what follows: the start the three signed before it stays, and the avenant is signed.
    services.agreement_update_part(agreement=agreement, by=officer, data={"end_date": date(2026, 7, 10)})
    with pytest.raises(ApplicationError, match="est passée"):
        services.agreement_update_part(
            agreement=agreement, by=officer, data={"start_date": date(2026, 5, 11)}
        )
    services.agreement_check_part(agreement=agreement, by=employer_user)
    services.agreement_check_part(agreement=agreement, by=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    in_force = agreement.version_in_force()
    assert (in_force.number, in_force.start_date, in_force.end_date) == (2, START, date(2026, 7, 10))


def test_the_page_warns_when_the_start_passed_with_signatures_missing(
    agreement, employer_user, trainee, officer, client_for, clock
):
    fill(agreement, host=employer_user, trainee_user=trainee.user, dates=(START, END))
    services.agreement_sign(agreement=agreement, by=officer, ip_address=None, version_number=1)
    url = reverse("internships:detail", args=[agreement.pk])
    assert "il manque la signature" not in client_for(officer).get(url).content.decode()

    clock.day = START - timedelta(days=5)
    page = client_for(employer_user).get(url).content.decode()
    assert "Le stage commence le 4 mai 2026 (dans 5 jours) et il manque la signature de : " in page
    assert "l&#x27;organisme d&#x27;accueil, le ou la stagiaire" in page

    clock.day = START + timedelta(days=1)
    page = client_for(trainee.user).get(url).content.decode()
    assert "La date de début (4 mai 2026) est passée : modifiez les dates (avenant) avant de signer." in page

    sign_all_day = START - timedelta(days=1)
    clock.day = sign_all_day
    services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    services.agreement_sign(agreement=agreement, by=trainee.user, ip_address=None, version_number=1)
    clock.day = START + timedelta(days=1)
    assert "il manque la signature" not in client_for(officer).get(url).content.decode()


def test_the_title_elides_de_before_a_vowel_or_a_mute_h(agreement, officer, client_for):
    assert (
        "Stage d&#x27;Inès Haddad chez"
        in client_for(officer).get(reverse("internships:detail", args=[agreement.pk])).content.decode()
    )
    assert [of_name(n) for n in ("Inès", "Élodie", "Hugo", "Yves", "Yasmine", "Paul", "Ophélie")] == [
        "d'Inès",
        "d'Élodie",
        "d'Hugo",
        "d'Yves",
        "de Yasmine",
        "de Paul",
        "d'Ophélie",
    ]
