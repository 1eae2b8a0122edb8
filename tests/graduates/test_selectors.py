from django.utils import timezone

from graduates import selectors, services
from graduates.models import Graduate
from tests.factories.graduates import GraduateFactory


def test_profiles_to_analyse_are_those_whose_hash_moved(graduate, cohort):
    services.graduate_profile_update(graduate=graduate, by=graduate.user, presentation="Développeuse web")
    analysed = GraduateFactory(cohort=cohort)
    Graduate.objects.filter(pk=analysed.pk).update(content_hash="a" * 64, analysed_hash="a" * 64)
    graduate.refresh_from_db()
    assert [(g.pk, g.content_hash) for g in selectors.graduate_list_to_analyse()] == [
        (graduate.pk, graduate.content_hash)
    ]
    services.graduate_skills_apply_extracted(
        graduate_id=graduate.pk, content_hash=graduate.content_hash, skills=[]
    )
    assert list(selectors.graduate_list_to_analyse()) == []


def test_an_inactive_account_is_hidden_from_employers_even_if_visible(employer_user, visible_graduate):
    assert list(selectors.graduate_list_for_user(user=employer_user)) == [visible_graduate]
    visible_graduate.user.is_active = False
    visible_graduate.user.save()
    assert list(selectors.graduate_list_for_user(user=employer_user)) == []


def test_an_employer_account_without_organisation_sees_nobody(visible_graduate):
    from tests.factories import UserFactory

    lone = UserFactory(role="employer")
    assert list(selectors.graduate_list_for_user(user=lone)) == []


def test_cohort_board_rows_say_who_is_available_and_how_complete(cohort, graduate, visible_graduate):
    Graduate.objects.filter(pk=graduate.pk).update(available_from=timezone.localdate())
    rows = {r["graduate"].pk: r for r in selectors.cohort_board(cohort=cohort)}
    assert rows[graduate.pk]["available"] is True
    assert rows[visible_graduate.pk]["available"] is False
    # Kylian: commune, contracts and presentation of the 8 items; 1 accepted skill is not 3.
    assert rows[visible_graduate.pk]["completeness"] == 38
    assert rows[visible_graduate.pk]["skills_proposed"] == 1
    assert "cv" in rows[visible_graduate.pk]["missing"]
