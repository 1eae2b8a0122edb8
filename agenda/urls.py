from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("", views.interviews, name="interviews"),
    path("entretiens/<int:pk>.ics", views.interview_ics, name="interview_ics"),
    path("flux/", views.feed_create, name="feed_create"),
    path("flux/supprimer/", views.feed_revoke, name="feed_revoke"),
    path("flux/<str:token>.ics", views.feed, name="feed"),
]
