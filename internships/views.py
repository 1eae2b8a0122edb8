"""Internship agreement pages: the list, the agreement (each party's part, signatures, the PDFs), the
school's moves (create, start, end, cancel, avenant), the tutor's evaluation and the trainee's report.

Every page starts with the guard (officers, employers and graduates only) and reads the agreement
through the selector scoped to who asks: another company's or another trainee's agreement is a 404.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.throttling import BaseThrottle

from backend.core.exceptions import ApplicationError
from backend.core.guards import forbidden, login_then, officer_required
from placements.models import Application, Placement

from . import rules, selectors, services
from .forms import AgreementNewForm, AmendForm, CancelForm, EvaluationForm, ReportForm, part_form
from .models import Agreement, Party

parties_only = login_then(
    lambda user: user.is_officer or user.is_employer or user.is_graduate,
    _("Les conventions de stage concernent l'école, l'organisme d'accueil et le ou la stagiaire."),
)


def client_address(request) -> str | None:
    """The signer's address, read as the API and the login lockout read it (behind TRUSTED_PROXY_COUNT)."""
    return BaseThrottle().get_ident(request) or None


def _fail(request, exc: ApplicationError, pk: int):
    messages.error(request, exc.message)
    return redirect("internships:detail", pk=pk)


@parties_only
def agreement_list(request):
    agreements = selectors.agreement_list_for(user=request.user)
    return render(request, "internships/list.html", {"agreements": agreements})


@officer_required
def agreement_new(request):
    data = request.POST if request.method == "POST" else None
    form = AgreementNewForm(data, sources=services.agreement_sources())
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "internships/new.html", {"form": form}, status=400)
        kind, _sep, ident = form.cleaned_data["source"].partition(":")
        try:
            if kind == "application":
                agreement = services.agreement_create(
                    by=request.user, application=get_object_or_404(Application, pk=int(ident or 0))
                )
            elif kind == "placement":
                agreement = services.agreement_create(
                    by=request.user, placement=get_object_or_404(Placement, pk=int(ident or 0))
                )
            else:
                raise ApplicationError(_("Choisissez le stage pour lequel faire la convention."))
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Choix inconnu.")))
            return redirect("internships:new")
        messages.success(
            request, _("Convention créée : l'organisme et le ou la stagiaire peuvent compléter leur partie.")
        )
        return redirect("internships:detail", pk=agreement.pk)
    return render(request, "internships/new.html", {"form": form})


@parties_only
def agreement_detail(request, pk: int):
    agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
    party = services.party_of(agreement=agreement, user=request.user)
    versions = list(agreement.versions.order_by("-number").prefetch_related("signatures__signer"))
    version = versions[0]
    in_force = next((v for v in versions if v.is_fully_signed), None)
    problems = rules.agreement_problems(version)
    rule = rules.gratification_rule(version)
    missing = services.missing_signatures(version)
    return render(
        request,
        "internships/detail.html",
        {
            "agreement": agreement,
            "party": party,
            "version": version,
            "versions": versions,
            "in_force": in_force,
            "problems": problems,
            "rule": rule,
            "signed_by_me": version.signature_for(party) is not None,
            "missing": missing,
            "start_warning": rules.start_warning(version, missing=missing),
            "amend_form": AmendForm(),
            "cancel_form": CancelForm(),
            "log": agreement.transitions.select_related("actor"),
            "evaluation": getattr(agreement, "evaluation", None),
            "report": getattr(agreement, "report", None),
        },
    )


