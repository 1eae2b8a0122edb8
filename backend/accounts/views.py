from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError

from . import services
from .forms import EmailAuthenticationForm, InvitationAcceptForm
from .models import ApiToken
from .throttles import form_throttle_wait, throttled_response


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset answers the same whether the address has an account or not; on top of that,
    requests are counted per client address and per e-mail typed (mail-bombing, probing)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        wait = form_throttle_wait(request, "password_reset", email=str(request.POST.get("email", ""))[:254])
        if wait is not None:
            return throttled_response(request, wait)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


def activate(request, uidb64: str, token: str):
    """The link of the sign-up e-mail: opens the account and signs the person in."""
    try:
        user = services.account_activate(uidb64=uidb64, token=token)
    except ApplicationError as exc:
        return render(
            request, "accounts/activation_invalid.html", {"message": exc.message}, status=exc.status_code
        )
    if not user.is_active:
        return render(
            request,
            "accounts/activation_invalid.html",
            {"message": _("Ce compte est désactivé. Contactez l'école.")},
            status=403,
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        _("Adresse e-mail confirmée : bienvenue sur Tremplin, %(name)s !") % {"name": user.get_short_name()},
    )
    return redirect("home")


def invitation_accept(request, token: str):
    try:
        invitation = services.invitation_get_usable(token=token)
    except ApplicationError as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"message": exc.message}, status=exc.status_code
        )
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password"],
            )
        except ApplicationError as exc:
            form.add_error("password" if exc.extra.get("field") == "password" else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Bienvenue sur Tremplin, %(name)s !") % {"name": user.first_name})
            return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


@login_required
def account(request):
    tokens = list(ApiToken.objects.filter(user=request.user))
    new_key = request.session.pop("new_api_token", None)
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": tokens,
            "new_key": new_key,
            "ttl_days": settings.API_TOKEN_TTL_DAYS,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def token_regenerate(request):
    _token, key = services.token_regenerate(user=request.user)
    # Shown once: the page tells the person to copy it now; only its digest is kept.
    request.session["new_api_token"] = key
    messages.success(request, _("Nouveau jeton créé. Copiez-le maintenant : il ne sera plus jamais affiché."))
    return redirect("accounts:account")


@login_required
@require_POST
def token_revoke(request):
    services.token_revoke(user=request.user)
    messages.success(request, _("Jeton supprimé : les scripts qui l'utilisaient n'ont plus accès."))
    return redirect("accounts:account")
