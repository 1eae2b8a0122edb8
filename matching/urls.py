from django.urls import path

from . import views, views_pages

app_name = "matching"
urlpatterns = [
    path("offre/apercu/", views.offer_text_preview, name="offer_text_preview"),
    path("pour-vous/", views_pages.graduate_suggestions, name="suggestions"),
    path("pour-vous/<int:offer_id>/avis/", views_pages.graduate_feedback, name="suggestion_feedback"),
    path("offres/<int:pk>/candidats/", views_pages.offer_shortlist, name="offer_shortlist"),
    path("promotions/<int:pk>/", views_pages.cohort_matching, name="cohort_matching"),
    path("modele/", views_pages.ranker_health, name="ranker_health"),
    path(
        "diplomes/<int:pk>/suggestions/", views_pages.officer_graduate_suggestions, name="officer_suggestions"
    ),
    path("jugements/", views_pages.judge, name="judge"),
]
