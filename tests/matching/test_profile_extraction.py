"""A graduate's CV is read in the background: its skills come back as proposals to accept."""

import io

import pytest
from django.core.management import call_command

from graduates.models import Graduate, GraduateSkill
from graduates.services import graduate_cv_upload
from matching import services
from matching.tasks import extract_profile
from tests.factories.graduates import GraduateFactory
from tests.graduates.conftest import make_docx


@pytest.fixture
def uploaded(db, django_capture_on_commit_callbacks):
    graduate = GraduateFactory()
    cv = make_docx("Technicienne domotique : installation KNX et Home Assistant, permis B, anglais courant.")
    with django_capture_on_commit_callbacks(execute=True):
        graduate_cv_upload(graduate=graduate, by=graduate.user, file=io.BytesIO(cv), filename="cv.docx")
    graduate.refresh_from_db()
    return graduate


def proposals(profile: Graduate) -> dict[str, tuple[str, str]]:
    return {row.skill.uid: (row.source, row.status) for row in profile.skills.select_related("skill")}


def test_uploading_a_cv_proposes_the_skills_it_shows(uploaded):
    found = proposals(uploaded)

    assert found["tremplin:knx"] == ("extracted", "proposed")
    assert found["tremplin:home-assistant"] == ("extracted", "proposed")
    knx = uploaded.skills.get(skill__uid="tremplin:knx")
    assert "KNX" in knx.evidence
    assert uploaded.analysed_hash == uploaded.content_hash


def test_analysing_the_same_profile_twice_adds_nothing(uploaded):
    count = GraduateSkill.objects.filter(graduate=uploaded).count()

    assert extract_profile(graduate_id=uploaded.pk, content_hash=uploaded.content_hash) == 0
    assert services.graduate_analyse(graduate_id=uploaded.pk, content_hash="an-older-hash") == 0
    assert GraduateSkill.objects.filter(graduate=uploaded).count() == count


def test_a_dismissed_proposal_is_not_proposed_again(uploaded):
    row = uploaded.skills.get(skill__uid="tremplin:knx")
    row.status = GraduateSkill.Status.DISMISSED
    row.save()
    Graduate.objects.filter(pk=uploaded.pk).update(analysed_hash="")

    services.graduate_analyse(graduate_id=uploaded.pk, content_hash=uploaded.content_hash)

    assert uploaded.skills.get(skill__uid="tremplin:knx").status == GraduateSkill.Status.DISMISSED


def test_the_sweep_also_finds_profiles_to_analyse(uploaded, capsys):
    Graduate.objects.filter(pk=uploaded.pk).update(analysed_hash="")
    GraduateSkill.objects.filter(graduate=uploaded).delete()

    call_command("analyse_stale_offers")
    assert "1 profil(s) à analyser" in capsys.readouterr().out
    assert not GraduateSkill.objects.filter(graduate=uploaded).exists()

    call_command("analyse_stale_offers", "--wet-run")
    assert GraduateSkill.objects.filter(graduate=uploaded, skill__uid="tremplin:knx").exists()
