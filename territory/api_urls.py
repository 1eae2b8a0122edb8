from django.urls import path

from . import api

urlpatterns = [
    path("territory/prospects/", api.ProspectListApi.as_view(), name="api-territory-prospects"),
    path("territory/prospects/add/", api.ProspectAddApi.as_view(), name="api-territory-prospect-add"),
]
