"""Candidacies: the school's board, the graduate's list, the employer's received candidacies, one
candidacy's page and its moves, applying to an offer, proposing a graduate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from employers.selectors import offer_get_for_user, offer_get_public
from graduates import services as graduate_services
from graduates.forms import CvForm
from graduates.models import Cohort
from graduates.selectors import graduate_list_for_user
from graduates.views.graduate import cv_response

from .. import services
from ..filters import ApplicationFilter
from ..forms import ActionForm, ApplyForm, ProposeForm, RescheduleForm, add_application_error
from ..models import Application, Placement
from ..selectors import (
    application_get_for_user,
    application_list_for_user,
    application_timeline,
    applications_stale,
    board_columns,
    role_for,
)
from ._common import (
    employer_contact_required,
    forbidden,
    graduate_required,
    officer_required,
    paginate,
    safe_next,
)

# Actions that need more than a click: a reason, or a date.
ACTIONS_WITH_FORM = {"refuse", "schedule_interview"}
# Actions a graduate takes on their own page (applying goes through the form with message and CV).
GRADUATE_BUTTONS = {"show_interest", "withdraw", "cancel_interview"}


def decorate(apps, *, role: str, now=None) -> list[Application]:
    """What a card needs besides the row: staleness and the moves this person may make."""
    now = now or timezone.now()
    apps = list(apps)
    for app in apps:
        app.stale = app.is_stale(now)
        app.days_idle = app.days_without_movement(now)
        names = app.allowed_transitions(role)
        if role == "graduate":
            names = [n for n in names if n in GRADUATE_BUTTONS]
        app.actions = [
            {"name": n, "label": Application.transition_label(n, role), "form": n in ACTIONS_WITH_FORM}
            for n in names
        ]
    return apps


def _action_context(role: str) -> dict:
    return {"role": role, "refusal_reasons": Application.RefusalReason.choices}


# --- the school's board --------------------------------------------------------------------------


@officer_required
def board(request):
    now = timezone.now()
    qs = application_list_for_user(user=request.user)
    filterset = ApplicationFilter(request.GET or None, queryset=qs, request=request)
    filtered = filterset.qs
    as_list = request.GET.get("vue") == "liste"
    context = {
        "filter": filterset,
        "as_list": as_list,
        "stale_count": applications_stale(filtered, now=now).count(),
        "stale_on": request.GET.get("stale") in {"1", "true"},
        "next": request.get_full_path(),
        "columns": [],
        "page": None,
        **_action_context("officer"),
    }
    if as_list:
        page = paginate(request, filtered.order_by("moved_at", "pk"), per_page=30)
        page.object_list = decorate(page.object_list, role="officer", now=now)
        context["page"] = page
    else:
        columns = board_columns(filtered, now=now)
        for column in columns:
            column["cards"] = decorate(column["cards"], role="officer", now=now)
        context["columns"] = columns
    return render(request, "placements/board.html", context)


# --- the graduate's candidacies ------------------------------------------------------------------


@graduate_required
def mine(request, graduate):
    now = timezone.now()
    apps = decorate(
        application_list_for_user(user=request.user).order_by("-moved_at", "-pk"), role="graduate", now=now
    )
    return render(
        request,
        "placements/mine.html",
        {
            "graduate": graduate,
            "pending": [a for a in apps if a.is_pending],
            "finished": [a for a in apps if not a.is_pending],
            "placements": list(graduate.placements.select_related("employer").order_by("-start_date")),
            "next": request.get_full_path(),
            **_action_context("graduate"),
        },
    )


# --- the employer's received candidacies ---------------------------------------------------------


@employer_contact_required
def employer_board(request, employer):
    now = timezone.now()
    show_finished = request.GET.get("etat") == "terminees"
    qs = application_list_for_user(user=request.user, employer=employer)
    qs = (
        qs.exclude(state__in=Application.PENDING)
        if show_finished
        else qs.filter(state__in=Application.PENDING)
    )
    apps = decorate(qs.order_by("offer__title", "offer_id", "moved_at", "pk"), role="employer", now=now)
    groups: list[dict] = []
    for app in apps:
        if not groups or groups[-1]["offer"].pk != app.offer_id:
            groups.append({"offer": app.offer, "applications": []})
        groups[-1]["applications"].append(app)
    declared = list(
        Placement.objects.filter(employer=employer, status=Placement.Status.DECLARED).select_related(
            "graduate"
        )
    )
    return render(
        request,
        "placements/employer_board.html",
        {
            "employer": employer,
            "groups": groups,
            "show_finished": show_finished,
            "declared": declared,
            "next": request.get_full_path(),
            **_action_context("employer"),
        },
    )


# --- one candidacy -------------------------------------------------------------------------------


def _cv_available(app: Application, role: str) -> bool:
    """Employers get the CV only once the graduate sent it: applied (or later) with « joindre mon CV »."""
    if not app.graduate.cv_file:
        return False
    if role != "employer":
        return True
    unsent = {Application.State.SUGGESTED, Application.State.INTERESTED}
    return app.share_cv and app.state not in unsent and app.applied_at is not None


@login_required
def detail(request, pk: int):
    app = application_get_for_user(user=request.user, application_id=pk)
    role = role_for(request.user)
    (app,) = decorate([app], role=role)
    return render(
        request,
        "placements/detail.html",
        {
            "app": app,
            "timeline": application_timeline(application=app),
            "cv_available": _cv_available(app, role),
            "can_apply": role == "graduate"
            and app.state in {Application.State.SUGGESTED, Application.State.INTERESTED},
            "next": request.get_full_path(),
            **_action_context(role),
        },
    )


@login_required
def cv(request, pk: int):
    """The graduate's CV, for whoever may see this candidacy (employers only when it was shared)."""
    app = application_get_for_user(user=request.user, application_id=pk)
    role = role_for(request.user)
    if not _cv_available(app, role):
        raise Http404
    if role != "graduate":
        audit_log(
            actor=request.user, action="graduate.cv_downloaded", target=app.graduate, application=app.pk
        )
    return cv_response(app.graduate)


