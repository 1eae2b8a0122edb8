from django.urls import path

from . import api

urlpatterns = [
    path("internships/agreements/", api.AgreementListApi.as_view(), name="api-internship-agreements"),
    path(
        "internships/agreements/<int:pk>/", api.AgreementDetailApi.as_view(), name="api-internship-agreement"
    ),
    path(
        "internships/agreements/<int:pk>/sign/",
        api.AgreementSignApi.as_view(),
        name="api-internship-agreement-sign",
    ),
]
