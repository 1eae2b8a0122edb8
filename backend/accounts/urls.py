from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("activation/<uidb64>/<token>/", views.activate, name="activate"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("compte/", views.account, name="account"),
    path("compte/jeton/", views.token_regenerate, name="token_regenerate"),
    path("compte/jeton/supprimer/", views.token_revoke, name="token_revoke"),
]
_ = reverse_lazy
