from django.urls import path

from .api.views import AppellationSearchApi, SkillSearchApi

urlpatterns = [
    path("appellations/", AppellationSearchApi.as_view(), name="api-appellations"),
    path("skills/", SkillSearchApi.as_view(), name="api-skills"),
]
