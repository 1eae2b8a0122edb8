"""Employers browse the profiles graduates chose to show; each view of a profile is logged."""

from django.shortcuts import render

from backend.taxonomy.models import Skill

from .. import privacy, selectors, services
from ..models import Cohort
from ._common import employer_required, paginate


@employer_required
def graduate_list(request):
    track = request.GET.get("track", "")
    skill = Skill.objects.filter(uid=request.GET.get("skill", "")).first()
    graduates = selectors.graduate_search_for_employer(
        user=request.user,
        skill_ids=[skill.pk] if skill else [],
        track=track if track in Cohort.Track.values else "",
        available_only=request.GET.get("available") == "1",
    )
    page = paginate(request, graduates)
    # A list shows the profiles too: each card read is logged as the single view is.
    privacy.graduates_view_record(graduates=page.object_list, by=request.user, channel="web-list")
    return render(
        request,
        "graduates/employer_list.html",
        {
            "page": page,
            "tracks": Cohort.Track.choices,
            "track": track,
            "skill": skill,
            "available": request.GET.get("available") == "1",
        },
    )


@employer_required
def graduate_detail(request, pk: int):
    graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
    services.graduate_view_record(graduate=graduate, by=request.user, channel="web")
    return render(
        request,
        "graduates/employer_detail.html",
        {"graduate": graduate, "skills": selectors.visible_skills(graduate)},
    )
