"""At the end of the internship: the tutor's evaluation (confirmed skills go to the profile as « confirmée
en stage ») and the trainee's report; each by its own party, once, after the internship has begun."""

from datetime import date

import pytest
from django.urls import reverse

from backend.core.exceptions import ApplicationError, ConflictError
from backend.taxonomy.models import Skill
from employers.models import OfferSkill
from graduates.models import GraduateSkill
from internships import services
from internships.models import EvaluatedSkill, TraineeReport, TutorEvaluation

from .conftest import fill, sign_all

pytestmark = pytest.mark.django_db


def skill(uid: str) -> Skill:
    return Skill.objects.get(uid=uid)


@pytest.fixture
def started(agreement, employer_user, trainee, officer, internship_offer):
    OfferSkill.objects.create(offer=internship_offer, skill=skill("tremplin:symfony"))
    GraduateSkill.objects.create(
        graduate=trainee, skill=skill("tremplin:git"), source="declared", status="accepted", level=2
    )
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    return services.agreement_start(agreement=agreement, by=officer, today=date(2026, 5, 4))


def test_the_tutor_is_asked_about_the_offers_and_the_profiles_skills(started):
    assert {s.uid for s in services.evaluation_skills(started)} == {"tremplin:symfony", "tremplin:git"}


def test_confirmed_skills_reach_the_profile_as_confirmed_in_internship(
    started, employer_user, trainee, client_for
):
    symfony, git = skill("tremplin:symfony"), skill("tremplin:git")
    services.evaluation_submit(
        agreement=started,
        by=employer_user,
        attendance="Toujours à l'heure.",
        comments="Très bon stage.",
        would_hire=True,
        levels={symfony: EvaluatedSkill.Level.CONFIRMED, git: EvaluatedSkill.Level.IN_PROGRESS},
    )
    rows = {row.skill.uid: row for row in GraduateSkill.objects.filter(graduate=trainee)}
    # Symfony was not on her profile: added, accepted, confirmed in internship; Git stays as it was
    assert (
        rows["tremplin:symfony"].status == "accepted" and rows["tremplin:symfony"].is_confirmed_in_internship
    )
    assert not rows["tremplin:git"].is_confirmed_in_internship
    page = client_for(trainee.user).get(reverse("graduates:profile")).content.decode()
    assert "confirmée en stage" in page
    with pytest.raises(ConflictError, match="déjà envoyée"):
        services.evaluation_submit(
            agreement=started, by=employer_user, attendance="a", comments="b", would_hire=False, levels={}
        )


def test_only_the_host_evaluates_and_only_once_the_internship_began(
    agreement, started, trainee, officer, employer_user
):
    for user in (trainee.user, officer):
        with pytest.raises(ApplicationError) as refused:
            services.evaluation_submit(
                agreement=started, by=user, attendance="a", comments="b", would_hire=False, levels={}
            )
        assert refused.value.status_code == 403
    assert not TutorEvaluation.objects.exists()


def test_no_evaluation_nor_report_before_the_start(agreement, employer_user, trainee):
    with pytest.raises(ConflictError, match="une fois le stage commencé"):
        services.evaluation_submit(
            agreement=agreement, by=employer_user, attendance="a", comments="b", would_hire=False, levels={}
        )
    with pytest.raises(ConflictError, match="une fois le stage commencé"):
        services.report_submit(agreement=agreement, by=trainee.user, missions="a", learned="b")


def test_a_skill_outside_the_offer_and_the_profile_is_refused(started, employer_user):
    with pytest.raises(ApplicationError, match="ni celle de l'offre"):
        services.evaluation_submit(
            agreement=started,
            by=employer_user,
            attendance="a",
            comments="b",
            would_hire=False,
            levels={skill("tremplin:docker"): EvaluatedSkill.Level.CONFIRMED},
        )
    assert not GraduateSkill.objects.filter(skill__uid="tremplin:docker").exists()


def test_the_trainee_writes_her_report_once_and_only_she(started, trainee, employer_user):
    with pytest.raises(ApplicationError) as refused:
        services.report_submit(agreement=started, by=employer_user, missions="a", learned="b")
    assert refused.value.status_code == 403
    services.report_submit(
        agreement=started, by=trainee.user, missions="Les écrans de rendez-vous.", learned="Symfony."
    )
    with pytest.raises(ConflictError, match="déjà envoyé"):
        services.report_submit(agreement=started, by=trainee.user, missions="a", learned="b")
    assert TraineeReport.objects.get().missions == "Les écrans de rendez-vous."


def test_the_evaluation_and_report_pages_belong_to_their_party(
    started, employer_user, trainee, officer, other_employer_user, client_for
):
    evaluation = reverse("internships:evaluation", args=[started.pk])
    report = reverse("internships:report", args=[started.pk])
    assert client_for(employer_user).get(evaluation).status_code == 200
    assert client_for(trainee.user).get(evaluation).status_code == 403
    assert client_for(officer).get(evaluation).status_code == 403
    assert client_for(other_employer_user).get(evaluation).status_code == 404
    assert client_for(trainee.user).get(report).status_code == 200
    assert client_for(employer_user).get(report).status_code == 403
    symfony = skill("tremplin:symfony")
    response = client_for(employer_user).post(
        evaluation,
        {
            "attendance": "Ponctuelle.",
            "comments": "Autonome vite.",
            f"skill_{symfony.pk}": "confirmed",
            f"skill_{skill('tremplin:git').pk}": "not_observed",
        },
    )
    assert response.status_code == 302
    response = client_for(trainee.user).post(
        report, {"missions": "Écrans.", "learned": "Tests.", "next_steps": ""}
    )
    assert response.status_code == 302
    page = client_for(officer).get(reverse("internships:detail", args=[started.pk])).content.decode()
    assert "Symfony : Confirmée" in page and "Écrans." in page and "Autonome vite." in page
