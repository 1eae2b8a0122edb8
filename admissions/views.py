"""Admissions pages: the public form and the candidate's private page (no account: the private link
is the key), and the school's pages (applications, selection grid and decisions, information sessions)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from backend.accounts.throttles import form_throttle_wait, throttled_response
from backend.core.exceptions import ApplicationError
from backend.core.guards import login_then, paginate

from . import funnel as funnel_report
from . import retention, selectors, services
from .eligibility import eligible_communes, epci_label
from .forms import (
    ApplicationForm,
    AssessForm,
    DecisionForm,
    EnrolForm,
    EraseForm,
    LinkResendForm,
    SessionForm,
)
from .ics import booking_calendar
from .models import CONFIRM_DAYS, Application, InformationSession

staff_required = login_then(
    lambda user: user.is_officer or user.is_trainer,
    _("Cette page est réservée à l'équipe de l'école."),
)
officer_only = login_then(
    lambda user: user.is_officer, _("Seule l'équipe d'insertion de l'école décide des admissions.")
)


def _private(response: HttpResponse) -> HttpResponse:
    # The address holds the candidate's key: never cached, never sent to another site as a referrer
    # ("no-referrer" would also make the browser send "Origin: null" with her own forms, which CSRF refuses).
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


# ---------------------------------------------------------------- public


def apply(request):
    refusal = ""
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        wait = form_throttle_wait(request, "admission", email=str(request.POST.get("email", ""))[:254])
        if wait is not None:
            return throttled_response(request, wait)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.application_submit(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    birth_date=data["birth_date"],
                    gender=data["gender"],
                    commune=data["commune_obj"],
                    job_seeker=data["job_seeker"],
                    rsa=data["rsa"],
                    qpv_declared=data["qpv_declared"],
                    diploma_level=data["diploma_level"],
                    track=data["track"],
                    motivation=data["motivation"],
                    availability=data["availability"],
                )
            except ApplicationError as exc:
                if exc.extra.get("outside"):
                    refusal = exc.message
                else:
                    form.add_error(
                        exc.extra.get("field") if exc.extra.get("field") in form.fields else None, exc.message
                    )
            else:
                # The same page whatever happened (new, updated or already confirmed): the e-mail says
                # which, to the address's owner only.
                request.session["admission_sent_to"] = data["email"].strip()
                return redirect("admissions:apply_sent")
    else:
        form = ApplicationForm()
    communes = sorted(eligible_communes().values())
    return render(
        request,
        "admissions/apply.html",
        {"form": form, "refusal": refusal, "communes": communes, "epci": epci_label()},
        status=200,
    )


@never_cache
def apply_sent(request):
    """« Vérifiez votre boîte mail » after the form: the address she typed (so she can spot a typo), and
    nothing about whether it had applied before."""
    return render(
        request,
        "admissions/apply_sent.html",
        {"email": request.session.get("admission_sent_to", ""), "confirm_days": CONFIRM_DAYS},
    )


def link_resend(request):
    """« J'ai perdu mon lien »: the same answer whether the address applied or not (no enumeration)."""
    sent = False
    form = LinkResendForm(request.POST or None)
    if request.method == "POST":
        wait = form_throttle_wait(request, "admission", email=str(request.POST.get("email", ""))[:254])
        if wait is not None:
            return throttled_response(request, wait)
        if form.is_valid():
            services.application_link_resend(email=form.cleaned_data["email"])
            sent = True
    return render(request, "admissions/link_resend.html", {"form": form, "sent": sent})


def _candidate(token: str) -> Application:
    application = services.application_by_token(token=token)
    if application is None:
        raise Http404(_("Ce lien de suivi ne correspond à aucune candidature."))
    return application


@never_cache
def follow(request, token: str):
    application = _candidate(token)
    services.application_seen(application=application)
    booking = getattr(application, "booking", None)
    if application.is_pending:
        context = {
            "application": application,
            "token": token,
            "deadline": application.confirm_before,
        }
        return _private(render(request, "admissions/confirm.html", context))
    sessions = []
    if application.state == Application.State.SUBMITTED:
        sessions = [{"session": s, "left": services.seats_left(s)} for s in selectors.sessions_upcoming()]
    context = {
        "application": application,
        "token": token,
        "booking": booking,
        "sessions": sessions,
        "decided": application.state
        in (Application.State.ADMITTED, Application.State.WAITLISTED, Application.State.NOT_ADMITTED),
        "erase_form": EraseForm(),
        "retention_years": retention.RETENTION_DAYS // 365,
    }
    return _private(render(request, "admissions/follow.html", context))


