"""Public pages: anyone can search published offers and read one."""

from django.http import Http404
from django.shortcuts import render

from backend.taxonomy.models import Skill

from ..forms import OfferSearchForm
from ..models import OfferSkill
from ..selectors import (
    OfferSearch,
    offer_get_ended,
    offer_get_public,
    offer_search_public,
    offers_similar_open,
)
from ._common import paginate


def offer_list(request):
    form = OfferSearchForm(request.GET or None)
    # A mistake in one filter (an unknown commune) is shown, and the other filters still apply.
    d = {}
    if form.is_bound:
        form.is_valid()
        d = form.cleaned_data
    near = d.get("near_obj")
    search = OfferSearch(
        q=d.get("q") or "",
        contract_types=tuple(d.get("contract") or ()),
        remote=tuple(d.get("remote") or ()),
        skill_ids=tuple(s["id"] for s in form.chosen_skills),
        near=near,
        radius_km=(d.get("radius") or 20) if near else None,
        sort=d.get("sort") or "relevance",
    )
    page = paginate(request, offer_search_public(search=search))
    for offer in page.object_list:
        # Technical skills only (soft skills are on the offer's page), required first, then the plus.
        offer.skills_sorted = sorted(
            (s for s in offer.offer_skills.all() if s.skill.kind != Skill.Kind.SOFT_SKILL),
            key=lambda s: s.level != OfferSkill.Level.REQUIRED,
        )[:8]
    return render(
        request,
        "offers/list.html",
        {
            "form": form,
            "page": page,
            "search": search,
            "has_filters": bool(
                search.q or search.contract_types or search.remote or search.skill_ids or search.near
            ),
        },
    )


def offer_detail(request, pk: int):
    try:
        offer = offer_get_public(offer_id=pk)
    except Http404:
        ended = offer_get_ended(offer_id=pk)
        if ended is None:
            raise
        return render(
            request,
            "offers/ended.html",
            {"offer": ended, "similar": offers_similar_open(offer=ended)},
        )
    skills = list(offer.offer_skills.all())
    technical = [s for s in skills if s.skill.kind != Skill.Kind.SOFT_SKILL]
    return render(
        request,
        "offers/detail.html",
        {
            "offer": offer,
            "required_skills": [s for s in technical if s.level == OfferSkill.Level.REQUIRED],
            "nice_skills": [s for s in technical if s.level == OfferSkill.Level.NICE],
            # Soft skills apart, under their own heading: qualities, not things to learn.
            "soft_skills": [s for s in skills if s.skill.kind == Skill.Kind.SOFT_SKILL],
            "is_owner": (
                request.user.is_authenticated
                and request.user.is_employer
                and offer.employer_id is not None
                and offer.employer.contacts.filter(user=request.user).exists()
            ),
        },
    )