@require_POST
@login_required
def action(request, pk: int):
    """One move of a candidacy. htmx gets the card back in place; without JavaScript, the page it came from."""
    app = application_get_for_user(user=request.user, application_id=pk)
    role = role_for(request.user)
    form = ActionForm(request.POST)
    flash, ok = "", False
    if form.is_valid():
        try:
            app = services.application_transition(application=app, by=request.user, **form.service_kwargs())
        except ApplicationError as exc:
            if exc.status_code == 404:
                raise Http404 from exc
            flash = exc.message
        else:
            ok = True
            flash = _("« %(a)s » : la candidature est maintenant à l'étape « %(s)s ».") % {
                "a": Application.TRANSITION_LABELS[form.cleaned_data["transition"]],
                "s": app.get_state_display(),
            }
    else:
        flash = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:
        (fresh,) = decorate([application_get_for_user(user=request.user, application_id=pk)], role=role)
        return render(
            request,
            "placements/_card.html",
            {
                "app": fresh,
                "flash": flash,
                "flash_ok": ok,
                "next": safe_next(request, reverse("placements:application_detail", args=[pk])),
                "with_cohort": role == "officer",
                **_action_context(role),
            },
        )
    (messages.success if ok else messages.error)(request, flash)
    return redirect(safe_next(request, reverse("placements:application_detail", args=[pk])))


