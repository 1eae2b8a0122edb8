"""The agreement's services: creation from what exists, each party's part, the three signatures with
their records, the rules of the law (start, gratification, six months, hours), avenants."""

import hashlib
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from backend.core.exceptions import ApplicationError, ConflictError
from internships import rules, services
from internships.models import Agreement, AgreementVersion, Party, Signature
from placements.models import Application, Placement
from tests.factories import ContactFactory
from tests.factories.placements import ApplicationFactory, PlacementFactory

from .conftest import HOST_PART, fill, sign_all

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


# ------------------------------------------------------------------------------------------ creation


def test_an_officer_creates_the_agreement_from_an_accepted_internship_candidacy(
    agreement, hired, officer, employer
):
    version = agreement.latest_version()
    assert agreement.status == Agreement.Status.DRAFT
    assert (agreement.graduate, agreement.employer, agreement.application) == (
        hired.graduate,
        employer,
        hired,
    )
    assert version.number == 1 and version.host_name == employer.name and version.host_siret == employer.siret
    assert version.trainee_name == "Inès Haddad" and version.referent_email == officer.email
    # The cohort's internship period and the offer's monthly gratification as an hourly amount
    assert (version.start_date, version.end_date) == (date(2026, 5, 4), date(2026, 6, 30))
    assert version.gratification_hourly == Decimal("4.50")
    assert agreement.transitions.get().transition == "create"


def test_an_agreement_from_the_training_internship_placement(officer, employer, trainee):
    placement = PlacementFactory(
        graduate=trainee,
        employer=employer,
        employer_name=employer.name,
        contract_type="STAGE",
        is_training_internship=True,
        start_date=date(2026, 5, 11),
        end_date=date(2026, 7, 3),
    )
    agreement = services.agreement_create(by=officer, placement=placement)
    version = agreement.latest_version()
    assert agreement.placement == placement and (version.start_date, version.end_date) == (
        date(2026, 5, 11),
        date(2026, 7, 3),
    )


@pytest.mark.parametrize("state", ["applied", "interview", "offer", "refused"])
def test_a_candidacy_not_accepted_makes_no_agreement(officer, internship_offer, trainee, state):
    application = ApplicationFactory(graduate=trainee, offer=internship_offer, state=state)
    with pytest.raises(ApplicationError, match="n'est pas acceptée"):
        services.agreement_create(by=officer, application=application)
    assert not Agreement.objects.exists()


def test_a_hire_on_a_job_offer_makes_no_agreement(officer, employer, trainee):
    application = ApplicationFactory(
        graduate=trainee, offer__employer=employer, state=Application.State.HIRED
    )
    with pytest.raises(ApplicationError, match="offre de stage"):
        services.agreement_create(by=officer, application=application)


def test_only_officers_create_agreements_and_only_once(hired, employer_user, officer, agreement):
    with pytest.raises(ApplicationError) as refused:
        services.agreement_create(by=employer_user, application=hired)
    assert refused.value.status_code == 403
    with pytest.raises(ConflictError, match="existe déjà"):
        services.agreement_create(by=officer, application=hired)
    assert f"application:{hired.pk}" not in [source.value for source in services.agreement_sources()]


# ------------------------------------------------------------------------------------------ the parts


def test_each_party_writes_only_its_own_part(agreement, employer_user, trainee):
    with pytest.raises(ApplicationError) as refused:
        services.agreement_update_part(agreement=agreement, by=employer_user, data={"trainee_address": "x"})
    assert refused.value.status_code == 403
    with pytest.raises(ApplicationError) as refused:
        services.agreement_update_part(
            agreement=agreement, by=trainee.user, data={"gratification_hourly": Decimal("9")}
        )
    assert refused.value.status_code == 403
    with pytest.raises(ApplicationError) as refused:
        services.agreement_update_part(
            agreement=agreement, by=trainee.user, data={"start_date": date(2026, 1, 1)}
        )
    assert refused.value.status_code == 403


def test_a_contact_of_another_company_or_another_graduate_has_no_part(
    agreement, other_employer_user, other_graduate_user
):
    for user in (other_employer_user, other_graduate_user):
        with pytest.raises(ApplicationError) as refused:
            services.agreement_update_part(agreement=agreement, by=user, data={})
        assert refused.value.status_code == 404


