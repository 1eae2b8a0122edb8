"""The school's side: cohorts, import, invitations, the cohort board, confirming skills."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError

from .. import privacy, selectors, services
from ..forms import CohortForm, ImportForm, add_application_error, chosen_skills
from ..imports import COLUMNS, HEADER_LABELS, graduates_import, template_rows
from ..models import GraduateSkill
from ._common import officer_required
from .graduate import cv_response


@officer_required
def cohort_list(request):
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        trainers = data.pop("trainers")
        try:
            cohort = services.cohort_create(by=request.user, trainers=trainers, **data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Promotion « %(n)s » créée : importez maintenant ses diplômé·es.") % {"n": cohort.name},
            )
            return redirect("graduates:cohort_import", pk=cohort.pk)
    return render(
        request,
        "graduates/cohort_list.html",
        {"cohorts": selectors.cohort_list_for_officer(), "form": form},
        status=400 if form.errors else 200,
    )


@officer_required
def cohort_board(request, pk: int):
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=pk)
    rows = selectors.cohort_board(cohort=cohort)
    privacy.graduates_view_record(
        graduates=[r["graduate"] for r in rows], by=request.user, channel="cohort-board"
    )
    return render(
        request,
        "graduates/cohort_board.html",
        {
            "cohort": cohort,
            "rows": rows,
            "without_account": sum(not r["has_account"] for r in rows),
            "average": round(sum(r["completeness"] for r in rows) / len(rows)) if rows else 0,
        },
    )


@officer_required
def cohort_edit(request, pk: int):
    """Change a cohort's name, dates or trainers (its graduates stay as they are)."""
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=pk)
    initial = {field: getattr(cohort, field) for field in services.COHORT_FIELDS}
    initial["trainers"] = list(cohort.trainers.all())
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        trainers = data.pop("trainers")
        try:
            services.cohort_update(cohort=cohort, by=request.user, trainers=trainers, **data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Promotion « %(n)s » mise à jour.") % {"n": cohort.name})
            return redirect("graduates:cohort_board", pk=cohort.pk)
    return render(
        request,
        "graduates/cohort_form.html",
        {"cohort": cohort, "form": form},
        status=400 if form.errors else 200,
    )


@officer_required
def cohort_import(request, pk: int):
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = graduates_import(cohort=cohort, by=request.user, file=upload, filename=upload.name)
        if report.ok:
            messages.success(
                request,
                _("%(n)s diplômé·es importé·es. Envoyez-leur maintenant leur invitation.")
                % {"n": len(report.created)},
            )
            return redirect("graduates:cohort_board", pk=cohort.pk)
    return render(
        request,
        "graduates/cohort_import.html",
        {
            "cohort": cohort,
            "form": form,
            "report": report,
            "columns": list(HEADER_LABELS.values()),
            "required": COLUMNS,
        },
        status=400 if report is not None else 200,
    )


@officer_required
def cohort_import_template(request, pk: int):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="promotion-modele.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerows(template_rows())
    return response


@require_POST
@officer_required
def cohort_invite(request, pk: int):
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=pk)
    invitations = services.cohort_invite_pending(cohort=cohort, by=request.user)
    if invitations:
        messages.success(request, _("%(n)s invitation(s) envoyée(s).") % {"n": len(invitations)})
    else:
        messages.info(request, _("Tout le monde a déjà un compte ou une invitation en cours."))
    return redirect("graduates:cohort_board", pk=cohort.pk)


@require_POST
@officer_required
def graduate_invite(request, pk: int):
    """Send (or send again) one graduate's invitation: a new link replaces the pending one."""
    graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
    try:
        services.graduate_invite(graduate=graduate, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Invitation envoyée à %(n)s (%(e)s).") % {"n": graduate.full_name, "e": graduate.email}
        )
    return redirect("graduates:cohort_board", pk=graduate.cohort_id)


@officer_required
def graduate_detail(request, pk: int):
    graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
    services.graduate_view_record(graduate=graduate, by=request.user, channel="web")
    return render(
        request,
        "graduates/officer_graduate.html",
        {"graduate": graduate, "skills": list(graduate.skills.all()), "levels": GraduateSkill.Level.choices},
    )


@require_POST
@officer_required
def skill_confirm(request, pk: int):
    graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
    try:
        row_id = request.POST.get("graduate_skill", "")
        if row_id.isdigit():
            row = graduate.skills.filter(pk=int(row_id)).first()
            if row is not None:
                confirmed = request.POST.get("confirmed", "1") == "1"
                services.graduate_skill_confirm(graduate_skill=row, by=request.user, confirmed=confirmed)
                messages.success(request, _("Compétence mise à jour."))
        else:
            for skill, level in chosen_skills(request.POST):
                services.graduate_skill_confirm_new(
                    graduate=graduate, by=request.user, skill=skill, level=level
                )
                messages.success(request, _("« %(s)s » confirmée.") % {"s": skill.label_fr})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("graduates:officer_graduate", pk=graduate.pk)


@officer_required
def graduate_cv(request, pk: int):
    graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
    audit_log(actor=request.user, action="graduate.cv_downloaded", target=graduate)
    return cv_response(graduate)