@parties_only
def agreement_edit(request, pk: int):
    agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
    party = services.party_of(agreement=agreement, user=request.user)
    version = agreement.latest_version()
    Form = part_form(party)
    form = Form(request.POST or None, instance=version)
    if version.is_frozen:
        messages.error(
            request,
            _("Cette version est déjà signée : elle ne change plus. L'école peut faire un avenant."),
        )
        return redirect("internships:detail", pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            services.agreement_update_part(agreement=agreement, by=request.user, data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Enregistré. Relisez la convention puis confirmez votre partie."))
            return redirect("internships:detail", pk=pk)
    return render(
        request,
        "internships/edit.html",
        {"agreement": agreement, "version": version, "form": form, "party": party},
    )


@require_POST
@parties_only
def agreement_check(request, pk: int):
    agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
    try:
        services.agreement_check_part(agreement=agreement, by=request.user)
    except ApplicationError as exc:
        return _fail(request, exc, pk)
    messages.success(request, _("Votre partie est vérifiée."))
    return redirect("internships:detail", pk=pk)


@require_POST
@parties_only
def agreement_sign(request, pk: int):
    agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
    try:
        services.agreement_sign(
            agreement=agreement,
            by=request.user,
            ip_address=client_address(request),
            version_number=int(request.POST.get("version") or 0),
        )
    except ApplicationError as exc:
        return _fail(request, exc, pk)
    except ValueError:
        raise Http404("version inconnue") from None
    messages.success(request, _("Signé. Votre signature est enregistrée avec l'empreinte du document."))
    return redirect("internships:detail", pk=pk)


@require_POST
@officer_required
def agreement_move(request, pk: int, move: str):
    agreement = get_object_or_404(Agreement, pk=pk)
    try:
        if move == "start":
            services.agreement_start(agreement=agreement, by=request.user)
            messages.success(request, _("Le stage est noté commencé."))
        elif move == "end":
            services.agreement_end(agreement=agreement, by=request.user)
            messages.success(request, _("Le stage est noté terminé."))
        elif move == "cancel":
            services.agreement_cancel(
                agreement=agreement, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("La convention est annulée."))
        elif move == "amend":
            version = services.agreement_amend(
                agreement=agreement, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(
                request,
                _("Avenant créé (version %(n)s) : modifiez-le, puis les trois parties le signent.")
                % {"n": version.number},
            )
        else:
            raise Http404("étape inconnue")
    except ApplicationError as exc:
        return _fail(request, exc, pk)
    return redirect("internships:detail", pk=pk)


@parties_only
def agreement_pdf(request, pk: int, number: int):
    """A version's PDF: the signed agreement once the three signed, else the frozen document signed so
    far; the same bytes every time. A version nobody signed yet has no document to download."""
    agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
    version = get_object_or_404(agreement.versions, number=number)
    if version.signed_pdf:
        body, suffix = bytes(version.signed_pdf), "signee"
    elif version.document_pdf:
        body, suffix = bytes(version.document_pdf), "en-signature"
    else:
        raise Http404("aucun document signé pour cette version")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="convention-{agreement.pk}-v{version.number}-{suffix}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@parties_only
def agreement_evaluation(request, pk: int):
    """The host tutor's evaluation form (skills observed), once the internship has begun."""
    agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
    if services.party_of(agreement=agreement, user=request.user) != Party.HOST:
        return forbidden(request, _("L'évaluation du stage est remplie par l'organisme d'accueil."))
    if hasattr(agreement, "evaluation") or agreement.status not in (
        Agreement.Status.STARTED,
        Agreement.Status.ENDED,
    ):
        messages.info(request, _("L'évaluation se remplit une fois, après le début du stage."))
        return redirect("internships:detail", pk=pk)
    form = EvaluationForm(request.POST or None, skills=services.evaluation_skills(agreement))
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(
                agreement=agreement,
                by=request.user,
                attendance=form.cleaned_data["attendance"],
                comments=form.cleaned_data["comments"],
                would_hire=form.cleaned_data["would_hire"],
                levels=form.levels(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Merci : l'évaluation est envoyée à l'école et au ou à la stagiaire.")
            )
            return redirect("internships:detail", pk=pk)
    return render(request, "internships/evaluation.html", {"agreement": agreement, "form": form})


@parties_only
def agreement_report(request, pk: int):
    """The trainee's report of her internship, once it has begun."""
    agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
    if services.party_of(agreement=agreement, user=request.user) != Party.TRAINEE:
        return forbidden(request, _("Le rapport de stage est écrit par le ou la stagiaire."))
    if hasattr(agreement, "report") or agreement.status not in (
        Agreement.Status.STARTED,
        Agreement.Status.ENDED,
    ):
        messages.info(request, _("Le rapport s'écrit une fois, après le début du stage."))
        return redirect("internships:detail", pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(agreement=agreement, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Merci : votre rapport de stage est envoyé."))
            return redirect("internships:detail", pk=pk)
    return render(request, "internships/report.html", {"agreement": agreement, "form": form})
