from django.urls import path

from . import api

urlpatterns = [
    path("admissions/", api.AdmissionListApi.as_view(), name="api-admissions"),
    path(
        "admissions/<int:pk>/transition/",
        api.AdmissionTransitionApi.as_view(),
        name="api-admission-transition",
    ),
    path("admissions/sessions/", api.SessionListApi.as_view(), name="api-admission-sessions"),
]
