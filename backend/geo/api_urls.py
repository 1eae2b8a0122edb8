from django.urls import path

from .api import CommuneSearchApi

urlpatterns = [path("communes/", CommuneSearchApi.as_view(), name="api-communes")]