def test_checking_a_part_needs_it_complete_and_a_change_by_someone_else_undoes_the_check(
    agreement, employer_user, trainee
):
    with pytest.raises(ApplicationError, match="Il manque encore"):
        services.agreement_check_part(agreement=agreement, by=employer_user)
    version = fill(agreement, host=employer_user, trainee_user=trainee.user)
    assert version.host_completed_at and version.trainee_completed_at
    services.agreement_update_part(
        agreement=agreement, by=agreement.created_by, data={"tasks": "Autre chose."}
    )
    version.refresh_from_db()
    assert version.host_completed_at is None and version.trainee_completed_at is not None


# ------------------------------------------------------------------------------------------ signatures


def test_three_signatures_record_who_when_where_and_the_hash_of_the_pdf_signed(
    agreement, employer_user, trainee, officer
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    before = timezone.now()
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    version = agreement.latest_version()
    signatures = list(version.signatures.order_by("signed_at"))
    assert [(s.party, s.signer, s.ip_address) for s in signatures] == [
        (Party.HOST, employer_user, "192.0.2.10"),
        (Party.TRAINEE, trainee.user, "192.0.2.20"),
        (Party.SCHOOL, officer, "192.0.2.30"),
    ]
    assert all(s.signed_at >= before for s in signatures)
    document = bytes(version.document_pdf)
    assert {s.document_sha256 for s in signatures} == {hashlib.sha256(document).hexdigest()}
    assert agreement.status == Agreement.Status.SIGNED
    assert agreement.transitions.filter(transition="complete_signatures", actor=None).exists()


def test_the_signed_pdf_is_text_with_the_parties_the_rules_figures_and_the_signed_hash(
    agreement, employer_user, trainee, officer
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    version = agreement.latest_version()
    signed = bytes(version.signed_pdf)
    assert version.signed_pdf_sha256 == hashlib.sha256(signed).hexdigest()
    text = " ".join(pdf_text(signed).split())
    assert "Convention de stage" in text and "Hauts Numériques" in text and "Inès Haddad" in text
    assert "Liévin" in text and "Émile Zola" in text  # accents survive: the font is embedded
    assert "Hugo Lefebvre" in text and "4,50 €" in text and "280 heures" in text
    assert version.document_sha256 in text.replace(" ", "") or version.document_sha256 in text
    for signature in version.signatures.all():
        assert signature.signer_name in text


def test_signing_twice_or_a_changed_version_signs_nothing(agreement, employer_user, trainee):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    with pytest.raises(ConflictError, match="déjà signé"):
        services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    with pytest.raises(ConflictError, match="a changé"):
        services.agreement_sign(agreement=agreement, by=trainee.user, ip_address=None, version_number=2)
    assert Signature.objects.count() == 1


def test_nobody_signs_before_both_parts_are_checked(agreement, employer_user, officer):
    services.agreement_update_part(agreement=agreement, by=employer_user, data=HOST_PART)
    services.agreement_check_part(agreement=agreement, by=employer_user)
    with pytest.raises(ApplicationError, match="stagiaire doit encore remplir") as refused:
        services.agreement_sign(agreement=agreement, by=officer, ip_address=None, version_number=1)
    assert "n'a pas encore vérifié sa partie" in refused.value.message
    assert not Signature.objects.exists() and not agreement.latest_version().is_frozen


def test_after_a_signature_the_content_never_changes(agreement, employer_user, trainee, officer):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    for user, data in ((officer, {"tasks": "Autre"}), (trainee.user, {"trainee_phone": "0700000000"})):
        with pytest.raises(ConflictError, match="avenant"):
            services.agreement_update_part(agreement=agreement, by=user, data=data)
    version = AgreementVersion.objects.get()
    assert version.tasks == HOST_PART["tasks"]


# ------------------------------------------------------------------------------------------ start


def test_the_internship_does_not_start_before_the_three_signatures(
    agreement, employer_user, trainee, officer
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    services.agreement_sign(agreement=agreement, by=trainee.user, ip_address=None, version_number=1)
    with pytest.raises(ConflictError, match="il manque l'école"):
        services.agreement_start(agreement=agreement, by=officer, today=date(2026, 5, 4))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT and agreement.started_at is None
    services.agreement_sign(agreement=agreement, by=officer, ip_address=None, version_number=1)
    with pytest.raises(ConflictError, match="commence le 4 mai 2026"):
        services.agreement_start(agreement=agreement, by=officer, today=date(2026, 5, 3))
    started = services.agreement_start(agreement=agreement, by=officer, today=date(2026, 5, 4))
    assert started.status == Agreement.Status.STARTED and started.started_at is not None


def test_only_the_school_starts_the_internship(agreement, employer_user, trainee, officer):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    for user in (employer_user, trainee.user):
        with pytest.raises(ApplicationError) as refused:
            services.agreement_start(agreement=agreement, by=user, today=date(2026, 5, 4))
        assert refused.value.status_code == 403


# ------------------------------------------------------------------------------------------ the rules


def test_gratification_is_not_due_up_to_308_hours(agreement, employer_user, trainee):
    # 4 May – 26 June 2026: 40 days of 7 hours = 280 hours
    version = fill(
        agreement, host=employer_user, trainee_user=trainee.user, gratification_hourly=Decimal("0")
    )
    rule = rules.gratification_rule(version)
    assert (rule.due, rule.hours) == (False, Decimal("280.00"))
    assert rules.agreement_problems(version) == []


def test_gratification_is_due_past_308_hours_at_15_percent_of_the_hourly_ceiling(
    agreement, employer_user, trainee, settings
):
    # 4 May – 10 July 2026: 50 days of 7 hours = 350 hours
    version = fill(
        agreement,
        host=employer_user,
        trainee_user=trainee.user,
        dates=(date(2026, 5, 4), date(2026, 7, 10)),
        gratification_hourly=Decimal("4.49"),
    )
    assert rules.minimum_gratification_hourly() == Decimal("4.50")
    (problem,) = rules.agreement_problems(version)
    assert "350 heures de présence" in problem and "au moins 4,50 €" in problem and "2026" in problem
    with pytest.raises(ApplicationError, match="gratification est obligatoire"):
        services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    services.agreement_update_part(
        agreement=agreement, by=employer_user, data={"gratification_hourly": Decimal("4.50")}
    )
    version.refresh_from_db()
    assert rules.agreement_problems(version, for_signature=False) == []
    # The figure follows the setting (next year's ceiling), not a constant in the code
    settings.INTERNSHIP_SS_HOURLY_CEILING = "31.00"
    assert rules.minimum_gratification_hourly() == Decimal("4.65")


def test_the_threshold_counts_hours_not_calendar_days(agreement, employer_user, trainee):
    # Ten weeks, but three days a week of 7 hours: 30 days = 210 hours, no gratification due
    version = fill(
        agreement,
        host=employer_user,
        trainee_user=trainee.user,
        dates=(date(2026, 5, 4), date(2026, 7, 10)),
        weekly_hours=Decimal("21"),
        days_per_week=3,
        gratification_hourly=Decimal("0"),
    )
    assert rules.gratification_rule(version).hours == Decimal("210.00")
    assert rules.agreement_problems(version) == []


def test_another_internship_with_the_same_host_in_the_same_school_year_counts(
    agreement, employer_user, trainee, officer, internship_offer
):
    fill(agreement, host=employer_user, trainee_user=trainee.user, gratification_hourly=Decimal("0"))
    earlier = PlacementFactory(
        graduate=trainee,
        employer=internship_offer.employer,
        employer_name=internship_offer.employer.name,
        contract_type="STAGE",
        is_training_internship=True,
        start_date=date(2026, 2, 2),
        end_date=date(2026, 2, 13),
    )
    services.agreement_create(by=officer, placement=earlier)  # 10 days, 70 hours, same school year
    version = agreement.latest_version()
    assert rules.gratification_rule(version).hours == Decimal("350.00")
    assert any("gratification est obligatoire" in p for p in rules.agreement_problems(version))


def test_more_than_six_months_of_presence_is_refused(agreement, employer_user, trainee):
    version = fill(
        agreement, host=employer_user, trainee_user=trainee.user, dates=(date(2026, 1, 5), date(2026, 7, 31))
    )
    assert any("ne dépasse pas six mois" in p for p in rules.agreement_problems(version))


def test_more_than_35_hours_a_week_or_10_a_day_is_refused(agreement, employer_user, trainee):
    version = fill(agreement, host=employer_user, trainee_user=trainee.user, weekly_hours=Decimal("36"))
    assert any("pas plus de 35 heures par semaine" in p for p in rules.agreement_problems(version))
    services.agreement_update_part(
        agreement=agreement, by=employer_user, data={"weekly_hours": Decimal("33"), "days_per_week": 3}
    )
    version.refresh_from_db()
    assert any("au plus 10 heures par jour" in p for p in rules.agreement_problems(version))


# ------------------------------------------------------------------------------------------ avenants


def test_an_avenant_is_a_new_version_that_needs_three_new_signatures(
    agreement, employer_user, trainee, officer
):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    first = agreement.latest_version()
    first_pdf, first_hash = bytes(first.signed_pdf), first.signed_pdf_sha256

    amendment = services.agreement_amend(
        agreement=agreement, by=officer, reason="Fin repoussée au 10 juillet."
    )
    assert amendment.number == 2 and amendment.is_amendment and not amendment.signatures.exists()
    services.agreement_update_part(
        agreement=agreement,
        by=officer,
        data={"end_date": date(2026, 7, 10), "gratification_hourly": Decimal("4.50")},
    )
    agreement.refresh_from_db()
    # Until the avenant is signed, version 1 rules; its records and its PDF are untouched
    assert agreement.status == Agreement.Status.SIGNED and agreement.version_in_force() == first
    first.refresh_from_db()
    assert bytes(first.signed_pdf) == first_pdf and first.signed_pdf_sha256 == first_hash
    assert first.end_date == date(2026, 6, 26) and first.signatures.count() == 3

    # The host's and the trainee's checks were undone by the school's change: they read it again
    with pytest.raises(ApplicationError, match="pas encore vérifié"):
        services.agreement_sign(agreement=agreement, by=officer, ip_address=None, version_number=2)
    services.agreement_check_part(agreement=agreement, by=employer_user)
    services.agreement_check_part(agreement=agreement, by=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    second = agreement.version_in_force()
    assert second.number == 2 and second.signatures.count() == 3
    assert second.document_sha256 != first.document_sha256
    assert "Avenant n° 1" in pdf_text(bytes(second.signed_pdf))


def test_an_avenant_needs_a_reason_and_a_signed_version(agreement, employer_user, trainee, officer):
    with pytest.raises(ConflictError, match="sans avenant"):
        services.agreement_amend(agreement=agreement, by=officer, reason="Nouvelles dates")
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    with pytest.raises(ApplicationError, match="objet de l'avenant"):
        services.agreement_amend(agreement=agreement, by=officer, reason="  ")
    with pytest.raises(ApplicationError):
        services.agreement_amend(agreement=agreement, by=employer_user, reason="Par l'employeur")


def test_a_cancelled_agreement_is_neither_signed_nor_changed(agreement, employer_user, trainee, officer):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    services.agreement_cancel(agreement=agreement, by=officer, reason="Le stage n'a pas lieu.")
    with pytest.raises(ConflictError, match="annulée"):
        services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    with pytest.raises(ConflictError, match="annulée"):
        services.agreement_update_part(agreement=agreement, by=employer_user, data={"tasks": "x"})


def test_a_colleague_of_the_host_signs_for_the_host(agreement, employer, trainee, officer, employer_user):
    colleague = ContactFactory(employer=employer, is_primary=False).user
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    signature = services.agreement_sign(agreement=agreement, by=colleague, ip_address=None, version_number=1)
    assert signature.party == Party.HOST
    assert Placement.objects.count() == 0


# ------------------------------------------------------------------------------------------ the table


@pytest.mark.parametrize("name", sorted(Agreement.TRANSITIONS))
@pytest.mark.parametrize("status", Agreement.Status.values)
def test_every_move_from_every_status_is_allowed_exactly_as_the_table_says(agreement, officer, name, status):
    role = "system" if name == "complete_signatures" else "officer"
    Agreement.objects.filter(pk=agreement.pk).update(
        status=status, started_at=timezone.now(), ended_at=timezone.now()
    )
    agreement.refresh_from_db()
    transition = Agreement.TRANSITIONS[name]
    if transition.starts_from(status):
        services._move(agreement, transition=name, by=None if role == "system" else officer, role=role)
        assert agreement.status == transition.target
        assert agreement.transitions.filter(transition=name, from_state=status).exists()
    else:
        with pytest.raises(ConflictError):
            services._move(agreement, transition=name, by=officer, role=role)
    with pytest.raises(ApplicationError) as refused:
        services._move(agreement, transition=name, by=None, role="graduate")
    assert refused.value.status_code == 403
