from django.urls import path

from .views import pages, preview

app_name = "matching"
urlpatterns = [
    path("offre/apercu/", preview.offer_text_preview, name="offer_text_preview"),
    path("pour-vous/", pages.graduate_suggestions, name="suggestions"),
    path("pour-vous/<int:offer_id>/avis/", pages.graduate_feedback, name="suggestion_feedback"),
    path("offres/<int:pk>/candidats/", pages.offer_shortlist, name="offer_shortlist"),
    path("promotions/<int:pk>/", pages.cohort_matching, name="cohort_matching"),
    path("modele/", pages.ranker_health, name="ranker_health"),
    path("diplomes/<int:pk>/suggestions/", pages.officer_graduate_suggestions, name="officer_suggestions"),
    path("jugements/", pages.judge, name="judge"),
    path("jugements/file/", pages.judgement_queue, name="judgement_queue"),
]