@require_POST
def follow_confirm(request, token: str):
    """« Confirmer ma candidature », from the page the e-mail's link opens (a button, not the link itself:
    a mail scanner opening links would otherwise confirm an address its owner never used)."""
    application = _candidate(token)
    if application.is_pending:
        try:
            services.application_confirm(application=application)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("admissions:follow", token=token)
        messages.success(
            request,
            _(
                "Candidature confirmée, merci ! Gardez l'e-mail : son lien ouvre cette page. Étape suivante : "
                "réservez votre place à une réunion d'information."
            ),
        )
    return redirect("admissions:follow", token=token)


@require_POST
def follow_book(request, token: str):
    application = _candidate(token)
    session = InformationSession.objects.filter(pk=request.POST.get("session") or 0).first()
    if session is None:
        messages.error(request, _("Choisissez une réunion dans la liste."))
        return redirect("admissions:follow", token=token)
    try:
        services.session_book(application=application, session=session)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        when = timezone.localtime(session.starts_at)
        messages.success(
            request,
            _(
                "C'est réservé : réunion du %(d)s à %(h)s. Ajoutez-la à votre agenda ; nous vous la rappelons la veille."
            )
            % {"d": date_format(when, "l j F Y"), "h": date_format(when, "H:i")},
        )
    return redirect("admissions:follow", token=token)


@never_cache
def follow_ics(request, token: str):
    application = _candidate(token)
    booking = getattr(application, "booking", None)
    if booking is None:
        raise Http404(_("Aucune réunion réservée."))
    body = booking_calendar(booking, url=services.follow_url(token))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reunion-information.ics"'
    return _private(response)


@require_POST
def follow_withdraw(request, token: str):
    application = _candidate(token)
    try:
        services.application_transition(application=application, transition="withdraw", by=None)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Votre candidature est retirée. Vous pourrez candidater à nouveau plus tard.")
        )
    return redirect("admissions:follow", token=token)


@require_POST
def follow_erase(request, token: str):
    """The candidate erases her application herself: no officer confirms it (see docs/reliability.md)."""
    application = _candidate(token)
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez la case pour confirmer l'effacement."))
        return redirect("admissions:follow", token=token)
    try:
        retention.application_erase_by_candidate(application=application)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("admissions:follow", token=token)
    return redirect("admissions:erased")


def erased(request):
    return _private(render(request, "admissions/erased.html"))


# ---------------------------------------------------------------- the school


@staff_required
def staff_list(request):
    state = request.GET.get("etat", "")
    page = paginate(request, selectors.applications_for_staff(state=state), per_page=30)
    return render(
        request,
        "admissions/staff_list.html",
        {
            "page": page,
            "state": state,
            "states": Application.State.choices,
            "pending": selectors.applications_for_staff(state=Application.State.PENDING).count(),
        },
    )


def _detail(
    request, application: Application, *, assess_form=None, decision_form=None, enrol_form=None, status=200
):
    qpv = "" if application.qpv_checked is None else ("yes" if application.qpv_checked else "no")
    context = {
        "application": application,
        "log": application.transitions.select_related("actor"),
        "assess_form": assess_form
        or AssessForm(
            initial={
                "test_score": application.test_score,
                "interview_score": application.interview_score,
                "note": application.assessment_note,
                "qpv_checked": qpv,
            }
        ),
        "decision_form": decision_form or DecisionForm(),
        "enrol_form": enrol_form or EnrolForm(track=application.track),
        "officer_moves": application.allowed_transitions("officer"),
        "age": application.age_on(timezone.localdate()),
        # Booking on her behalf (someone who called the school): the same sessions she would see.
        "sessions": [
            {"session": s, "left": services.seats_left(s)}
            for s in selectors.sessions_upcoming().order_by("starts_at")
        ]
        if request.user.is_officer and application.state == Application.State.SUBMITTED
        else [],
        "booked_session": getattr(getattr(application, "booking", None), "session_id", None),
    }
    return render(request, "admissions/staff_detail.html", context, status=status)


@staff_required
def staff_detail(request, pk: int):
    return _detail(request, get_object_or_404(selectors.applications_for_staff(with_pending=True), pk=pk))


