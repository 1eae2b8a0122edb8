"""The employer's space: sign-up, dashboard, colleagues, offers and the CSV import."""

import contextlib
from datetime import date

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.services import submission_key_new, submission_once
from backend.accounts.throttles import form_throttle_wait, throttled_response
from backend.core.exceptions import ApplicationError

from .. import imports, services
from ..forms import ContactInviteForm, EmployerRegisterForm, OfferForm, OfferImportForm, add_application_error
from ..models import Employer, Offer
from ..selectors import contact_list_for_employer, offer_get_for_user, offer_list_for_employer
from ._common import employer_contact_required, forbidden

# ---------------------------------------------------------------- sign-up


def register(request):
    if request.user.is_authenticated:
        if request.user.is_employer:
            return redirect("employers:dashboard")
        return forbidden(
            request,
            _(
                "Vous êtes connecté·e avec un compte qui n'est pas un compte entreprise : déconnectez-vous pour inscrire une entreprise."
            ),
        )
    if request.method == "POST":
        wait = form_throttle_wait(request, "signup", email=str(request.POST.get("email", ""))[:254])
        if wait is not None:
            return throttled_response(request, wait)
    form = EmployerRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The same answer whether the e-mail or SIRET is already known: "check your inbox".
            services.employer_signup(**form.service_kwargs())
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return redirect("accounts:signup_sent")
    return render(request, "employers/register.html", {"form": form})


# ---------------------------------------------------------------- dashboard and colleagues

OFFER_GROUPS = [
    ("declined", gettext_lazy("À corriger"), {Offer.Status.DECLINED}),
    ("submitted", gettext_lazy("En attente de validation par l'école"), {Offer.Status.SUBMITTED}),
    ("published", gettext_lazy("En ligne"), {Offer.Status.PUBLISHED}),
    ("draft", gettext_lazy("Brouillons"), {Offer.Status.DRAFT}),
    ("archived", gettext_lazy("Archivées"), {Offer.Status.FILLED, Offer.Status.CLOSED, Offer.Status.EXPIRED}),
]


def _dashboard(request, employer: Employer, *, invite_form=None, status=200):
    offers = list(offer_list_for_employer(employer=employer))
    groups = [
        {"key": key, "label": label, "offers": [o for o in offers if o.status in statuses]}
        for key, label, statuses in OFFER_GROUPS
    ]
    return render(
        request,
        "employers/dashboard.html",
        {
            "employer": employer,
            "groups": [g for g in groups if g["offers"]],
            "offer_count": len(offers),
            "contacts": contact_list_for_employer(employer=employer),
            "invite_form": invite_form or ContactInviteForm(),
        },
        status=status,
    )


@employer_contact_required
def dashboard(request, employer):
    return _dashboard(request, employer)


@require_POST
@employer_contact_required
def colleague_invite(request, employer):
    form = ContactInviteForm(request.POST)
    if form.is_valid():
        try:
            contact, _invitation = services.contact_invite(
                employer=employer, by=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s : le lien est valable quelques jours.")
                % {"email": contact.email},
            )
            return redirect("employers:dashboard")
    return _dashboard(request, employer, invite_form=form)


# ---------------------------------------------------------------- offers


def _save_offer(request, form: OfferForm, *, employer, offer: Offer | None):
    """Create or update from a valid form; ``None`` when the service refused (errors on the form)."""
    was_published = offer is not None and offer.status == Offer.Status.PUBLISHED
    try:
        if offer is None:
            offer = services.offer_create(
                employer=employer,
                by=request.user,
                skills=form.service_skills(),
                dismissed_skills=form.service_dismissed(),
                **form.service_fields(),
            )
        else:
            offer = services.offer_update(
                offer=offer,
                by=request.user,
                skills=form.service_skills(),
                dismissed_skills=form.service_dismissed(),
                expected_updated_at=form.cleaned_data["expected_updated_at"],
                **form.service_fields(),
            )
    except ApplicationError as exc:
        add_application_error(
            form, exc, aliases={"occupation": "appellation_label", "appellation": "appellation_label"}
        )
        return None
    if "submit" in request.POST and offer.can("submit"):
        try:
            offer = services.offer_submit(offer=offer, by=request.user)
        except ApplicationError as exc:
            messages.error(
                request, _("Offre enregistrée, mais pas encore envoyée : %(m)s") % {"m": exc.message}
            )
            return offer
        if offer.status == Offer.Status.PUBLISHED:
            messages.success(
                request,
                _("Offre publiée : en tant que partenaire de l'école, elle est en ligne tout de suite."),
            )
        else:
            messages.success(
                request,
                _(
                    "Offre envoyée à l'école : elle sera en ligne dès sa validation (en général sous 2 jours ouvrés)."
                ),
            )
    elif was_published and offer.status == Offer.Status.SUBMITTED:
        messages.info(
            request,
            _(
                "Offre modifiée : le nouveau texte repasse par la validation de l'école avant d'être de nouveau en ligne."
            ),
        )
    else:
        messages.success(request, _("Offre enregistrée."))
    return offer


