from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("", views.interviews, name="interviews"),
    path("entretiens/<int:pk>.ics", views.interview_ics, name="interview_ics"),
    path("flux/", views.feed_create, name="feed_create"),
    path("flux/supprimer/", views.feed_revoke, name="feed_revoke"),
    path("flux/<str:token>.ics", views.feed, name="feed"),
    path("evenements/", views.events, name="events"),
    path("evenements/nouveau/", views.event_create, name="event_create"),
    path("evenements/<int:pk>/", views.event_detail, name="event_detail"),
    path("evenements/<int:pk>/inscription/", views.event_register, name="event_register"),
    path("evenements/<int:pk>/creneaux/", views.slots_open, name="slots_open"),
    path("evenements/<int:pk>/reserver/", views.slot_book, name="slot_book"),
    path("evenements/<int:pk>/annuler/", views.slot_cancel, name="slot_cancel"),
]
