"""Personal-data pages: the privacy notice, the graduate's export, views log and erasure request, and
the school's page to confirm erasures."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.contact import privacy_contact
from backend.core.exceptions import ApplicationError

from .. import privacy, retention
from ..models import ErasureRequest
from ._common import graduate_required, officer_required


def privacy_notice(request):
    """Public: what Tremplin keeps, why, for how long, and whom to contact."""
    return render(
        request,
        "graduates/privacy_notice.html",
        {
            "retention_years": retention.RETENTION_DAYS // 365,
            "warning_days": retention.WARNING_DAYS,
            "contact_email": privacy_contact(),
        },
    )


@graduate_required
def export_zip(request, graduate):
    response = HttpResponse(
        privacy.graduate_export_zip(graduate=graduate, by=request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = 'attachment; filename="tremplin-mes-donnees.zip"'
    return response


@graduate_required
def profile_views(request, graduate):
    return render(
        request,
        "graduates/profile_views.html",
        {"graduate": graduate, "views": privacy.profile_views(graduate=graduate, limit=500)},
    )


@graduate_required
def erasure(request, graduate):
    """GET: what erasure removes and keeps, and the form; POST: the confirmed request."""
    pending = privacy.erasure_pending_for(graduate)
    error = ""
    if request.method == "POST" and pending is None:
        if request.POST.get("confirm") != "1":
            error = _("Cochez la case pour confirmer que vous demandez l'effacement de vos données.")
        else:
            try:
                privacy.erasure_request(
                    graduate=graduate, by=request.user, reason=request.POST.get("reason", "")
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _("Demande enregistrée. L'école la confirme sous un mois ; vous recevrez un e-mail."),
                )
                return redirect(reverse("graduates:erasure"))
    return render(
        request,
        "graduates/erasure.html",
        {"graduate": graduate, "pending": pending, "error": error},
        status=400 if error else 200,
    )


@require_POST
@graduate_required
def erasure_cancel(request, graduate):
    pending = privacy.erasure_pending_for(graduate)
    if pending is not None:
        privacy.erasure_cancel(request=pending, by=request.user)
        messages.success(request, _("Demande d'effacement annulée : votre compte reste actif."))
    return redirect(reverse("graduates:erasure"))


@officer_required
def erasure_list(request):
    return render(
        request,
        "graduates/erasure_list.html",
        {
            "pending": privacy.erasure_requests_pending(),
            "done": ErasureRequest.objects.exclude(status=ErasureRequest.Status.PENDING)
            .select_related("graduate", "decided_by")
            .order_by("-decided_at")[:50],
        },
    )


@require_POST
@officer_required
def erasure_decide(request, pk: int):
    erasure_request = get_object_or_404(ErasureRequest, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "confirm":
            privacy.erasure_confirm(request=erasure_request, by=request.user)
            messages.success(
                request, _("Données effacées. Les statistiques du rapport aux financeurs sont conservées.")
            )
        elif action == "decline":
            privacy.erasure_cancel(request=erasure_request, by=request.user)
            messages.success(request, _("Demande refusée : prévenez la personne du motif."))
        else:
            messages.error(request, _("Action inconnue : choisissez « Effacer » ou « Refuser »."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("graduates:erasure_list"))
