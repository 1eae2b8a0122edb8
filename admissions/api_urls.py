from django.urls import path

from .api.views import AdmissionListApi, AdmissionTransitionApi, SessionListApi

urlpatterns = [
    path("admissions/", AdmissionListApi.as_view(), name="api-admissions"),
    path(
        "admissions/<int:pk>/transition/",
        AdmissionTransitionApi.as_view(),
        name="api-admission-transition",
    ),
    path("admissions/sessions/", SessionListApi.as_view(), name="api-admission-sessions"),
]
