from django.urls import path

from . import views

app_name = "internships"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("nouvelle/", views.agreement_new, name="new"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/modifier/", views.agreement_edit, name="edit"),
    path("<int:pk>/verifier/", views.agreement_check, name="check"),
    path("<int:pk>/signer/", views.agreement_sign, name="sign"),
    path("<int:pk>/commencer/", views.agreement_move, {"move": "start"}, name="start"),
    path("<int:pk>/terminer/", views.agreement_move, {"move": "end"}, name="end"),
    path("<int:pk>/annuler/", views.agreement_move, {"move": "cancel"}, name="cancel"),
    path("<int:pk>/avenant/", views.agreement_move, {"move": "amend"}, name="amend"),
    path("<int:pk>/version-<int:number>.pdf", views.agreement_pdf, name="pdf"),
    path("<int:pk>/evaluation/", views.agreement_evaluation, name="evaluation"),
    path("<int:pk>/rapport/", views.agreement_report, name="report"),
]
