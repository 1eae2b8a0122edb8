from django.urls import path

from .api.views import ProspectAddApi, ProspectListApi

urlpatterns = [
    path("territory/prospects/", ProspectListApi.as_view(), name="api-territory-prospects"),
    path("territory/prospects/add/", ProspectAddApi.as_view(), name="api-territory-prospect-add"),
]
