from django.urls import path

from . import views

app_name = "territory"

urlpatterns = [
    path("ecole/territoire/", views.feed, name="feed"),
]
