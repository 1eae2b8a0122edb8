"""Matching pages: "Offres pour vous", an offer's shortlist, the cohort view and the ranker's health."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.core.guards import forbidden, login_then, officer_required
from graduates.models import Graduate
from graduates.selectors import graduate_for_user

from .. import selectors, services
from ..models import MatchJudgement, SuggestionFeedback

SUGGESTIONS_SHOWN = 20


def _graduate_or_response(request):
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    graduate = graduate_for_user(user=request.user)
    if graduate is None:
        return None, forbidden(request, _("Cette page est réservée aux diplômé·es de l'école."))
    return graduate, None


def graduate_suggestions(request):
    graduate, response = _graduate_or_response(request)
    if response is not None:
        return response
    suggestions = selectors.suggestions_for_graduate(graduate=graduate, limit=SUGGESTIONS_SHOWN)
    if not suggestions.items and not graduate.match_scores.exists():
        # Never scored yet (a profile older than the ranker): score now; cheap at a school's scale.
        from ..tasks import score_graduate

        score_graduate.delay(graduate_id=graduate.pk)
        suggestions = selectors.suggestions_for_graduate(graduate=graduate, limit=SUGGESTIONS_SHOWN)
    return render(
        request,
        "matching/graduate_suggestions.html",
        {
            "graduate": graduate,
            "suggestions": suggestions.items,
            "shortfall": suggestions.shortfall,
            "openings": suggestions.openings.hints if suggestions.openings else [],
            "reasons": SuggestionFeedback.Reason.choices,
        },
    )


@officer_required
def officer_graduate_suggestions(request, pk: int):
    """A graduate's suggestions as the officer reads them: raw figures and one-click judgements."""
    graduate = get_object_or_404(Graduate.objects.select_related("cohort"), pk=pk)
    suggestions = selectors.suggestions_for_graduate(graduate=graduate, limit=SUGGESTIONS_SHOWN)
    grades = selectors.judgements_of(
        officer=request.user, pairs=[(s.offer_id, graduate.pk) for s in suggestions.items]
    )
    for s in suggestions.items:
        s.my_grade = grades.get((s.offer_id, graduate.pk), "")
    return render(
        request,
        "matching/officer_suggestions.html",
        {
            "graduate": graduate,
            "suggestions": suggestions.items,
            "shortfall": suggestions.shortfall,
            "openings": suggestions.openings.hints if suggestions.openings else [],
            "grades": MatchJudgement.Grade.choices,
        },
    )


@require_POST
def judge(request):
    """One click: an officer grades a pair. htmx gets the buttons back; a plain form, a redirect."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_officer:
        return forbidden(request, _("Seul·es les chargé·es d'insertion jugent les suggestions."))
    try:
        judgement = services.judgement_record(
            officer=request.user,
            offer_id=_int(request.POST.get("offer")),
            graduate_id=_int(request.POST.get("graduate")),
            grade=request.POST.get("grade", ""),
            pooled=request.POST.get("pooled") == "1",
        )
    except ApplicationError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(error.message, status=error.status_code)
        messages.error(request, error.message)
        return redirect(_next(request))
    if request.headers.get("HX-Request"):
        return render(
            request,
            "matching/_judgement.html",
            {
                "offer_id": judgement.offer_id,
                "graduate_id": judgement.graduate_id,
                "grade": judgement.grade,
                "grades": MatchJudgement.Grade.choices,
                "next_url": _next(request),
                "pooled": bool(judgement.proposed_by),
            },
        )
    messages.success(request, _("Jugement enregistré."))
    return redirect(_next(request))


def _int(value) -> int:
    return int(value) if value and str(value).isdigit() else 0


def _next(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("matching:ranker_health")


@require_POST
def graduate_feedback(request, offer_id: int):
    graduate, response = _graduate_or_response(request)
    if response is not None:
        return response
    try:
        feedback = services.suggestion_feedback_record(
            graduate=graduate,
            offer_id=offer_id,
            kind=request.POST.get("kind", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if feedback.kind == SuggestionFeedback.Kind.INTERESTED:
            messages.success(
                request,
                _(
                    "C'est noté : l'école saura que cette offre vous intéresse (l'employeur aussi si "
                    "votre profil est visible). Retrouvez-la dans « Mes candidatures » pour postuler."
                ),
            )
        else:
            messages.info(request, _("C'est noté : cette offre ne vous sera plus proposée."))
    return redirect("matching:suggestions")


@login_then(
    lambda user: user.is_employer or user.is_officer,
    _("Cette page est réservée aux employeurs et à l'école."),
)
def offer_shortlist(request, pk: int):
    offer, rows = selectors.shortlist_for_offer(user=request.user, offer_id=pk)
    if request.user.is_officer:
        grades = selectors.judgements_of(
            officer=request.user, pairs=[(offer.pk, r.graduate_id) for r in rows]
        )
        for r in rows:
            r.my_grade = grades.get((offer.pk, r.graduate_id), "")
    return render(
        request,
        "matching/offer_shortlist.html",
        {
            "offer": offer,
            "rows": rows,
            "is_officer": request.user.is_officer,
            "grades": MatchJudgement.Grade.choices,
            "in_candidacies": selectors.open_candidacies_count(user=request.user, offer=offer),
            "shortfall": selectors.shortlist_shortfall(user=request.user, offer=offer, shown=len(rows)),
        },
    )


@officer_required
def judgement_queue(request):
    """The pooled queue: pairs from the serving model's and its candidate's top 10, not yet judged by
    this officer, one click each; which model proposed a pair is not shown."""
    from .. import pooling

    queue = pooling.judgement_queue(officer=request.user)
    return render(
        request,
        "matching/judgement_queue.html",
        {"queue": queue, "grades": MatchJudgement.Grade.choices, "min_pairs": pooling.MIN_POOLED_TO_GATE},
    )


@officer_required
def cohort_matching(request, pk: int):
    cohort = selectors.cohort_get_for_officer(user=request.user, cohort_id=pk)
    return render(
        request,
        "matching/cohort_matching.html",
        {"view": selectors.cohort_matching_view(cohort=cohort), "cohort": cohort},
    )


@officer_required
def ranker_health(request):
    from .. import judgements, pooling

    cal = judgements.calibration()
    return render(
        request,
        "matching/ranker_health.html",
        {
            "health": selectors.ranker_health(),
            "judged": judgements.judgement_summary(),
            "calibration": cal,
            "calibration_chart": judgements.calibration_chart(cal),
            "pooled": pooling.pooled_comparison(),
        },
    )