@employer_contact_required
def offer_create(request, employer):
    form = OfferForm(request.POST or None)
    # One token per displayed form: a double click or a resent POST publishes one offer.
    form_token = str(request.POST.get("form_token", ""))[:64] or submission_key_new()
    if request.method == "POST" and form.is_valid():
        offer_id, first = submission_once(
            user=request.user,
            scope="offer_create",
            key=form_token,
            action=lambda: _save_offer(request, form, employer=employer, offer=None),
        )
        if offer_id is not None:
            if not first:
                messages.info(
                    request, _("Cette offre était déjà enregistrée (formulaire envoyé deux fois) : la voici.")
                )
            return redirect("employers:offer_manage", pk=offer_id)
        if not first:
            # The first send is still being saved or was refused: show the form again, unchanged.
            messages.info(
                request, _("Ce formulaire a déjà été envoyé : vérifiez vos offres avant de le renvoyer.")
            )
    return render(
        request,
        "employers/offer_form.html",
        {"form": form, "offer": None, "employer": employer, "form_token": form_token},
    )


@employer_contact_required
def offer_edit(request, employer, pk: int):
    offer = offer_get_for_user(user=request.user, offer_id=pk)
    if offer.status not in Offer.EDITABLE:
        messages.error(
            request,
            _("Une offre « %(s)s » ne se modifie plus : dupliquez-la pour en publier une nouvelle.")
            % {"s": offer.get_status_display().lower()},
        )
        return redirect("employers:offer_manage", pk=offer.pk)
    form = OfferForm(request.POST or None, initial=OfferForm.initial_from(offer))
    if request.method == "POST" and form.is_valid():
        saved = _save_offer(request, form, employer=employer, offer=offer)
        if saved is not None:
            return redirect("employers:offer_manage", pk=saved.pk)
    is_partner = employer.is_approved and employer.has_active_partnership()
    return render(
        request,
        "employers/offer_form.html",
        {"form": form, "offer": offer, "employer": employer, "is_partner": is_partner},
    )


