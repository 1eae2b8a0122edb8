"""Placements (hires, internships, jobs found elsewhere), follow-ups at 0, +3 and +6 months, the
graduate's e-mailed one-question form, and each person's notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from backend.core.exceptions import ApplicationError

from .. import services
from ..filters import OutcomeCheckFilter, PlacementFilter
from ..forms import (
    NotificationPreferenceForm,
    OutcomeAnswerForm,
    OutcomeForm,
    PlacementDeclareForm,
    PlacementRecordForm,
    PlacementReviewForm,
    add_application_error,
)
from ..models import OutcomeCheck, Placement
from ..notifications import preference_for
from ..selectors import (
    notification_list_for_user,
    outcome_check_get_for_user,
    outcome_check_list_for_user,
    placement_get_for_user,
    placement_list_for_user,
)
from ._common import forbidden, graduate_required, officer_required, paginate

# --- placements ----------------------------------------------------------------------------------


@officer_required
def placements(request):
    qs = placement_list_for_user(user=request.user)
    filterset = PlacementFilter(request.GET or None, queryset=qs, request=request)
    form = PlacementRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.placement_record(
                graduate=form.cleaned_data["graduate"], by=request.user, **form.service_kwargs()
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Placement enregistré : %(g)s chez %(e)s.")
                % {"g": placement.graduate.full_name, "e": placement.employer_name},
            )
            return redirect("placements:placements")
    return render(
        request,
        "placements/placements.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs.order_by("-start_date", "-pk"), per_page=30),
            "declared": list(qs.filter(status=Placement.Status.DECLARED).order_by("created_at")),
            "form": form,
            "review_form": PlacementReviewForm(),
        },
        status=400 if form.errors else 200,
    )


@graduate_required
def placement_declare(request, graduate):
    form = PlacementDeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_record(graduate=graduate, by=request.user, **form.service_kwargs())
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Merci ! L'école va confirmer cette information. Bonne route dans votre nouvelle aventure."
                ),
            )
            return redirect("placements:mine")
    return render(
        request,
        "placements/placement_declare.html",
        {"form": form, "graduate": graduate},
        status=400 if form.errors else 200,
    )


@login_required
def placement_confirm(request, pk: int):
    """An officer, or the employer the placement names, confirms or rejects a declared placement."""
    user = request.user
    if not (user.is_officer or user.is_employer):
        return forbidden(request, _("Seuls l'école et l'employeur concerné confirment un emploi déclaré."))
    placement = placement_get_for_user(user=user, placement_id=pk)  # another company's: 404
    back = "placements:placements" if user.is_officer else "placements:employer_board"
    form = PlacementReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.placement_confirm(
                placement=placement, by=user, confirm=confirm, note=form.cleaned_data["note"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Emploi de %(g)s confirmé.") % {"g": placement.graduate.full_name}
                if confirm
                else _("Déclaration de %(g)s non confirmée.") % {"g": placement.graduate.full_name},
            )
        return redirect(back)
    return render(
        request,
        "placements/placement_confirm.html",
        {"placement": placement, "form": form, "back": back},
        status=400 if form.errors else 200,
    )


# --- outcome checks ------------------------------------------------------------------------------


@officer_required
def outcomes(request):
    if request.method == "POST" and request.POST.get("action") == "open_due":
        report = services.outcome_checks_open_due(wet_run=True)
        messages.success(
            request,
            _("%(n)s suivi(s) ouvert(s), %(f)s formulaire(s) envoyé(s).")
            % {"n": len(report.created), "f": report.forms_sent},
        )
        return redirect("placements:outcomes")
    qs = outcome_check_list_for_user(user=request.user)
    filterset = OutcomeCheckFilter(request.GET or None, queryset=qs, request=request)
    filtered = filterset.qs
    counts = filtered.aggregate(
        to_fill=Count("pk", filter=Q(validated_at__isnull=True, situation=OutcomeCheck.Situation.UNKNOWN)),
        to_validate=Count(
            "pk", filter=Q(validated_at__isnull=True) & ~Q(situation=OutcomeCheck.Situation.UNKNOWN)
        ),
        validated=Count("pk", filter=Q(validated_at__isnull=False)),
    )
    page = paginate(
        request, filtered.order_by("validated_at", "due_on", "graduate__last_name", "pk"), per_page=40
    )
    return render(
        request,
        "placements/outcomes.html",
        {"filter": filterset, "page": page, "counts": counts, "today": timezone.localdate()},
    )


@officer_required
def outcome_edit(request, pk: int):
    check = outcome_check_get_for_user(user=request.user, check_id=pk)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "send_form":
                services.outcome_form_send(check=check, by=request.user)
                messages.success(request, _("Formulaire envoyé à %(g)s.") % {"g": check.graduate.full_name})
                return redirect("placements:outcome_edit", pk=check.pk)
            form = OutcomeForm(request.POST)
            if not form.is_valid():
                return _outcome_page(request, check, form, status=400)
            services.outcome_fill(check=check, by=request.user, **form.cleaned_data)
            if action == "validate":
                services.outcome_validate(check=check, by=request.user)
                messages.success(request, _("Suivi validé : il compte désormais dans le rapport."))
            else:
                messages.success(request, _("Suivi enregistré (pas encore validé)."))
        except ApplicationError as exc:
            check.refresh_from_db()
            if check.is_frozen:
                messages.error(request, exc.message)
                return redirect("placements:outcome_edit", pk=check.pk)
            form = OutcomeForm(request.POST)
            form.is_valid()
            add_application_error(form, exc)
            return _outcome_page(request, check, form, status=400)
        return redirect("placements:outcome_edit", pk=check.pk)
    return _outcome_page(
        request, check, None if check.is_frozen else OutcomeForm(initial=OutcomeForm.initial_from(check))
    )


def _outcome_page(request, check: OutcomeCheck, form, status: int = 200):
    graduate = check.graduate
    return render(
        request,
        "placements/outcome_edit.html",
        {
            "check": check,
            "form": None if check.is_frozen else form,
            "placements": list(graduate.placements.order_by("-start_date")),
            "siblings": list(graduate.outcome_checks.order_by("due_on")),
            "is_due": check.due_on <= timezone.localdate(),
            "form_expired": check.form_expired(),
        },
        status=status,
    )


@never_cache
def outcome_form(request, token: str):
    """The graduate's one question, reached from the e-mailed link: no sign-in, a phone is enough."""
    check = services.outcome_check_for_token(token)
    if check is None or check.form_expired() or check.is_frozen:
        return render(
            request,
            "placements/outcome_form.html",
            {"state": "closed", "form": None, "check": None},
            status=404,
        )
    form = OutcomeAnswerForm(
        request.POST or None, initial=OutcomeAnswerForm.initial_from(check) if check.has_answer else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            check = services.outcome_answer(token=token, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status_code in (404, 409):
                return render(
                    request,
                    "placements/outcome_form.html",
                    {"state": "closed", "form": None, "check": None},
                    status=404,
                )
            add_application_error(form, exc)
        else:
            return render(
                request, "placements/outcome_form.html", {"state": "done", "form": None, "check": check}
            )
    return render(
        request,
        "placements/outcome_form.html",
        {"state": "open", "form": form, "check": check},
        status=400 if form.errors else 200,
    )


# --- notifications -------------------------------------------------------------------------------


@login_required
def notifications(request):
    user = request.user
    pref = preference_for(user)
    pref_form = NotificationPreferenceForm(
        initial={"frequency": pref.frequency, "muted_kinds": pref.muted_kinds}, user=user
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "read_all":
            services.notifications_mark_read(user=user)
            messages.success(request, _("Toutes les notifications sont marquées comme lues."))
            return redirect("placements:notifications")
        if action == "read":
            raw = request.POST.get("id", "")
            if (
                not (raw.isascii() and raw.isdigit())
                or not notification_list_for_user(user=user).filter(pk=int(raw)).exists()
            ):
                raise Http404
            services.notifications_mark_read(user=user, ids=[int(raw)])
            return redirect("placements:notifications")
        if action == "preferences":
            pref_form = NotificationPreferenceForm(request.POST, user=user)
            if pref_form.is_valid():
                try:
                    services.notification_preference_set(user=user, **pref_form.cleaned_data)
                except ApplicationError as exc:
                    add_application_error(pref_form, exc)
                else:
                    messages.success(request, _("Préférences enregistrées."))
                    return redirect("placements:notifications")
    page = paginate(request, notification_list_for_user(user=user), per_page=30)
    return render(
        request,
        "placements/notifications.html",
        {
            "page": page,
            "unread": notification_list_for_user(user=user).filter(read_at__isnull=True).count(),
            "pref_form": pref_form,
        },
        status=400 if pref_form.errors else 200,
    )
