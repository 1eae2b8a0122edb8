from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _


def home(request):
    user = request.user
    if user.is_authenticated:
        if user.is_employer:
            return redirect("employers:dashboard")
        if user.is_officer:
            return redirect("employers:officer_dashboard")
        if user.is_graduate:
            return redirect("graduates:profile")
    return render(request, "home.html")


def healthz(request):
    """Liveness and database reachability, for the load balancer and docker compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# ---------------------------------------------------------------- error pages, in French, in the site's layout


def _error(request, *, status: int, title: str, message: str, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "extra": {}}, status=status)
    context = {"status": status, "title": title, "message": message}
    return render(request, "errors/error.html", context, status=status)


def page_not_found(request, exception=None):
    return _error(
        request,
        status=404,
        title=_("Page introuvable"),
        message=_(
            "Cette page n'existe pas ou plus : l'offre a peut-être été retirée, ou le lien est incomplet. "
            "Vérifiez l'adresse ou repartez de l'accueil."
        ),
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        status=403,
        title=_("Accès réservé"),
        message=_(
            "Cette page est réservée à d'autres personnes. Si vous pensez y avoir droit, contactez l'école."
        ),
    )


def bad_request(request, exception=None):
    return _error(
        request,
        status=400,
        title=_("Demande incomprise"),
        message=_(
            "Votre navigateur a envoyé une demande que nous ne comprenons pas. Rechargez la page et réessayez."
        ),
    )


def server_error(request):
    # Rendered without the database or the session (they may be what failed): a standalone template.
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "message": _("Une erreur est survenue de notre côté. Réessayez dans quelques minutes."),
                "extra": {},
            },
            status=500,
        )
    return HttpResponseServerError(loader.get_template("errors/500.html").render({}))


def csrf_failure(request, reason=""):
    return _error(
        request,
        status=403,
        title=_("Formulaire expiré"),
        message=_(
            "Ce formulaire a expiré ou a été ouvert dans un autre onglet. Revenez en arrière, rechargez la page "
            "puis renvoyez-le : ce que vous aviez déjà enregistré est conservé."
        ),
    )