@require_POST
@login_required
def interview_reschedule(request, pk: int):
    """The employer or the school moves a planned interview; calendars get the change (SEQUENCE + 1)."""
    app = application_get_for_user(user=request.user, application_id=pk)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            app = services.application_interview_reschedule(
                application=app, by=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            if exc.status_code == 404:
                raise Http404 from exc
            messages.error(request, exc.message)
        else:
            when = timezone.localtime(app.interview_at)
            messages.success(
                request,
                _(
                    "Entretien déplacé au %(d)s à %(h)s : la personne est prévenue, les agendas abonnés se mettent à jour."
                )
                % {"d": date_format(when, "l j F Y"), "h": time_format(when, "H:i")},
            )
    return redirect("placements:application_detail", pk=pk)


# --- starting a candidacy ------------------------------------------------------------------------


@graduate_required
def apply(request, graduate, offer_id: int):
    offer = offer_get_public(offer_id=offer_id)
    existing = Application.objects.filter(graduate=graduate, offer=offer).first()
    if existing is not None and existing.state not in {
        Application.State.SUGGESTED,
        Application.State.INTERESTED,
    }:
        messages.info(request, _("Vous avez déjà une candidature pour cette offre."))
        return redirect("placements:application_detail", pk=existing.pk)
    if request.method == "POST" and request.POST.get("upload_cv"):
        return _apply_upload_cv(request, graduate, offer, existing)
    has_cv = bool(graduate.cv_file)
    form = ApplyForm(request.POST or None, has_cv=has_cv)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.application_start(
                graduate=graduate,
                offer=offer,
                by=request.user,
                message=form.cleaned_data["message"],
                share_cv=has_cv and form.cleaned_data["share_cv"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            if offer.is_external:
                # A territory offer is applied for on France Travail; Tremplin keeps the candidacy to follow it.
                messages.success(
                    request,
                    _(
                        "Candidature externe enregistrée : terminez-la sur France Travail, puis suivez-la ici."
                    ),
                )
                return redirect(offer.external_url)
            messages.success(
                request,
                _("Candidature envoyée à %(e)s. Vous suivrez sa réponse ici.") % {"e": offer.employer_label},
            )
            return redirect("placements:application_detail", pk=app.pk)
    return _apply_page(request, graduate, offer, existing, form, status=400 if form.errors else 200)


def _apply_page(request, graduate, offer, existing, form, *, cv_form=None, status=200):
    return render(
        request,
        "placements/apply.html",
        {
            "offer": offer,
            "form": form,
            "graduate": graduate,
            "existing": existing,
            "has_cv": bool(graduate.cv_file),
            "cv_form": cv_form or CvForm(),
        },
        status=status,
    )


def _apply_upload_cv(request, graduate, offer, existing):
    """« Déposer mon CV » on the apply page: the CV goes to the profile and the page comes back with
    the message the graduate had typed (leaving for the profile lost it and never came back)."""
    cv_form = CvForm(request.POST, request.FILES)
    if cv_form.is_valid():
        upload = cv_form.cleaned_data["cv"]
        try:
            graduate_services.graduate_cv_upload(
                graduate=graduate, by=request.user, file=upload, filename=upload.name
            )
        except ApplicationError as exc:
            cv_form.add_error("cv", exc.message)
    if cv_form.errors:
        form = ApplyForm(initial={"message": request.POST.get("message", "")}, has_cv=bool(graduate.cv_file))
        return _apply_page(request, graduate, offer, existing, form, cv_form=cv_form, status=400)
    messages.success(
        request, _("CV enregistré dans votre profil : vous pouvez le joindre à cette candidature.")
    )
    form = ApplyForm(initial={"message": request.POST.get("message", ""), "share_cv": True}, has_cv=True)
    return _apply_page(request, graduate, offer, existing, form)


@login_required
def propose(request, offer_id: int):
    """The school pushes a graduate of a cohort to an employer; an employer invites a visible graduate."""
    user = request.user
    if not (user.is_officer or user.is_employer):
        return forbidden(request, _("Seuls l'école et les employeurs proposent des candidatures."))
    offer = offer_get_for_user(user=user, offer_id=offer_id)  # another company's offer: 404
    graduates = graduate_list_for_user(user=user).filter(user__isnull=False, user__is_active=True)
    cohorts = Cohort.objects.order_by("-training_start", "name") if user.is_officer else Cohort.objects.none()
    cohort = None
    cohort_id = request.POST.get("cohort") or request.GET.get("cohort") or ""
    if user.is_officer and (cohort_id.isascii() and cohort_id.isdigit()):
        cohort = cohorts.filter(pk=int(cohort_id)).first()
        if cohort is not None:
            graduates = graduates.filter(cohort=cohort)
    graduates = graduates.order_by("last_name", "first_name")
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if data.get("graduate_id") and not data.get("graduate"):
            data["graduate"] = data["graduate_id"]
        chosen = data.get("graduate", "")
        if user.is_employer and not (
            chosen.isascii() and chosen.isdigit() and graduates.filter(pk=int(chosen)).exists()
        ):
            raise Http404  # a profile the company may not see
    form = ProposeForm(data, graduates=graduates)
    default_back = reverse("employers:offer_manage", args=[offer.pk])
    if data is not None and form.is_valid():
        graduate = form.cleaned_data["graduate"]
        try:
            app = services.application_start(
                graduate=graduate, offer=offer, by=user, message=form.cleaned_data["message"]
            )
        except ApplicationError as exc:
            if exc.status_code == 404:
                raise Http404 from exc
            add_application_error(form, exc)
            if user.is_employer:
                messages.error(request, exc.message)
                return redirect(safe_next(request, default_back))
        else:
            if user.is_officer:
                messages.success(
                    request,
                    _("Candidature de %(g)s transmise à %(e)s.")
                    % {"g": graduate.full_name, "e": offer.employer_label},
                )
                return redirect("placements:application_detail", pk=app.pk)
            messages.success(
                request,
                _("Invitation envoyée : %(g)s la verra dans son espace et décidera de postuler.")
                % {"g": graduate.full_name},
            )
            return redirect(safe_next(request, default_back))
    return render(
        request,
        "placements/propose.html",
        {
            "offer": offer,
            "form": form,
            "cohorts": cohorts,
            "cohort": cohort,
            "is_officer": user.is_officer,
            "next": safe_next(request, default_back),
        },
        status=400 if form.errors else 200,
    )
