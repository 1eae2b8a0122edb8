"""Follow-ups at the end of training, +3 and +6 months: opened when due, once; pre-filled; answered by
the graduate through the e-mailed link; frozen once validated.

The cohort of the fixtures ends its internship on 30 June 2026: the checks fall due on 30 June,
30 September and 30 December 2026.
"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.tokens import token_digest
from placements import services
from placements.models import OutcomeCheck
from tests.factories.placements import OutcomeCheckFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def token_of(check_email_body: str) -> str:
    marker = "/candidatures/suivi/reponse/"
    return check_email_body.split(marker, 1)[1].split("/", 1)[0]


def test_checks_open_when_due_and_only_once(graduate, django_capture_on_commit_callbacks):
    assert services.outcome_checks_open_due(today=date(2026, 6, 29)).created == []

    with django_capture_on_commit_callbacks(execute=True):
        first = services.outcome_checks_open_due(today=date(2026, 10, 1))
    assert sorted(OutcomeCheck.objects.values_list("milestone", "due_on")) == [
        ("end", date(2026, 6, 30)),
        ("m3", date(2026, 9, 30)),
    ]
    assert len(first.created) == 2
    # One question at a time: only the latest milestone's form is e-mailed.
    assert first.forms_sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ines@example.fr"]

    with django_capture_on_commit_callbacks(execute=True):
        again = services.outcome_checks_open_due(today=date(2026, 10, 1))
    assert (again.created, again.forms_sent) == ([], 0)
    assert OutcomeCheck.objects.count() == 2
    assert len(mail.outbox) == 1

    later = services.outcome_checks_open_due(today=date(2026, 12, 30))
    assert [OutcomeCheck.objects.get(pk=pk).milestone for pk in later.created] == ["m6"]


def test_a_dry_run_lists_what_is_due_and_creates_nothing(graduate):
    report = services.outcome_checks_open_due(today=date(2026, 10, 1), wet_run=False)
    assert sorted(report.due) == [(graduate.pk, "end"), (graduate.pk, "m3")]
    assert not OutcomeCheck.objects.exists()


def test_no_form_is_sent_for_a_milestone_long_past(graduate):
    report = services.outcome_checks_open_due(today=date(2027, 3, 1))
    assert len(report.created) == 3
    assert report.forms_sent == 0
    assert not OutcomeCheck.objects.exclude(form_token_hash="").exists()


def test_checks_are_prefilled_from_confirmed_placements(graduate, employer):
    PlacementFactory(
        graduate=graduate,
        employer=employer,
        employer_name="Hauts Numériques",
        contract_type="CDI",
        start_date=date(2026, 8, 1),
    )
    PlacementFactory(  # the training's internship is not an outcome
        graduate=graduate,
        contract_type="STAGE",
        is_training_internship=True,
        start_date=date(2026, 5, 4),
        end_date=date(2026, 6, 30),
    )
    services.outcome_checks_open_due(today=date(2026, 10, 1))

    end = OutcomeCheck.objects.get(milestone="end")
    m3 = OutcomeCheck.objects.get(milestone="m3")
    assert (end.situation, end.source) == ("unknown", "")
    assert (m3.situation, m3.contract_type, m3.employer_name, m3.source) == (
        "employed",
        "CDI",
        "Hauts Numériques",
        "placements",
    )


def test_a_declared_placement_does_not_prefill_until_confirmed(graduate):
    PlacementFactory(graduate=graduate, status="declared", confirmed_at=None, start_date=date(2026, 8, 1))
    services.outcome_checks_open_due(today=date(2026, 10, 1))
    assert OutcomeCheck.objects.get(milestone="m3").situation == "unknown"


# ---------------------------------------------------------------- filled, validated, frozen


def test_the_school_fills_then_validates_and_the_check_is_frozen(graduate, officer):
    check = OutcomeCheckFactory(graduate=graduate)

    filled = services.outcome_fill(
        check=check,
        by=officer,
        situation="employed",
        contract_type="INTERIM",
        employer_name=" Adecco Lens ",
        note="Au téléphone",
    )
    assert (filled.situation, filled.contract_type, filled.employer_name, filled.source) == (
        "employed",
        "INTERIM",
        "Adecco Lens",
        "officer",
    )
    validated = services.outcome_validate(check=check, by=officer)
    assert validated.is_frozen and validated.validated_by == officer

    with pytest.raises(ConflictError, match="Ce suivi est validé : il ne peut plus être modifié."):
        services.outcome_fill(check=check, by=officer, situation="seeking")
    with pytest.raises(ConflictError, match="Ce suivi est déjà validé."):
        services.outcome_validate(check=check, by=officer)
    check.refresh_from_db()
    assert check.situation == "employed"


def test_a_check_is_validated_only_once_due(graduate, officer):
    check = OutcomeCheckFactory(graduate=graduate, due_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ApplicationError, match="Ce suivi n'est pas encore échu"):
        services.outcome_validate(check=check, by=officer)


def test_without_news_the_school_validates_an_unknown_situation(graduate, officer):
    check = services.outcome_validate(check=OutcomeCheckFactory(graduate=graduate), by=officer)
    assert (check.situation, check.source) == ("unknown", "officer")


def test_being_employed_needs_a_contract_type(graduate, officer):
    with pytest.raises(ApplicationError, match="précisez le type de contrat"):
        services.outcome_fill(check=OutcomeCheckFactory(graduate=graduate), by=officer, situation="employed")


def test_only_the_school_fills_or_validates(graduate, employer_user):
    check = OutcomeCheckFactory(graduate=graduate)
    for user in (employer_user, graduate.user):
        with pytest.raises(ApplicationError):
            services.outcome_fill(check=check, by=user, situation="seeking")
        with pytest.raises(ApplicationError):
            services.outcome_validate(check=check, by=user)


# ---------------------------------------------------------------- the graduate's link


def _check_with_token(graduate, **fields):
    check = OutcomeCheckFactory(graduate=graduate, **fields)
    token = check.new_form_token()
    check.save()
    return check, token


def test_only_the_hash_of_the_token_is_stored(graduate):
    check, token = _check_with_token(graduate)
    assert check.form_token_hash == token_digest(token) != token


def test_the_graduate_answers_with_the_link(graduate):
    check, token = _check_with_token(graduate)
    answered = services.outcome_answer(token=token, situation="creation", employer_name="Ma micro-entreprise")
    assert (answered.situation, answered.contract_type, answered.source) == (
        "creation",
        "CREATION",
        "graduate",
    )
    assert answered.responded_at is not None
    # Until the school validates, the same link corrects the answer.
    services.outcome_answer(token=token, situation="training")
    check.refresh_from_db()
    assert (check.situation, check.contract_type) == ("training", "")


def test_an_expired_link_is_refused(graduate):
    check, token = _check_with_token(graduate)
    OutcomeCheck.objects.filter(pk=check.pk).update(form_sent_at=timezone.now() - timedelta(days=46))
    with pytest.raises(ApplicationError, match="Ce lien n'est plus valable") as caught:
        services.outcome_answer(token=token, situation="seeking")
    assert caught.value.status_code == 404


def test_a_link_used_again_after_validation_is_refused(graduate, officer):
    check, token = _check_with_token(graduate)
    services.outcome_answer(token=token, situation="seeking")
    services.outcome_validate(check=check, by=officer)
    with pytest.raises(ApplicationError, match="Ce lien n'est plus valable"):
        services.outcome_answer(token=token, situation="employed", contract_type="CDI")
    check.refresh_from_db()
    assert check.situation == "seeking"


def test_resending_the_form_makes_the_previous_link_stop_working(
    graduate, officer, django_capture_on_commit_callbacks
):
    check, old_token = _check_with_token(graduate)
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_form_send(check=check, by=officer)
    new_token = token_of(mail.outbox[-1].body)
    assert new_token != old_token
    assert services.outcome_check_for_token(old_token) is None
    assert services.outcome_check_for_token(new_token) == check


# ---------------------------------------------------------------- pages


def test_the_form_works_without_signing_in(client, graduate):
    check, token = _check_with_token(graduate)
    url = reverse("placements:outcome_form", args=[token])

    page = client.get(url)
    assert page.status_code == 200
    assert "Bonjour Inès, où en êtes-vous ?" in page.content.decode()
    assert 'type="radio"' in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")

    missing = client.post(url, {"situation": "employed"})
    assert missing.status_code == 400
    assert "Choisissez le type de contrat." in missing.content.decode()

    done = client.post(
        url, {"situation": "employed", "contract_type": "APPRENTISSAGE", "employer_name": "Orange"}
    )
    assert done.status_code == 200
    assert "Merci !" in done.content.decode()
    check.refresh_from_db()
    assert (check.situation, check.contract_type, check.employer_name) == (
        "employed",
        "APPRENTISSAGE",
        "Orange",
    )


@pytest.mark.parametrize("case", ["unknown", "expired", "validated"])
def test_a_dead_link_shows_a_kind_404(client, graduate, officer, case):
    check, token = _check_with_token(graduate)
    if case == "unknown":
        token = "pas-un-vrai-jeton"
    elif case == "expired":
        OutcomeCheck.objects.filter(pk=check.pk).update(form_sent_at=timezone.now() - timedelta(days=50))
    else:
        services.outcome_validate(check=check, by=officer)

    for response in (
        client.get(reverse("placements:outcome_form", args=[token])),
        client.post(reverse("placements:outcome_form", args=[token]), {"situation": "seeking"}),
    ):
        assert response.status_code == 404
        assert "Ce lien n'est plus valable" in response.content.decode()
    check.refresh_from_db()
    assert check.situation == "unknown"


def test_the_school_edits_a_check_then_it_is_frozen_on_the_page(client_for, graduate, officer):
    check = OutcomeCheckFactory(graduate=graduate)
    client = client_for(officer)
    url = reverse("placements:outcome_edit", args=[check.pk])

    assert 'name="situation"' in client.get(url).content.decode()
    response = client.post(url, {"situation": "seeking", "note": "Relancée", "action": "validate"})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.is_frozen and check.situation == "seeking"

    page = client.get(url).content.decode()
    assert 'name="situation"' not in page
    assert "ce suivi ne peut plus être modifié" in page
    refused = client.post(
        url, {"situation": "employed", "contract_type": "CDI", "action": "save"}, follow=True
    )
    assert "Ce suivi est validé : il ne peut plus être modifié." in refused.content.decode()
    check.refresh_from_db()
    assert check.situation == "seeking"


def test_the_outcomes_page_lists_checks_by_cohort_milestone_and_progress(
    client_for, graduate, other_graduate, officer
):
    OutcomeCheckFactory(graduate=graduate, milestone="m3")
    done = OutcomeCheckFactory(graduate=other_graduate, milestone="m3", situation="seeking", source="officer")
    services.outcome_validate(check=done, by=officer)
    client = client_for(officer)

    page = client.get(reverse("placements:outcomes"))
    assert page.status_code == 200
    assert (page.context["counts"]["to_fill"], page.context["counts"]["validated"]) == (1, 1)

    validated = client.get(reverse("placements:outcomes"), {"stage": "validated", "milestone": "m3"})
    names = [c.graduate.full_name for c in validated.context["page"].object_list]
    assert names == ["Kylian Nowak"]


def test_the_school_opens_due_checks_from_the_page(client_for, officer):
    from tests.factories.graduates import CohortFactory, GraduateFactory

    today = timezone.localdate()
    cohort = CohortFactory(
        training_start=today - timedelta(days=250),
        training_end=today - timedelta(days=160),
        internship_start=today - timedelta(days=150),
        internship_end=today - timedelta(days=100),
    )
    graduate = GraduateFactory(cohort=cohort)

    response = client_for(officer).post(reverse("placements:outcomes"), {"action": "open_due"}, follow=True)

    assert "2 suivi(s) ouvert(s)" in response.content.decode()  # end of training and +3 months, not +6
    assert sorted(graduate.outcome_checks.values_list("milestone", flat=True)) == ["end", "m3"]


def test_validating_a_graduate_answer_from_the_page_keeps_it_theirs(client_for, graduate, officer):
    check, token = _check_with_token(graduate)
    services.outcome_answer(token=token, situation="employed", contract_type="CDI", employer_name="Mairie")
    client = client_for(officer)
    url = reverse("placements:outcome_edit", args=[check.pk])
    page = client.get(url).content.decode()
    seen_at = page.split('name="seen_at" value="')[1].split('"')[0]

    client.post(
        url,
        {"situation": "employed", "contract_type": "CDI", "employer_name": "Mairie", "note": "",
         "seen_at": seen_at, "action": "validate"},
    )  # fmt: skip

    check.refresh_from_db()
    assert check.is_frozen and check.source == OutcomeCheck.Source.GRADUATE


def test_an_answer_arriving_after_the_page_was_drawn_is_not_overwritten_unread(client_for, graduate, officer):
    check, token = _check_with_token(graduate)
    client = client_for(officer)
    url = reverse("placements:outcome_edit", args=[check.pk])
    page = client.get(url).content.decode()
    seen_at = page.split('name="seen_at" value="')[1].split('"')[0]
    services.outcome_answer(token=token, situation="training")  # meanwhile, the graduate answers

    response = client.post(
        url,
        {"situation": "seeking", "contract_type": "", "employer_name": "", "note": "", "seen_at": seen_at,
         "action": "validate"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "vient de répondre" in response.content.decode()
    check.refresh_from_db()
    assert (check.situation, check.source, check.is_frozen) == ("training", "graduate", False)
