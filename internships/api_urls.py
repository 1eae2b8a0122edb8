from django.urls import path

from .api.views import AgreementDetailApi, AgreementListApi, AgreementSignApi

urlpatterns = [
    path("internships/agreements/", AgreementListApi.as_view(), name="api-internship-agreements"),
    path("internships/agreements/<int:pk>/", AgreementDetailApi.as_view(), name="api-internship-agreement"),
    path(
        "internships/agreements/<int:pk>/sign/",
        AgreementSignApi.as_view(),
        name="api-internship-agreement-sign",
    ),
]
