"""Employers browse the profiles graduates chose to show; each view of a profile is logged."""

from django.shortcuts import render

from .. import privacy, selectors, services
from ..forms import GraduateSearchForm
from ._common import approved_employer_required, paginate


@approved_employer_required
def graduate_list(request):
    form = GraduateSearchForm(request.GET or None)
    search = form.cleaned_data if form.is_bound and form.is_valid() else {}
    graduates = selectors.graduate_search_for_employer(
        user=request.user,
        skill_ids=search.get("skill_ids", []),
        track=search.get("track", ""),
        available_only=bool(search.get("available")),
        near=search.get("near_obj"),
        radius_km=search.get("radius") or 30,
    )
    page = paginate(request, graduates)
    # A list shows the profiles too: each card read is logged as the single view is.
    privacy.graduates_view_record(graduates=page.object_list, by=request.user, channel="web-list")
    return render(
        request,
        "graduates/employer_list.html",
        {"page": page, "form": form, "near": search.get("near_obj"), "radius": search.get("radius") or 30},
    )


@approved_employer_required
def graduate_detail(request, pk: int):
    graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
    services.graduate_view_record(graduate=graduate, by=request.user, channel="web")
    return render(
        request,
        "graduates/employer_detail.html",
        {"graduate": graduate, "skills": selectors.visible_skills(graduate)},
    )
