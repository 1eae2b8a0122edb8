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
from .privacy import ErasureRequestViewSet, GraduateErasureApi
from .school import CohortViewSet, GraduateViewSet

__all__ = [
    "CohortViewSet",
    "ErasureRequestViewSet",
    "GraduateErasureApi",
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
