import sys

from django import db
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
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
        if user.is_trainer:
            return redirect("graduates:trainer_cohorts")
    return render(request, "home.html")


def healthz(request):
    """Each dependency's state, for the load balancer, docker compose and whoever is on call.

    200 while the database answers (the site works: a cache outage falls back to memory, a broker
    outage only delays analyses), with ``status`` "ok" or "degraded"; 503 when the database does not.
    """
    checks = {"database": _check_database(), "cache": _check_cache(), "broker": _check_broker()}
    degraded = any(state == "unavailable" for state in checks.values())
    status = 503 if checks["database"] != "ok" else 200
    return JsonResponse({"status": "degraded" if degraded else "ok", **checks}, status=status)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 — any failure means "not usable" here
        return "unavailable"


def _check_cache() -> str:
    from django.core.cache import cache

    reachable = getattr(cache, "reachable", None)
    if reachable is None:
        return "local"  # an in-process cache: nothing to reach
    return "ok" if reachable() else "unavailable"


def _check_broker() -> str:
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        return "eager"  # embedded mode: tasks run in the web process
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
        return "ok"
    except Exception:  # noqa: BLE001
        return "unavailable"


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
    if _database_unreachable(sys.exc_info()[1]):
        return _service_unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "message": _("Une erreur est survenue de notre côté. Réessayez dans quelques minutes."),
                "extra": {},
            },
            status=500,
        )
    return HttpResponseServerError(loader.get_template("errors/500.html").render({}))


# The database refused or lost the connection (restart, failover, network): nothing was half-written
# (each service writes in one transaction), so the request can simply be made again.
RETRY_AFTER_SECONDS = 30


def _database_unreachable(error) -> bool:
    return isinstance(error, (db.OperationalError, db.InterfaceError))


def _service_unavailable(request):
    message = _(
        "Le service est momentanément indisponible (base de données injoignable). Rien de ce que vous "
        "aviez enregistré n'est perdu ; réessayez dans une minute."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"message": message, "extra": {}}, status=503)
    else:
        response = HttpResponse(loader.get_template("errors/503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


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
