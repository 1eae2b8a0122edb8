"""Hires and their consequences, stale candidacies, placements declared and confirmed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone

from backend.core.exceptions import ApplicationError, ConflictError
from employers.models import Offer, OfferTransitionLog
from placements import services
from placements.models import Application, Notification, Placement
from tests.factories import OfferFactory
from tests.factories.placements import ApplicationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- hire


def test_a_hire_becomes_a_confirmed_placement_through_tremplin(graduate, offer, employer_user):
    app = ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.OFFER)

    services.application_transition(application=app, transition="hire", by=employer_user)

    placement = Placement.objects.get(application=app)
    assert placement.graduate == graduate
    assert placement.employer == offer.employer
    assert placement.employer_name == "Hauts Numériques"
    assert placement.contract_type == "CDI"
    assert placement.job_title == offer.title
    assert placement.end_date is None
    assert placement.monthly_gross_salary == Decimal("2000.00")  # 24 000 € a year
    assert placement.via_tremplin is True
    assert placement.is_training_internship is False
    assert placement.status == Placement.Status.CONFIRMED
    assert placement.confirmed_by == employer_user


def test_a_fixed_term_hire_records_its_category_and_end_date(graduate, employer, employer_user):
    start = timezone.localdate() + timedelta(days=10)
    cdd = OfferFactory(
        employer=employer,
        published=True,
        contract_type="CDD",
        contract_months=4,
        start_date=start,
        salary_min=Decimal("1900"),
        salary_max=Decimal("2100"),
        salary_period="month",
    )
    app = ApplicationFactory(graduate=graduate, offer=cdd, state=Application.State.INTERVIEW)

    services.application_transition(application=app, transition="hire", by=employer_user)

    placement = Placement.objects.get(application=app)
    assert placement.contract_type == "CDD_SHORT"
    assert placement.start_date == start
    assert placement.end_date == start + relativedelta(months=4) - timedelta(days=1)
    assert placement.monthly_gross_salary == Decimal("1900")


def test_a_hire_makes_the_graduate_other_pending_candidacies_obsolete(
    graduate, offer, other_offer, employer, employer_user, other_employer_user
):
    hired = ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.OFFER)
    elsewhere = ApplicationFactory(graduate=graduate, offer=other_offer, state=Application.State.INTERVIEW)
    suggested = ApplicationFactory(
        graduate=graduate,
        offer=OfferFactory(employer=employer, published=True),
        state=Application.State.SUGGESTED,
    )
    refused_before = ApplicationFactory(
        graduate=graduate,
        offer=OfferFactory(employer=employer, published=True),
        state=Application.State.REFUSED,
    )

    services.application_transition(application=hired, transition="hire", by=employer_user)

    for app in (elsewhere, suggested):
        app.refresh_from_db()
        assert app.state == Application.State.OBSOLETE
        step = app.transitions.order_by("-pk").first()
        assert (step.transition, step.actor, step.note) == ("mark_obsolete", None, "Embauché·e ailleurs")
    refused_before.refresh_from_db()
    assert refused_before.state == Application.State.REFUSED
    # The other company, which was interviewing her, is told; nobody is told about a mere suggestion.
    told = Notification.objects.filter(user=other_employer_user).get()
    assert (
        told.subject == f"Inès Dupont a été embauché·e ailleurs : candidature « {other_offer.title} » close"
    )


def test_a_hire_takes_one_opening_and_the_last_one_fills_the_offer(cohort, employer, employer_user):
    from tests.factories.graduates import GraduateFactory

    offer = OfferFactory(employer=employer, published=True, openings=2)
    first, second = (
        ApplicationFactory(
            graduate=GraduateFactory(cohort=cohort), offer=offer, state=Application.State.OFFER
        )
        for _ in range(2)
    )

    services.application_transition(application=first, transition="hire", by=employer_user)
    offer.refresh_from_db()
    assert (offer.openings, offer.status) == (1, Offer.Status.PUBLISHED)

    services.application_transition(application=second, transition="hire", by=employer_user)
    offer.refresh_from_db()
    assert (offer.openings, offer.status) == (1, Offer.Status.FILLED)
    log = OfferTransitionLog.objects.filter(offer=offer).order_by("-pk").first()
    assert (log.transition, log.to_state, log.note) == ("fill", "filled", "Poste pourvu via Tremplin")


def test_the_last_opening_taken_answers_everyone_else_kindly(cohort, employer, employer_user):
    """Nobody waits for an answer that will not come: sent candidacies are refused « poste pourvu »
    (worded as not about them), mere suggestions become obsolete."""
    from tests.factories.graduates import GraduateFactory

    offer = OfferFactory(employer=employer, published=True, openings=1)
    hired, waiting, interviewed, suggested = (
        ApplicationFactory(graduate=GraduateFactory(cohort=cohort), offer=offer, state=state)
        for state in ("offer", "applied", "interview", "suggested")
    )
    already_refused = ApplicationFactory(
        graduate=GraduateFactory(cohort=cohort), offer=offer, state="refused"
    )

    services.application_transition(application=hired, transition="hire", by=employer_user)

    for app in (waiting, interviewed, suggested, already_refused):
        app.refresh_from_db()
    assert (waiting.state, waiting.refusal_reason) == ("refused", "filled")
    assert (interviewed.state, interviewed.refusal_reason) == ("refused", "filled")
    assert suggested.state == "obsolete"
    assert (already_refused.state, already_refused.refusal_reason) == ("refused", "profile")
    assert waiting.transitions.last().note == "Poste pourvu"
    told = Notification.objects.get(user=waiting.graduate.user)
    assert "Ce n'est pas lié à vous" in told.body


def test_hosting_the_training_internship_leaves_job_candidacies_pending(employer, employer_user, other_offer):
    from tests.factories.graduates import CohortFactory, GraduateFactory

    today = timezone.localdate()
    cohort = CohortFactory(
        training_start=today - timedelta(days=100),
        training_end=today + timedelta(days=5),
        internship_start=today + timedelta(days=7),
        internship_end=today + timedelta(days=67),
    )
    graduate = GraduateFactory(cohort=cohort)
    internship = OfferFactory(
        employer=employer,
        published=True,
        contract_type="STAGE",
        contract_months=2,
        start_date=cohort.internship_start,
    )
    other_internship = OfferFactory(
        employer=employer, published=True, contract_type="STAGE", contract_months=2
    )
    stage_app = ApplicationFactory(graduate=graduate, offer=internship, state=Application.State.OFFER)
    job_app = ApplicationFactory(graduate=graduate, offer=other_offer, state=Application.State.APPLIED)
    other_stage_app = ApplicationFactory(
        graduate=graduate, offer=other_internship, state=Application.State.APPLIED
    )

    services.application_transition(application=stage_app, transition="hire", by=employer_user)

    placement = Placement.objects.get(application=stage_app)
    assert (placement.contract_type, placement.is_training_internship) == ("STAGE", True)
    job_app.refresh_from_db()
    other_stage_app.refresh_from_db()
    assert job_app.state == Application.State.APPLIED
    assert other_stage_app.state == Application.State.OBSOLETE


# ---------------------------------------------------------------- staleness


def _idle(app, days, now):
    Application.objects.filter(pk=app.pk).update(moved_at=now - timedelta(days=days))
    app.refresh_from_db()
    return app


def test_thirty_days_without_movement_is_flagged_to_the_officers_once(graduate, offer, other_offer, officer):
    now = timezone.now()
    stale = _idle(ApplicationFactory(graduate=graduate, offer=offer), 30, now)
    fresh = _idle(ApplicationFactory(graduate=graduate, offer=other_offer), 29, now)

    assert stale.is_stale(now) and not fresh.is_stale(now)
    report = services.applications_housekeeping(now=now)

    assert report.flagged == [stale.pk]
    assert report.closed == []
    stale.refresh_from_db()
    assert stale.stale_notified_at == now
    assert stale.state == Application.State.APPLIED
    note = Notification.objects.get(user=officer, kind=Notification.Kind.STALE)
    assert note.subject == "1 candidature(s) sans mouvement"
    assert "Inès Dupont → Développeur·se web (H/F) (Hauts Numériques) : Candidature envoyée" in note.body
    assert note.link.endswith("/candidatures/?stale=1")

    again = services.applications_housekeeping(now=now + timedelta(hours=6))
    assert again.flagged == []
    assert Notification.objects.filter(user=officer, kind=Notification.Kind.STALE).count() == 1


def test_sixty_days_without_movement_closes_the_candidacy_with_a_notice(
    graduate, offer, employer_user, officer
):
    now = timezone.now()
    app = _idle(ApplicationFactory(graduate=graduate, offer=offer), 60, now)

    report = services.applications_housekeeping(now=now)

    assert report.closed == [app.pk]
    app.refresh_from_db()
    assert (app.state, app.moved_at) == (Application.State.CLOSED, now)
    step = app.transitions.order_by("-pk").first()
    assert (step.transition, step.actor, step.note) == (
        "close_stale",
        None,
        "Aucun mouvement depuis 60 jours",
    )
    to_graduate = Notification.objects.get(user=graduate.user)
    assert to_graduate.subject == f"Candidature « {offer.title} » close faute de nouvelles"
    to_employer = Notification.objects.get(user=employer_user)
    assert to_employer.subject == f"Candidature close faute de nouvelles : {offer.title}"


def test_a_dry_run_reports_and_changes_nothing(graduate, offer, other_offer):
    now = timezone.now()
    closing = _idle(ApplicationFactory(graduate=graduate, offer=offer), 61, now)
    flagging = _idle(ApplicationFactory(graduate=graduate, offer=other_offer), 35, now)

    report = services.applications_housekeeping(now=now, wet_run=False)

    assert (report.to_close, report.to_flag) == ([closing.pk], [flagging.pk])
    assert (report.closed, report.flagged) == ([], [])
    assert set(Application.objects.values_list("state", flat=True)) == {"applied"}
    assert not Notification.objects.exists()


def test_the_command_is_dry_unless_told_otherwise(graduate, offer, capsys):
    app = _idle(ApplicationFactory(graduate=graduate, offer=offer), 70, timezone.now())

    call_command("placements_housekeeping")
    assert "1 à clore" in capsys.readouterr().out
    app.refresh_from_db()
    assert app.state == Application.State.APPLIED

    call_command("placements_housekeeping", "--wet-run")
    assert "1 close(s)" in capsys.readouterr().out
    app.refresh_from_db()
    assert app.state == Application.State.CLOSED


def test_final_candidacies_are_never_flagged_or_closed(graduate, offer):
    now = timezone.now()
    _idle(ApplicationFactory(graduate=graduate, offer=offer, state=Application.State.REFUSED), 90, now)
    report = services.applications_housekeeping(now=now)
    assert (report.to_close, report.to_flag) == ([], [])


# ---------------------------------------------------------------- placements declared and confirmed


def test_a_graduate_declares_a_job_found_elsewhere_and_the_school_is_told(graduate, officer):
    placement = services.placement_record(
        graduate=graduate,
        by=graduate.user,
        employer_name="Boulangerie Numérique",
        contract_type="CDD_LONG",
        start_date=date(2026, 9, 1),
        end_date=date(2027, 8, 31),
    )
    assert placement.status == Placement.Status.DECLARED
    assert placement.via_tremplin is False
    note = Notification.objects.get(user=officer)
    assert note.subject == "Emploi déclaré à confirmer : Inès Dupont"
    assert note.link.endswith(f"/candidatures/placements/{placement.pk}/confirmer/")


def test_a_declaration_naming_a_tremplin_employer_is_confirmed_by_that_employer(
    graduate, employer, employer_user, other_employer_user
):
    placement = services.placement_record(
        graduate=graduate,
        by=graduate.user,
        employer=employer,
        contract_type="CDI",
        start_date=date(2026, 10, 1),
    )
    assert placement.employer_name == "Hauts Numériques"
    assert Notification.objects.filter(user=employer_user).count() == 1

    with pytest.raises(ApplicationError) as caught:
        services.placement_confirm(placement=placement, by=other_employer_user)
    assert caught.value.status_code == 404

    confirmed = services.placement_confirm(placement=placement, by=employer_user)
    assert (confirmed.status, confirmed.confirmed_by) == (Placement.Status.CONFIRMED, employer_user)
    assert (
        Notification.objects.get(user=graduate.user).subject
        == "Votre emploi chez Hauts Numériques est confirmé"
    )

    with pytest.raises(ConflictError, match="Ce placement est déjà confirmé"):
        services.placement_confirm(placement=placement, by=employer_user)


def test_the_school_rejects_a_declaration(graduate, officer):
    placement = PlacementFactory(graduate=graduate, status=Placement.Status.DECLARED, confirmed_at=None)
    rejected = services.placement_confirm(
        placement=placement, by=officer, confirm=False, note="Contrat non signé"
    )
    assert rejected.status == Placement.Status.REJECTED
    assert "Contrat non signé" in Notification.objects.get(user=graduate.user).body


def test_the_school_records_the_training_internship_with_its_host(graduate, employer, officer):
    placement = services.placement_record(
        graduate=graduate,
        by=officer,
        employer=employer,
        contract_type="STAGE",
        start_date=graduate.cohort.internship_start,
        end_date=graduate.cohort.internship_end,
        is_training_internship=True,
    )
    assert (placement.status, placement.employer, placement.is_training_internship) == (
        "confirmed",
        employer,
        True,
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"contract_type": "CDI", "start_date": date(2026, 9, 1)}, "employer_name", "Indiquez l'employeur"),
        (
            {
                "employer_name": "X",
                "contract_type": "CDI",
                "start_date": date(2026, 9, 1),
                "end_date": date(2026, 8, 1),
            },
            "end_date",
            "La date de fin est avant la date de début",
        ),
        (
            {
                "employer_name": "X",
                "contract_type": "CDI",
                "start_date": date(2026, 9, 1),
                "is_training_internship": True,
            },
            "contract_type",
            "Le stage de la formation doit avoir le type « Stage »",
        ),
        (
            {"employer_name": "X", "contract_type": "CDD", "start_date": date(2026, 9, 1)},
            "contract_type",
            "type de contrat",
        ),
    ],
)
def test_a_placement_is_checked_before_it_is_recorded(graduate, officer, fields, field, message):
    with pytest.raises(ApplicationError) as caught:
        services.placement_record(graduate=graduate, by=officer, **fields)
    assert caught.value.extra == {"field": field}
    assert message in caught.value.message


def test_employers_and_other_graduates_cannot_record_a_placement(graduate, other_graduate, employer_user):
    for user in (employer_user, other_graduate.user):
        with pytest.raises(ApplicationError) as caught:
            services.placement_record(
                graduate=graduate,
                by=user,
                employer_name="X",
                contract_type="CDI",
                start_date=date(2026, 9, 1),
            )
        assert caught.value.status_code == 403


def test_a_stage_hired_ahead_of_the_internship_is_the_training_internship_and_the_job_search_goes_on(
    graduate, employer, employer_user, other_offer
):
    """Hired a month before the internship window: the placement starts with the internship, counts as
    the training's internship, and the graduate's CDI candidacy stays open."""
    cohort = graduate.cohort
    today = timezone.localdate()
    cohort.internship_start, cohort.internship_end = today + timedelta(days=25), today + timedelta(days=85)
    cohort.training_end = today + timedelta(days=20)
    cohort.save()
    stage = OfferFactory(
        employer=employer, published=True, contract_type="STAGE", contract_months=2, title="Stage web"
    )
    hired = ApplicationFactory(graduate=graduate, offer=stage, state=Application.State.OFFER)
    job = ApplicationFactory(graduate=graduate, offer=other_offer, state=Application.State.APPLIED)

    services.application_transition(application=hired, transition="hire", by=employer_user)

    placement = Placement.objects.get(application=hired)
    assert placement.is_training_internship and placement.start_date == cohort.internship_start
    job.refresh_from_db()
    assert job.state == Application.State.APPLIED
