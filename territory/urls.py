from django.urls import path

from . import views

app_name = "territory"

urlpatterns = [
    path("ecole/territoire/", views.feed, name="feed"),
    path("ecole/territoire/prospects/", views.prospects, name="prospects"),
    path("ecole/territoire/prospects/ajouter/", views.prospect_add, name="prospect_add"),
]
