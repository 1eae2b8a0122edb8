from django.urls import path

from .api.views import (
    CohortMatchingApi,
    JudgementListApi,
    OfferShortlistApi,
    RankerHealthApi,
    SuggestionFeedbackApi,
    SuggestionListApi,
)

urlpatterns = [
    path("suggestions/", SuggestionListApi.as_view(), name="api-suggestions"),
    path(
        "suggestions/<int:offer_id>/feedback/",
        SuggestionFeedbackApi.as_view(),
        name="api-suggestion-feedback",
    ),
    path(
        "employer/offers/<int:offer_id>/shortlist/", OfferShortlistApi.as_view(), name="api-offer-shortlist"
    ),
    path("cohorts/<int:cohort_id>/matching/", CohortMatchingApi.as_view(), name="api-cohort-matching"),
    path("ranker/", RankerHealthApi.as_view(), name="api-ranker"),
    path("judgements/", JudgementListApi.as_view(), name="api-judgements"),
]
