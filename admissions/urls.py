from django.urls import path

from . import views

app_name = "admissions"

urlpatterns = [
    path("candidater/", views.apply, name="apply"),
    path("candidater/envoyee/", views.apply_sent, name="apply_sent"),
    path("candidater/lien/", views.link_resend, name="link_resend"),
    path("candidater/suivi/<str:token>/", views.follow, name="follow"),
    path("candidater/suivi/<str:token>/confirmer/", views.follow_confirm, name="follow_confirm"),
    path("candidater/suivi/<str:token>/reserver/", views.follow_book, name="follow_book"),
    path("candidater/suivi/<str:token>/reunion.ics", views.follow_ics, name="follow_ics"),
    path("candidater/suivi/<str:token>/retirer/", views.follow_withdraw, name="follow_withdraw"),
    path("candidater/suivi/<str:token>/effacer/", views.follow_erase, name="follow_erase"),
    path("candidater/effacee/", views.erased, name="erased"),
    path("admissions/", views.staff_list, name="staff_list"),
    path("admissions/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("admissions/<int:pk>/grille/", views.staff_assess, name="staff_assess"),
    path("admissions/<int:pk>/decision/", views.staff_decide, name="staff_decide"),
    path("admissions/<int:pk>/reunion/", views.staff_book, name="staff_book"),
    path("admissions/<int:pk>/inscription/", views.staff_enrol, name="staff_enrol"),
    path("admissions/entonnoir/", views.funnel, name="funnel"),
    path("admissions/reunions/", views.sessions, name="sessions"),
    path("admissions/reunions/<int:pk>/", views.session_detail, name="session_detail"),
    path("admissions/reunions/<int:pk>/presence/", views.session_attend, name="session_attend"),
]
