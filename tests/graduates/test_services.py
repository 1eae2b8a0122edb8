from datetime import date

import pytest
from django.core import mail

from backend.accounts.models import Invitation
from backend.accounts.services import invitation_accept
from backend.core import events
from backend.core.exceptions import ApplicationError
from backend.core.models import AuditLog
from graduates import services
from graduates.models import Graduate, GraduateSkill
from tests.factories.graduates import GraduateFactory

from .conftest import make_pdf, skill


@pytest.fixture
def announcements():
    """Record profile.changed announcements as matching would receive them."""
    received = []

    def handler(**payload):
        received.append(payload)

    events.subscribe("profile.changed", handler)
    yield received
    events.unsubscribe("profile.changed", handler)


def test_profile_update_stores_the_hash_and_announces_it_after_commit(
    graduate, announcements, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.graduate_profile_update(
            graduate=graduate,
            by=graduate.user,
            contract_types=["CDI", "ALTERNANCE", "CDI"],
            mobility_mode=Graduate.MobilityMode.BIKE_FOOT,
            mobility_radius_km=30,
            available_from=date(2026, 9, 1),
            languages=[{"name": "anglais", "level": "b1"}],
        )
    graduate.refresh_from_db()
    assert graduate.contract_types == ["CDI", "ALTERNANCE"]
    assert graduate.languages == [{"name": "Anglais", "level": "B1"}]
    assert graduate.radius_km() == 15  # on foot or by bike, 30 km is not a daily commute
    assert graduate.content_hash == graduate.compute_content_hash() != ""
    assert announcements == [{"graduate_id": graduate.pk, "content_hash": graduate.content_hash}]


def test_saving_the_same_profile_twice_announces_once(
    graduate, announcements, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.graduate_profile_update(graduate=graduate, by=graduate.user, presentation="Bonjour")
        services.graduate_profile_update(graduate=graduate, by=graduate.user, presentation="Bonjour")
    assert len(announcements) == 1


def test_another_graduate_cannot_edit_the_profile(graduate):
    other = GraduateFactory(cohort=graduate.cohort)
    with pytest.raises(ApplicationError) as exc:
        services.graduate_profile_update(graduate=graduate, by=other.user, presentation="piraté")
    assert exc.value.status_code == 403


def test_unknown_contract_type_is_refused(graduate):
    with pytest.raises(ApplicationError, match="Type de contrat inconnu"):
        services.graduate_profile_update(
            graduate=graduate, by=graduate.user, contract_types=["CDI", "PIGISTE"]
        )


def test_disclosing_a_disability_needs_a_recorded_recognition(graduate):
    with pytest.raises(ApplicationError, match="Aucune reconnaissance"):
        services.graduate_profile_update(graduate=graduate, by=graduate.user, disability_disclosed=True)


def test_visibility_is_off_by_default_and_consent_is_recorded_with_time(graduate):
    assert graduate.visible_to_employers is False and graduate.visibility_changed_at is None
    services.graduate_visibility_set(graduate=graduate, by=graduate.user, visible=True)
    graduate.refresh_from_db()
    assert graduate.visible_to_employers is True
    assert graduate.visibility_changed_at is not None
    log = AuditLog.objects.get(action="graduate.visibility_granted")
    assert (log.actor, log.target_id) == (graduate.user, str(graduate.pk))
    assert log.data["at"] == graduate.visibility_changed_at.isoformat()


def test_an_officer_cannot_give_consent_for_a_graduate(graduate, officer):
    with pytest.raises(ApplicationError):
        services.graduate_visibility_set(graduate=graduate, by=officer, visible=True)
    graduate.refresh_from_db()
    assert graduate.visible_to_employers is False


def test_cv_upload_stores_file_text_and_hash_and_announces(
    graduate, announcements, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        services.graduate_cv_upload(
            graduate=graduate, by=graduate.user, file=make_pdf("React Symfony Git"), filename="Mon CV.pdf"
        )
    graduate.refresh_from_db()
    assert graduate.cv_filename == "Mon_CV.pdf"
    assert "React Symfony Git" in graduate.cv_text
    assert graduate.cv_file.name.startswith("cv/")
    assert (tmp_path / graduate.cv_file.name).read_bytes().startswith(b"%PDF-")
    assert announcements[-1] == {"graduate_id": graduate.pk, "content_hash": graduate.content_hash}


def test_a_refused_cv_leaves_the_profile_untouched(graduate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ApplicationError):
        services.graduate_cv_upload(
            graduate=graduate, by=graduate.user, file=b"GIF89a....", filename="cv.pdf"
        )
    graduate.refresh_from_db()
    assert (graduate.cv_file.name, graduate.cv_text) == ("", "")
    assert list(tmp_path.iterdir()) == []


EXTRACTED = [
    {"uid": "tremplin:react", "evidence": "React", "start": 10, "end": 15},
    {"uid": "tremplin:git", "evidence": "Git", "start": 20, "end": 23},
    {"uid": "tremplin:docker", "evidence": "Docker", "start": 30, "end": 36},
    {"uid": "inconnu:xyz", "evidence": "xyz", "start": 40, "end": 43},
]


def _with_hash(graduate):
    graduate.content_hash = graduate.compute_content_hash()
    graduate.save()
    return graduate.content_hash


def test_extracted_skills_become_proposals_once_and_never_overwrite_the_graduates_choices(graduate):
    services.graduate_skill_declare(
        graduate=graduate, by=graduate.user, skill=skill("tremplin:react"), level=4
    )
    GraduateSkill.objects.create(
        graduate=graduate, skill=skill("tremplin:git"), source="extracted", status="dismissed"
    )
    content_hash = _with_hash(graduate)

    created = services.graduate_skills_apply_extracted(
        graduate_id=graduate.pk, content_hash=content_hash, skills=EXTRACTED
    )
    again = services.graduate_skills_apply_extracted(
        graduate_id=graduate.pk, content_hash=content_hash, skills=EXTRACTED
    )

    assert (created, again) == (1, 0)
    rows = {
        r.skill.uid: (r.source, r.status, r.level, r.evidence)
        for r in graduate.skills.select_related("skill")
    }
    assert rows == {
        "tremplin:react": ("declared", "accepted", 4, ""),
        "tremplin:git": ("extracted", "dismissed", None, ""),
        "tremplin:docker": ("extracted", "proposed", None, "Docker"),
    }
    graduate.refresh_from_db()
    assert graduate.analysed_hash == content_hash


def test_extracted_skills_for_a_stale_hash_are_ignored(graduate):
    _with_hash(graduate)
    assert (
        services.graduate_skills_apply_extracted(
            graduate_id=graduate.pk, content_hash="0" * 64, skills=EXTRACTED
        )
        == 0
    )
    assert graduate.skills.count() == 0


def test_accepting_a_proposal_keeps_it_with_a_level_and_dismissing_hides_it(graduate):
    content_hash = _with_hash(graduate)
    services.graduate_skills_apply_extracted(
        graduate_id=graduate.pk, content_hash=content_hash, skills=EXTRACTED
    )
    react = graduate.skills.get(skill__uid="tremplin:react")
    docker = graduate.skills.get(skill__uid="tremplin:docker")
    services.graduate_skill_review(graduate_skill=react, by=graduate.user, accept=True, level=3)
    services.graduate_skill_review(graduate_skill=docker, by=graduate.user, accept=False)
    assert graduate.skills.get(pk=react.pk).status == "accepted"
    assert graduate.skills.get(pk=react.pk).level == 3
    assert graduate.skills.get(pk=docker.pk).status == "dismissed"


def test_only_officers_confirm_skills_and_confirmation_is_logged(graduate, officer):
    row = services.graduate_skill_declare(
        graduate=graduate, by=graduate.user, skill=skill("tremplin:react"), level=2
    )
    with pytest.raises(ApplicationError):
        services.graduate_skill_confirm(graduate_skill=row, by=graduate.user)
    row = services.graduate_skill_confirm(graduate_skill=row, by=officer)
    assert row.is_confirmed and row.confirmed_by == officer
    assert AuditLog.objects.filter(action="graduate.skill_confirmed", target_id=str(graduate.pk)).count() == 1


def test_a_trainer_can_confirm_a_skill_the_graduate_had_not_listed(graduate, officer):
    row = services.graduate_skill_confirm_new(
        graduate=graduate, by=officer, skill=skill("tremplin:knx"), level=3
    )
    assert (row.status, row.level, row.is_confirmed) == ("accepted", 3, True)


def test_level_outside_one_to_four_is_refused(graduate):
    with pytest.raises(ApplicationError, match="1"):
        services.graduate_skill_declare(
            graduate=graduate, by=graduate.user, skill=skill("tremplin:react"), level=5
        )


def test_accepting_the_graduate_invitation_attaches_the_new_account(cohort, officer):
    graduate = Graduate.objects.create(
        cohort=cohort, first_name="Léa", last_name="Martin", email="lea@example.fr"
    )
    invitation = services.graduate_invite(graduate=graduate, by=officer)
    assert invitation.kind == Invitation.Kind.GRADUATE
    user = invitation_accept(
        token=invitation.raw_token,
        first_name="Léa",
        last_name="Martin-Roux",
        password="un-mot-de-passe-long-42",
    )
    graduate.refresh_from_db()
    assert graduate.user == user
    assert graduate.last_name == "Martin-Roux"
    assert user.role == "graduate"


def test_cohort_invitation_skips_those_with_an_account_or_a_pending_invitation(cohort, officer, graduate):
    Graduate.objects.create(cohort=cohort, first_name="A", last_name="A", email="a@example.fr")
    Graduate.objects.create(cohort=cohort, first_name="B", last_name="B", email="b@example.fr")
    first = services.cohort_invite_pending(cohort=cohort, by=officer)
    second = services.cohort_invite_pending(cohort=cohort, by=officer)
    assert sorted(i.email for i in first) == ["a@example.fr", "b@example.fr"]
    assert second == []


def test_cohort_invitation_sends_the_emails_on_commit(cohort, officer, django_capture_on_commit_callbacks):
    Graduate.objects.create(cohort=cohort, first_name="A", last_name="A", email="a@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.cohort_invite_pending(cohort=cohort, by=officer)
    assert [m.to for m in mail.outbox] == [["a@example.fr"]]
    assert "/comptes/invitation/" in mail.outbox[0].body


def test_cohort_dates_must_be_in_order(officer):
    with pytest.raises(ApplicationError):
        services.cohort_create(
            by=officer,
            name="X",
            track="web_mobile",
            training_start=date(2026, 5, 1),
            training_end=date(2026, 1, 1),
        )


def test_export_contains_everything_held_and_who_viewed_the_profile(visible_graduate, employer_user):
    services.graduate_view_record(graduate=visible_graduate, by=employer_user, channel="web")
    data = services.graduate_export(graduate=visible_graduate, by=visible_graduate.user)
    assert data["account"]["email"] == "kylian@example.fr"
    assert data["entry_characteristics"]["birth_date"] == "2003-03-14"
    assert data["entry_characteristics"]["disability_recognised"] is True
    assert data["visibility"]["visible_to_employers"] is True
    assert {s["uid"]: s["status"] for s in data["skills"]} == {
        "tremplin:react": "accepted",
        "tremplin:docker": "proposed",
    }
    assert [(v["by_role"], v["channel"]) for v in data["profile_views"]] == [("employer", "web")]
    assert AuditLog.objects.filter(action="graduate.exported").count() == 1


def test_anonymising_keeps_the_statistics_and_drops_the_person(visible_graduate, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.graduate_anonymise(graduate=visible_graduate, by=officer)
    g = Graduate.objects.get(pk=visible_graduate.pk)
    assert (g.first_name, g.last_name, g.user, g.presentation, g.visible_to_employers) == (
        "Anonyme",
        "",
        None,
        "",
        False,
    )
    assert "kylian" not in g.email
    assert (g.cohort_id, g.gender, g.entry_situation, g.qpv_resident, str(g.birth_date)) == (
        visible_graduate.cohort_id,
        "F",
        "neet",
        True,
        # Born 14/03/2003, 23 at the end of training (30/04/2026): kept as the date giving that age only.
        "2003-04-30",
    )
    assert g.skills.count() == 0


def test_cv_is_stored_under_an_unguessable_name(graduate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.graduate_cv_upload(graduate=graduate, by=graduate.user, file=make_pdf(), filename="cv.pdf")
    graduate.refresh_from_db()
    stem = graduate.cv_file.name.rsplit("/", 1)[-1]
    assert str(graduate.pk) not in stem.split(".")[0][:3] and len(stem) >= 24


def test_an_officer_may_help_fill_a_profile_but_not_disclose_a_disability(visible_graduate, officer):
    services.graduate_profile_update(graduate=visible_graduate, by=officer, driving_licence=True)
    with pytest.raises(ApplicationError):
        services.graduate_profile_update(graduate=visible_graduate, by=officer, disability_disclosed=True)
    visible_graduate.refresh_from_db()
    assert (visible_graduate.driving_licence, visible_graduate.disability_disclosed) == (True, False)
