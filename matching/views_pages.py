"""Matching pages: "Offres pour vous", an offer's shortlist, the cohort view and the ranker's health."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.core.guards import forbidden, login_then, officer_required
from graduates.selectors import graduate_for_user

from . import scoring, selectors, services
from .models import SuggestionFeedback

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
    suggestions = list(selectors.suggestions_for_graduate(graduate=graduate, limit=SUGGESTIONS_SHOWN))
    if not suggestions and not graduate.match_scores.exists():
        # Never scored yet (a profile older than the ranker): score now; cheap at a school's scale.
        from .tasks import score_graduate

        score_graduate.delay(graduate_id=graduate.pk)
        suggestions = list(selectors.suggestions_for_graduate(graduate=graduate, limit=SUGGESTIONS_SHOWN))
    return render(
        request,
        "matching/graduate_suggestions.html",
        {
            "graduate": graduate,
            "suggestions": suggestions,
            "openings": scoring.skill_openings_for_graduate(graduate=graduate),
            "reasons": SuggestionFeedback.Reason.choices,
        },
    )


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
    return render(
        request,
        "matching/offer_shortlist.html",
        {"offer": offer, "rows": rows, "is_officer": request.user.is_officer},
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
    return render(request, "matching/ranker_health.html", {"health": selectors.ranker_health()})
