from django.urls import path

from . import views

app_name = "taxonomy"
urlpatterns = [
    path("appellations/", views.appellation_suggestions, name="appellation_suggestions"),
    path("competences/", views.skill_suggestions, name="skill_suggestions"),
]
