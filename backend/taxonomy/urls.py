from django.urls import path

from . import views

app_name = "taxonomy"
urlpatterns = [
    path("appellations/", views.appellation_suggestions, name="appellation_suggestions"),
    path("competences/", views.skill_suggestions, name="skill_suggestions"),
    path("termes/", views.term_candidates, name="term_candidates"),
    path(
        "termes/<int:pk>/<str:action>/",
        views.term_candidate_decide,
        name="term_candidate_decide",
    ),
]
