from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import applications, curriculum, outcomes, reports

router = SimpleRouter(use_regex_path=False)
router.register("applications", applications.ApplicationViewSet, basename="api-applications")
router.register("placements", outcomes.PlacementViewSet, basename="api-placements")
router.register("outcome-checks", outcomes.OutcomeCheckViewSet, basename="api-outcome-checks")

urlpatterns = [
    path("reports/cohorts/<int:cohort_id>/", reports.CohortReportApi.as_view(), name="api-report-cohort"),
    path("reports/years/<int:year>/", reports.YearReportApi.as_view(), name="api-report-year"),
    path("reports/skills-demand/", reports.SkillsDemandApi.as_view(), name="api-skills-demand"),
    path("reports/curriculum/", curriculum.CurriculumApi.as_view(), name="api-curriculum"),
    *router.urls,
]
