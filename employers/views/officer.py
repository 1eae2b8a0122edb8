"""The school's space (placement officers and admins): moderation and the partners' CRM."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.taxonomy.models import Occupation

from .. import services
from ..forms import (
    ContactInviteForm,
    EmployerFilterForm,
    InteractionForm,
    OccupationChoiceForm,
    PartnershipForm,
    ProspectConvertForm,
    ReasonForm,
    add_application_error,
)
from ..models import Employer, Offer, Partnership
from ..selectors import (
    contact_list_for_employer,
    employer_counts_for_officer,
    employer_get_for_user,
    employer_list_for_officer,
    offer_list_for_employer,
    offer_list_for_moderation,
    offer_list_to_code,
)
from ._common import officer_required, paginate


@officer_required
def officer_dashboard(request):
    return render(
        request,
        "employers/officer_dashboard.html",
        {
            "counts": employer_counts_for_officer(),
            "pending_employers": employer_list_for_officer(status=Employer.Status.PENDING)[:5],
            "queue": offer_list_for_moderation()[:5],
        },
    )


@officer_required
def moderation_queue(request):
    page = paginate(request, offer_list_for_moderation())
    return render(request, "employers/moderation_queue.html", {"page": page, "reason_form": ReasonForm()})


@require_POST
@officer_required
def offer_moderate(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk)
    action = request.POST.get("action")
    next_url = request.POST.get("next") or ""
    try:
        if action == "approve":
            services.offer_transition(offer=offer, transition="approve", by=request.user)
            messages.success(request, _("« %(t)s » est en ligne.") % {"t": offer.title})
        elif action == "decline":
            services.offer_transition(
                offer=offer, transition="decline", by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, _("« %(t)s » est refusée : l'employeur voit votre motif.") % {"t": offer.title}
            )
        else:
            messages.error(request, _("Action inconnue."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    if next_url == "manage":
        return redirect("employers:offer_manage", pk=offer.pk)
    return redirect("employers:moderation_queue")


def _to_code_items(offers) -> list[dict]:
    """Each offer with the classifier's candidates (codes the reference tables hold, labels from them)
    and, when it was sure of the ROME domain only, that domain and its fiches to pick from first."""
    rows = []
    for offer in offers:
        reading = (offer.extracted_facts or {}).get("occupation_id") or {}
        candidates = [c for c in reading.get("candidates") or [] if isinstance(c, dict) and c.get("code")]
        domain = reading.get("domain") if isinstance(reading.get("domain"), dict) else None
        rows.append(
            {
                "offer": offer,
                "candidates": candidates,
                "confidence": reading.get("confidence"),
                "domain": domain if domain and domain.get("code") else None,
            }
        )
    codes = {c["code"] for row in rows for c in row["candidates"]}
    labels = dict(Occupation.objects.filter(pk__in=codes).values_list("code", "label"))
    prefixes = sorted({row["domain"]["code"] for row in rows if row["domain"]})
    in_domain: dict[str, list[Occupation]] = {p: [] for p in prefixes}
    if prefixes:
        query = Q()
        for prefix in prefixes:
            query |= Q(code__startswith=prefix)
        for occupation in Occupation.objects.filter(query).order_by("code"):
            in_domain[occupation.code[:3]].append(occupation)
    for row in rows:
        row["candidates"] = [
            {**c, "label": labels[c["code"]], "percent": _percent(c.get("score"))}
            for c in row["candidates"]
            if c["code"] in labels
        ]
        if row["domain"]:
            row["domain_fiches"] = in_domain.get(row["domain"]["code"], [])
            if not row["domain"].get("label"):
                row["domain"] = {**row["domain"], "label": row["domain"]["code"]}
    return rows


def _percent(score) -> int | None:
    return round(100 * score) if isinstance(score, int | float) else None


@officer_required
def rome_queue(request, *, form: OccupationChoiceForm | None = None, form_offer: int | None = None):
    """« Offres à coder (ROME) »: offers the classifier was not sure of, its three candidates as
    buttons, and a search of the ROME job titles for anything else."""
    q = (request.GET.get("q") or "").strip()[:200]
    offers = offer_list_to_code()
    if q:
        offers = offers.filter(
            Q(title__icontains=q) | Q(published_employer__icontains=q) | Q(employer__name__icontains=q)
        )
    page = paginate(request, offers)
    page.object_list = _to_code_items(page.object_list)
    return render(
        request,
        "employers/rome_queue.html",
        {"page": page, "q": q, "form": form, "form_offer": form_offer},
        status=400 if form is not None else 200,
    )


@require_POST
@officer_required
def offer_code_rome(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk)
    form = OccupationChoiceForm(request.POST)
    if not form.is_valid():
        return rome_queue(request, form=form, form_offer=offer.pk)
    try:
        services.offer_occupation_choose(
            offer=offer,
            by=request.user,
            occupation=form.cleaned_data["occupation_obj"],
            appellation=form.cleaned_data["appellation_obj"],
            if_uncoded=True,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        offer.refresh_from_db(fields=["occupation"])
        messages.success(
            request,
            _("« %(t)s » est codée %(o)s.")
            % {"t": offer.title, "o": f"{offer.occupation_id} — {offer.occupation.label}"},
        )
    back = request.POST.get("next") or ""
    queue = reverse("employers:rome_queue")
    # Back to the same page of the queue (its search and page number), never to another address.
    return redirect(back if back.startswith(queue + "?") or back == queue else queue)


@officer_required
def employer_list(request):
    form = EmployerFilterForm(request.GET or None)
    status, query = "", ""
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    page = paginate(request, employer_list_for_officer(status=status or None, query=query))
    return render(request, "employers/employer_list.html", {"form": form, "page": page})


def _employer_detail(request, employer: Employer, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    partnerships = list(employer.partnerships.select_related("officer"))
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "partnerships": partnerships,
            "interactions": employer.interactions.select_related("by", "partnership")[:50],
            "contacts": contact_list_for_employer(employer=employer),
            "offers": offer_list_for_employer(employer=employer)[:30],
            "decline_form": forms.get("decline") or ReasonForm(initial={"reason": employer.decline_reason}),
            "interaction_form": forms.get("interaction")
            or InteractionForm(partnerships=partnerships, initial={"occurred_on": timezone.localdate()}),
            "contact_form": forms.get("contact") or ContactInviteForm(),
            "convert_form": (forms.get("convert") or ProspectConvertForm()) if employer.is_prospect else None,
        },
        status=status,
    )


@officer_required
def employer_detail(request, pk: int):
    employer = employer_get_for_user(user=request.user, employer_id=pk)
    return _employer_detail(request, employer)


@require_POST
@officer_required
def employer_review(request, pk: int):
    employer = employer_get_for_user(user=request.user, employer_id=pk)
    if request.POST.get("action") == "approve":
        services.employer_approve(employer=employer, by=request.user)
        messages.success(
            request, _("%(e)s est validée : ses offres peuvent être publiées.") % {"e": employer.name}
        )
        return redirect("employers:employer_detail", pk=employer.pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.employer_decline(employer=employer, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            add_application_error(form, exc, aliases={"decline_reason": "reason"})
        else:
            messages.success(
                request, _("%(e)s est refusée : le motif lui est affiché.") % {"e": employer.name}
            )
            return redirect("employers:employer_detail", pk=employer.pk)
    return _employer_detail(request, employer, forms={"decline": form})


@officer_required
def partnership_edit(request, pk: int, partnership_pk: int | None = None):
    employer = employer_get_for_user(user=request.user, employer_id=pk)
    partnership = (
        get_object_or_404(Partnership, pk=partnership_pk, employer=employer)
        if partnership_pk is not None
        else None
    )
    initial = (
        PartnershipForm.initial_from(partnership)
        if partnership
        else {"start_date": timezone.localdate(), "officer": str(request.user.pk)}
    )
    form = PartnershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_save(
                employer=employer, by=request.user, partnership=partnership, **form.service_fields()
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Partenariat enregistré."))
            return redirect("employers:employer_detail", pk=employer.pk)
    return render(
        request,
        "employers/partnership_form.html",
        {"form": form, "employer": employer, "partnership": partnership},
    )


@require_POST
@officer_required
def interaction_create(request, pk: int):
    employer = employer_get_for_user(user=request.user, employer_id=pk)
    form = InteractionForm(request.POST, partnerships=list(employer.partnerships.all()))
    if form.is_valid():
        try:
            services.interaction_log(employer=employer, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Échange ajouté au suivi."))
            return redirect("employers:employer_detail", pk=employer.pk)
    return _employer_detail(request, employer, forms={"interaction": form})


@require_POST
@officer_required
def contact_invite(request, pk: int):
    employer = employer_get_for_user(user=request.user, employer_id=pk)
    form = ContactInviteForm(request.POST)
    if form.is_valid():
        try:
            contact, _invitation = services.contact_invite(
                employer=employer, by=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": contact.email})
            return redirect("employers:employer_detail", pk=employer.pk)
    return _employer_detail(request, employer, forms={"contact": form})


@require_POST
@officer_required
def prospect_convert(request, pk: int):
    """A prospect becomes a partner: SIRET, size, an active partnership, all at once."""
    employer = employer_get_for_user(user=request.user, employer_id=pk)
    form = ProspectConvertForm(request.POST)
    if form.is_valid():
        try:
            services.employer_prospect_convert(employer=employer, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("%(e)s est désormais partenaire de l'école.") % {"e": employer.name})
            return redirect("employers:employer_detail", pk=employer.pk)
    return _employer_detail(request, employer, forms={"convert": form}, status=400)