def offer_manage(request, pk: int):
    """One offer, its status and what can be done with it: for its employer, and for officers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offer = offer_get_for_user(user=request.user, offer_id=pk)
    actions = [name for name in ("submit", "refresh", "fill", "close") if _can(offer, name)]
    history = list(offer.transitions.select_related("actor"))
    labels = dict(Offer.Status.choices)
    for step in history:
        step.to_label = (
            _("Métier ROME choisi")
            if step.transition == "code_rome"
            else labels.get(step.to_state, step.to_state)
        )
    return render(
        request,
        "employers/offer_manage.html",
        {
            "offer": offer,
            "actions": actions,
            "history": history,
            "is_officer": request.user.is_officer,
            "editable": offer.status in Offer.EDITABLE and not request.user.is_officer,
            "facts": _facts_to_confirm(offer),
            # Read, and no ROME fiche: the classifier was not sure (or its code was turned down).
            "needs_occupation": offer.occupation_id is None
            and bool(offer.content_hash)
            and offer.analysed_hash == offer.content_hash,
        },
    )


def _facts_to_confirm(offer: Offer) -> list[dict]:
    """What the text analysis filled in, or read differently from what was typed, not yet confirmed."""
    rows = []
    for name, fact in (offer.extracted_facts or {}).items():
        if (
            not isinstance(fact, dict)
            or "confirmed" in fact
            or not (fact.get("applied") or fact.get("differs"))
        ):
            continue
        try:
            model_field = Offer._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            continue
        label = model_field.verbose_name
        value = _fact_display(model_field, str(fact.get("value", "")))
        if name == "occupation_id" and fact.get("evidence"):
            value = f"{fact['evidence']} ({value})"  # the fiche's label first, its code beside it
        rows.append(
            {
                "name": name,
                "label": label,
                "value": value,
                "evidence": fact.get("evidence", ""),
                "applied": bool(fact.get("applied")),
                "differs": bool(fact.get("differs")),
            }
        )
    return rows


def _fact_display(model_field, value: str) -> str:
    """A fact as a person reads it: a choice's French label ("Hybride", not "hybrid"), a number
    written the French way ("2 000", not "2000.0"), a date in words."""
    choices = dict(model_field.choices or ())
    if value in choices:
        return str(choices[value])
    with contextlib.suppress(ValueError):  # dates read as ISO strings show the French way
        return date_format(date.fromisoformat(value), "j F Y")
    with contextlib.suppress(ValueError):
        number = float(value)
        decimals = 0 if number == int(number) else 2
        return number_format(number, decimal_pos=decimals, force_grouping=True)
    return value


@require_POST
@employer_contact_required
def offer_fact(request, employer, pk: int):
    """The employer confirms or rejects one fact the text analysis read."""
    offer = offer_get_for_user(user=request.user, offer_id=pk)
    accept = request.POST.get("accept") == "1"
    try:
        services.offer_fact_confirm(
            offer=offer, by=request.user, name=request.POST.get("name", ""), accept=accept
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Merci, c'est noté.") if accept else _("Information retirée."))
    return redirect("employers:offer_manage", pk=offer.pk)


def _can(offer: Offer, action: str) -> bool:
    if action == "refresh":
        return offer.status == Offer.Status.PUBLISHED
    return offer.can(action)


ACTION_MESSAGES = {
    "refresh": gettext_lazy("Offre actualisée : elle reste en ligne 60 jours de plus."),
    "fill": gettext_lazy("Bravo ! L'offre est marquée pourvue et retirée de la liste publique."),
    "close": gettext_lazy("Offre fermée : elle n'est plus visible."),
}


@require_POST
@employer_contact_required
def offer_action(request, employer, pk: int):
    offer = offer_get_for_user(user=request.user, offer_id=pk)
    action = request.POST.get("action", "")
    try:
        if action == "submit":
            offer = services.offer_submit(offer=offer, by=request.user)
            if offer.status == Offer.Status.PUBLISHED:
                messages.success(
                    request,
                    _("Offre publiée : en tant que partenaire de l'école, elle est en ligne tout de suite."),
                )
            else:
                messages.success(
                    request, _("Offre envoyée à l'école : elle sera en ligne dès sa validation.")
                )
        elif action == "refresh":
            services.offer_refresh(offer=offer, by=request.user)
            messages.success(request, ACTION_MESSAGES[action])
        elif action in ("fill", "close"):
            services.offer_transition(offer=offer, transition=action, by=request.user)
            messages.success(request, ACTION_MESSAGES[action])
        elif action == "duplicate":
            copy = services.offer_duplicate(offer=offer, by=request.user)
            messages.success(
                request, _("Copie créée en brouillon : relisez-la puis envoyez-la en validation.")
            )
            return redirect("employers:offer_edit", pk=copy.pk)
        else:
            messages.error(request, _("Action inconnue."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("employers:offer_manage", pk=offer.pk)


# ---------------------------------------------------------------- CSV import


def _import_columns() -> list[dict]:
    """The columns the import reads, with the help people need to fill them."""
    return [
        {"name": name, "required": required, "help": help_text}
        for name, (_field, required, help_text) in imports.COLUMNS.items()
    ]


@employer_contact_required
def offer_import(request, employer):
    form = OfferImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.offers_import_csv(
                employer=employer, by=request.user, file=form.cleaned_data["file"]
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            if report.ok:
                messages.success(
                    request,
                    _("%(n)s offre(s) importée(s) en brouillon : relisez-les puis envoyez-les en validation.")
                    % {"n": len(report.created)},
                )
                return redirect("employers:dashboard")
    return render(
        request,
        "employers/offer_import.html",
        {"form": form, "report": report, "columns": _import_columns(), "employer": employer},
        status=400 if report is not None and not report.ok else 200,
    )


@employer_contact_required
def offer_import_template(request, employer):
    # The import's own template: filled example lines that pass its rules, BOM included for Excel.
    response = HttpResponse(imports.TEMPLATE_PATH.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tremplin-modele-offres.csv"'
    return response
