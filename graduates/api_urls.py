from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    CohortViewSet,
    ErasureRequestViewSet,
    GraduateCvApi,
    GraduateErasureApi,
    GraduateExportApi,
    GraduateMeApi,
    GraduateProjectDetailApi,
    GraduateProjectsApi,
    GraduateSkillDetailApi,
    GraduateSkillReviewApi,
    GraduateSkillsApi,
    GraduateViewSet,
    GraduateVisibilityApi,
)

router = SimpleRouter(use_regex_path=False)
router.register("graduates", GraduateViewSet, basename="api-graduates")
router.register("cohorts", CohortViewSet, basename="api-cohorts")
router.register("erasure-requests", ErasureRequestViewSet, basename="api-erasure-requests")

urlpatterns = [
    path("graduates/me/", GraduateMeApi.as_view(), name="api-graduate-me"),
    path("graduates/me/visibility/", GraduateVisibilityApi.as_view(), name="api-graduate-visibility"),
    path("graduates/me/cv/", GraduateCvApi.as_view(), name="api-graduate-cv"),
    path("graduates/me/skills/", GraduateSkillsApi.as_view(), name="api-graduate-skills"),
    path("graduates/me/skills/<int:pk>/", GraduateSkillDetailApi.as_view(), name="api-graduate-skill"),
    path(
        "graduates/me/skills/<int:pk>/review/",
        GraduateSkillReviewApi.as_view(),
        name="api-graduate-skill-review",
    ),
    path("graduates/me/projects/", GraduateProjectsApi.as_view(), name="api-graduate-projects"),
    path("graduates/me/projects/<int:pk>/", GraduateProjectDetailApi.as_view(), name="api-graduate-project"),
    path("graduates/me/export/", GraduateExportApi.as_view(), name="api-graduate-export"),
    path("graduates/me/erasure/", GraduateErasureApi.as_view(), name="api-graduate-erasure"),
    *router.urls,
]
