"""The graduate's own space, built for a phone: profile, skills, projects, CV, consent, export."""

import json

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError

from .. import privacy, services
from ..documents import CONTENT_TYPES
from ..forms import CvForm, ProfileForm, ProjectForm, add_application_error, chosen_skills
from ..models import GraduateSkill
from ..selectors import graduate_for_user
from ._common import graduate_required

COMPLETENESS_LABELS = {
    "commune": _("votre commune"),
    "contracts": _("les contrats qui vous intéressent"),
    "availability": _("votre date de disponibilité"),
    "jobs": _("les métiers recherchés"),
    "presentation": _("une présentation de quelques phrases"),
    "skills": _("au moins 3 compétences"),
    "projects": _("un projet de la formation"),
    "cv": _("votre CV"),
}


def _profile_page(request, graduate, *, cv_form=None, status=200):
    skills = list(graduate.skills.all())
    items = graduate.completeness_items()
    return render(
        request,
        "graduates/profile.html",
        {
            "graduate": graduate,
            "completeness": graduate.completeness(),
            "missing": [str(COMPLETENESS_LABELS[k]) for k, ok in items.items() if not ok],
            "proposed": [s for s in skills if s.status == GraduateSkill.Status.PROPOSED],
            "accepted": [s for s in skills if s.status == GraduateSkill.Status.ACCEPTED],
            "levels": GraduateSkill.Level.choices,
            "cv_form": cv_form or CvForm(),
        },
        status=status,
    )


@graduate_required
def profile(request, graduate):
    return _profile_page(request, graduate)


@graduate_required
def profile_edit(request, graduate):
    if request.method == "POST":
        form = ProfileForm(request.POST, graduate=graduate)
        if form.is_valid():
            try:
                services.graduate_profile_update(graduate=graduate, by=request.user, **form.service_kwargs())
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, _("Profil enregistré."))
                return redirect("graduates:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(graduate), graduate=graduate)
    return render(request, "graduates/profile_form.html", {"form": form, "graduate": graduate})


@require_POST
@graduate_required
def cv_upload(request, graduate):
    form = CvForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["cv"]
        try:
            services.graduate_cv_upload(graduate=graduate, by=request.user, file=upload, filename=upload.name)
        except ApplicationError as exc:
            form.add_error("cv", exc.message)
        else:
            messages.success(
                request,
                _(
                    "CV enregistré. Les compétences repérées dedans vous seront proposées ici dans quelques instants."
                ),
            )
            return redirect("graduates:profile")
    return _profile_page(request, graduate_for_user(user=request.user), cv_form=form, status=400)


@require_POST
@graduate_required
def cv_delete(request, graduate):
    services.graduate_cv_delete(graduate=graduate, by=request.user)
    messages.success(request, _("CV supprimé."))
    return redirect("graduates:profile")


@require_POST
@graduate_required
def skill_add(request, graduate):
    rows = chosen_skills(request.POST)
    if not rows:
        messages.error(request, _("Choisissez une compétence dans la liste."))
        return redirect("graduates:profile")
    try:
        for skill, level in rows:
            services.graduate_skill_declare(
                graduate=graduate, by=request.user, skill=skill, level=level or GraduateSkill.Level.PRACTICE
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Compétence(s) ajoutée(s) : %(s)s.") % {"s": ", ".join(s.label_fr for s, _l in rows)}
        )
    return redirect("graduates:profile")


@require_POST
@graduate_required
def skill_action(request, graduate, pk: int):
    row = graduate.skills.filter(pk=pk).select_related("skill", "graduate").first()
    if row is None:
        raise Http404
    action = request.POST.get("action")
    level = request.POST.get("level", "")
    level = int(level) if level.isdigit() else None
    try:
        if action == "accept":
            services.graduate_skill_review(graduate_skill=row, by=request.user, accept=True, level=level)
            messages.success(request, _("« %(s)s » ajoutée à votre profil.") % {"s": row.skill.label_fr})
        elif action == "dismiss":
            services.graduate_skill_review(graduate_skill=row, by=request.user, accept=False)
            messages.success(request, _("« %(s)s » écartée.") % {"s": row.skill.label_fr})
        elif action == "level" and level:
            services.graduate_skill_declare(graduate=graduate, by=request.user, skill=row.skill, level=level)
            messages.success(request, _("Niveau enregistré pour « %(s)s ».") % {"s": row.skill.label_fr})
        elif action == "remove":
            services.graduate_skill_remove(graduate_skill=row, by=request.user)
            messages.success(request, _("« %(s)s » retirée.") % {"s": row.skill.label_fr})
        else:
            messages.error(request, _("Action inconnue."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(f"{_profile_url()}#skills")


def _profile_url() -> str:
    return reverse("graduates:profile")


@graduate_required
def project_edit(request, graduate, pk: int | None = None):
    project = None
    if pk is not None:
        project = graduate.projects.filter(pk=pk).first()
        if project is None:
            raise Http404
    initial = (
        {"title": project.title, "description": project.description, "url": project.url} if project else None
    )
    form = ProjectForm(request.POST or None, initial=initial)
    chosen = (
        [{"id": s.pk, "label": s.label_fr} for s, _l in chosen_skills(request.POST)]
        if request.method == "POST"
        else [{"id": s.pk, "label": s.label_fr} for s in (project.skills.all() if project else [])]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_save(
                graduate=graduate,
                by=request.user,
                project=project,
                skills=[s for s, _l in chosen_skills(request.POST)],
                **form.cleaned_data,
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Projet enregistré."))
            return redirect(f"{_profile_url()}#projects")
    return render(
        request,
        "graduates/project_form.html",
        {"form": form, "project": project, "chosen": chosen, "graduate": graduate},
    )


@require_POST
@graduate_required
def project_delete(request, graduate, pk: int):
    project = graduate.projects.filter(pk=pk).first()
    if project is None:
        raise Http404
    services.project_delete(project=project, by=request.user)
    messages.success(request, _("Projet supprimé."))
    return redirect(f"{_profile_url()}#projects")


@require_POST
@graduate_required
def visibility(request, graduate):
    visible = request.POST.get("visible") == "1"
    services.graduate_visibility_set(graduate=graduate, by=request.user, visible=visible)
    if visible:
        messages.success(
            request,
            _("Votre profil est maintenant visible des entreprises partenaires validées par l'école."),
        )
    else:
        messages.success(request, _("Votre profil n'est plus visible des entreprises."))
    return redirect(f"{_profile_url()}#visibility")


@graduate_required
def export(request, graduate):
    data = privacy.graduate_export_all(graduate=graduate, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="tremplin-mes-donnees.json"'
    return response


@graduate_required
def cv_download(request, graduate):
    return cv_response(graduate)


def cv_response(graduate):
    """The CV file, served by Django to whoever the view allowed (never a public media URL)."""
    if not graduate.cv_file:
        raise Http404
    content_type = CONTENT_TYPES.get(graduate.cv_filename.rsplit(".", 1)[-1], "application/octet-stream")
    return FileResponse(
        graduate.cv_file.open("rb"),
        as_attachment=True,
        filename=graduate.cv_filename,
        content_type=content_type,
    )
