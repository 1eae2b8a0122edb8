from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("offre/apercu/", views.offer_text_preview, name="offer_text_preview"),
]
