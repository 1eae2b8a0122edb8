"""The trainer's side: the cohorts it teaches, each graduate's skills, confirming what it saw in training.

Never the entry characteristics (birth date, gender, diploma, situation, QPV, disability): the selectors
do not load them and these pages do not show them.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.core.guards import login_then

from .. import selectors, services
from ..forms import chosen_skills
from ..models import GraduateSkill

trainer_required = login_then(
    lambda user: user.is_trainer, gettext_lazy("Cette page est réservée aux formateur·rices de l'école.")
)


@trainer_required
def cohort_list(request):
    return render(
        request,
        "graduates/trainer_cohorts.html",
        {"cohorts": selectors.cohort_list_for_trainer(user=request.user)},
    )


@trainer_required
def cohort_detail(request, pk: int):
    cohort = selectors.cohort_get_for_trainer(user=request.user, cohort_id=pk)
    rows = []
    for graduate in selectors.graduate_list_for_trainer(user=request.user, cohort=cohort):
        skills = list(graduate.skills.all())
        rows.append(
            {
                "graduate": graduate,
                "accepted": sum(s.status == GraduateSkill.Status.ACCEPTED for s in skills),
                "confirmed": sum(s.confirmed_at is not None for s in skills),
            }
        )
    return render(request, "graduates/trainer_cohort.html", {"cohort": cohort, "rows": rows})


@trainer_required
def graduate_detail(request, pk: int):
    graduate = selectors.graduate_get_for_trainer(user=request.user, graduate_id=pk)
    services.graduate_view_record(graduate=graduate, by=request.user, channel="trainer")
    return render(
        request,
        "graduates/trainer_graduate.html",
        {
            "graduate": graduate,
            "skills": [s for s in graduate.skills.all() if s.status != GraduateSkill.Status.DISMISSED],
            "levels": GraduateSkill.Level.choices,
        },
    )


@require_POST
@trainer_required
def skill_confirm(request, pk: int):
    graduate = selectors.graduate_get_for_trainer(user=request.user, graduate_id=pk)
    try:
        row_id = request.POST.get("graduate_skill", "")
        if row_id.isdigit():
            row = graduate.skills.filter(pk=int(row_id)).first()
            if row is not None:
                confirmed = request.POST.get("confirmed", "1") == "1"
                services.graduate_skill_confirm(graduate_skill=row, by=request.user, confirmed=confirmed)
                messages.success(request, _("Compétence mise à jour."))
        else:
            for skill, level in chosen_skills(request.POST):
                services.graduate_skill_confirm_new(
                    graduate=graduate, by=request.user, skill=skill, level=level
                )
                messages.success(request, _("« %(s)s » confirmée.") % {"s": skill.label_fr})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("graduates:trainer_graduate", pk=graduate.pk)
