from .me import (
    GraduateCvApi,
    GraduateExportApi,
    GraduateMeApi,
    GraduateProjectDetailApi,
    GraduateProjectsApi,
    GraduateSkillDetailApi,
    GraduateSkillReviewApi,
    GraduateSkillsApi,
    GraduateVisibilityApi,
)
from .school import CohortViewSet, GraduateViewSet

__all__ = [
    "CohortViewSet",
    "GraduateCvApi",
    "GraduateExportApi",
    "GraduateMeApi",
    "GraduateProjectDetailApi",
    "GraduateProjectsApi",
    "GraduateSkillDetailApi",
    "GraduateSkillReviewApi",
    "GraduateSkillsApi",
    "GraduateViewSet",
    "GraduateVisibilityApi",
]
