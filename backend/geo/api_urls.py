from django.urls import path

from .api.views import CommuneSearchApi

urlpatterns = [path("communes/", CommuneSearchApi.as_view(), name="api-communes")]