@require_POST
@staff_required
def staff_assess(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    form = AssessForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, assess_form=form, status=400)
    data = form.cleaned_data
    qpv = {"yes": True, "no": False}.get(data["qpv_checked"])
    try:
        services.application_assess(
            application=application,
            by=request.user,
            test_score=data["test_score"],
            interview_score=data["interview_score"],
            note=data["note"],
            qpv_checked=qpv,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Grille enregistrée."))
    return redirect("admissions:staff_detail", pk=pk)


@require_POST
@officer_only
def staff_book(request, pk: int):
    """An officer books an information session for a candidate who called the school."""
    application = get_object_or_404(selectors.applications_for_staff(with_pending=True), pk=pk)
    session = InformationSession.objects.filter(pk=request.POST.get("session") or 0).first()
    if session is None:
        messages.error(request, _("Choisissez une réunion dans la liste."))
        return redirect("admissions:staff_detail", pk=pk)
    try:
        services.session_book(application=application, session=session, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        when = timezone.localtime(session.starts_at)
        messages.success(
            request,
            _(
                "Réservé pour %(n)s : réunion du %(d)s à %(h)s. L'invitation lui est envoyée par e-mail (%(e)s)."
            )
            % {
                "n": application.full_name,
                "d": date_format(when, "l j F Y"),
                "h": date_format(when, "H:i"),
                "e": application.email,
            },
        )
    return redirect("admissions:staff_detail", pk=pk)


@require_POST
@staff_required
def staff_decide(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, decision_form=form, status=400)
    try:
        services.application_transition(
            application=application,
            transition=form.cleaned_data["transition"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as exc:
        form.add_error("reason" if exc.extra.get("field") == "reason" else None, exc.message)
        return _detail(request, application, decision_form=form, status=exc.status_code)
    messages.success(request, _("Décision enregistrée."))
    return redirect("admissions:staff_detail", pk=pk)


@require_POST
@officer_only
def staff_enrol(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    form = EnrolForm(request.POST, track=application.track)
    if not form.is_valid():
        return _detail(request, application, enrol_form=form, status=400)
    try:
        graduate = services.application_enrol(
            application=application, cohort=form.cleaned_data["cohort"], by=request.user
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _detail(request, application, enrol_form=form, status=exc.status_code)
    messages.success(
        request,
        _("%(n)s rejoint la promotion « %(c)s ».") % {"n": graduate.full_name, "c": graduate.cohort.name},
    )
    return redirect("admissions:staff_detail", pk=pk)


@staff_required
def sessions(request):
    form = SessionForm()
    status = 200
    if request.method == "POST":
        if not request.user.is_officer:
            messages.error(request, _("Seule l'équipe d'insertion de l'école organise les réunions."))
            return redirect("admissions:sessions")
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                services.session_create(by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                field = exc.extra.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Réunion créée : les candidat·es peuvent la réserver."))
                return redirect("admissions:sessions")
        status = 400
    rows = [{"session": s, "left": services.seats_left(s)} for s in selectors.sessions_for_staff()]
    return render(request, "admissions/sessions.html", {"form": form, "rows": rows}, status=status)


@staff_required
def session_detail(request, pk: int):
    session = get_object_or_404(InformationSession, pk=pk)
    bookings = session.bookings.select_related("application__commune").order_by("application__last_name")
    return render(
        request,
        "admissions/session_detail.html",
        {"session": session, "bookings": bookings, "left": services.seats_left(session)},
    )


@require_POST
@staff_required
def session_attend(request, pk: int):
    session = get_object_or_404(InformationSession, pk=pk)
    application = get_object_or_404(
        Application, pk=request.POST.get("application") or 0, booking__session=session
    )
    try:
        services.application_transition(application=application, transition="attend", by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Présence enregistrée pour %(n)s.") % {"n": application.full_name})
    return redirect("admissions:session_detail", pk=pk)


@officer_only
def funnel(request):
    """The funnel by QPV, gender, age band and diploma level (entry characteristics: officers only)."""
    year = request.GET.get("annee", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    report = funnel_report.funnel_build(year=year)
    fmt = request.GET.get("format", "")
    suffix = f"-{year}" if year else ""
    if fmt == "csv":
        response = HttpResponse(funnel_report.funnel_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="entonnoir-admissions{suffix}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            funnel_report.funnel_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="entonnoir-admissions{suffix}.xlsx"'
        return response
    labels = funnel_report.stage_labels()
    stages = [(s, labels[s]) for s in funnel_report.STAGES]
    charts = funnel_report.funnel_charts(report)
    groups = [
        {
            "title": g.title,
            "chart": chart,
            "rows": [{"label": r.label, "cells": [r.counts[s] for s, _l in stages]} for r in g.rows],
        }
        for g, chart in charts["groups"]
    ]
    return render(
        request,
        "admissions/funnel.html",
        {
            "groups": groups,
            "stages": stages,
            "chart": charts["total"],
            "total_cells": [report.total.counts[s] for s, _l in stages],
            "year": year or "",
        },
    )
