from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.core.guards import officer_required, paginate

from . import services
from .models import Skill, TermCandidate
from .selectors import appellation_search, skill_search, term_candidate_list


def appellation_suggestions(request):
    query = request.GET.get("appellation_label") or request.GET.get("q", "")
    return render(
        request,
        "taxonomy/appellation_suggestions.html",
        {"items": appellation_search(query=query, limit=10), "query": query},
    )


def skill_suggestions(request):
    query = request.GET.get("skill_query") or request.GET.get("q", "")
    return render(
        request,
        "taxonomy/skill_suggestions.html",
        {"items": skill_search(query=query, limit=10), "query": query},
    )


# --------------------------------------------------------------------------- officers: candidate terms
class TermFilterForm(forms.Form):
    min_documents = forms.IntegerField(
        label=_lazy("Vu dans au moins (documents)"), min_value=1, max_value=1000, required=False, initial=2
    )
    status = forms.ChoiceField(
        label=_lazy("Statut"), required=False, choices=[("", _lazy("Tous"))] + TermCandidate.Status.choices
    )
    q = forms.CharField(label=_lazy("Terme"), required=False, max_length=100)


class AliasForm(forms.Form):
    skill = forms.IntegerField(
        error_messages={"required": _lazy("Choisissez la compétence dont ce terme est un synonyme.")}
    )
    alias = forms.CharField(required=False, max_length=200)


class NewSkillForm(forms.Form):
    label_fr = forms.CharField(
        max_length=300, error_messages={"required": _lazy("Indiquez le libellé de la compétence.")}
    )
    kind = forms.ChoiceField(choices=Skill.Kind.choices)
    broader = forms.IntegerField(required=False)


@officer_required
def term_candidates(request):
    """Recurring terms the pipeline could not match, for the officers to file."""
    form = TermFilterForm(request.GET or {"min_documents": 2, "status": TermCandidate.Status.PENDING})
    filters = form.cleaned_data if form.is_valid() else {}
    min_documents = filters.get("min_documents") or 2
    status = (
        filters.get("status", TermCandidate.Status.PENDING) if request.GET else TermCandidate.Status.PENDING
    )
    page = paginate(
        request,
        term_candidate_list(min_documents=min_documents, status=status, query=filters.get("q") or ""),
        per_page=25,
    )
    return render(
        request,
        "taxonomy/term_candidates.html",
        {
            "form": form,
            "page": page,
            "kinds": Skill.Kind.choices,
            "querystring": request.GET.urlencode(),
            "pending": TermCandidate.Status.PENDING,
        },
    )


@officer_required
@require_POST
def term_candidate_decide(request, pk: int, action: str):
    candidate = get_object_or_404(TermCandidate, pk=pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("taxonomy:term_candidates")
    try:
        if action == "synonyme":
            form = AliasForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(" ".join(e for errs in form.errors.values() for e in errs))
            skill = services.term_candidate_add_alias(
                candidate_id=candidate.pk,
                skill_id=form.cleaned_data["skill"],
                by=request.user,
                alias=form.cleaned_data["alias"],
            )
            messages.success(
                request,
                _("« %(term)s » est maintenant un synonyme de « %(skill)s ».")
                % {"term": candidate.term, "skill": skill.label_fr},
            )
        elif action == "competence":
            form = NewSkillForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(" ".join(e for errs in form.errors.values() for e in errs))
            skill = services.term_candidate_create_skill(
                candidate_id=candidate.pk,
                by=request.user,
                label_fr=form.cleaned_data["label_fr"],
                kind=form.cleaned_data["kind"],
                broader_id=form.cleaned_data["broader"],
            )
            messages.success(
                request, _("Compétence « %(skill)s » créée dans le référentiel.") % {"skill": skill.label_fr}
            )
        elif action == "ignorer":
            services.term_candidate_ignore(candidate_id=candidate.pk, by=request.user)
            messages.info(request, _("« %(term)s » est ignoré.") % {"term": candidate.term})
        else:
            raise ApplicationError(_("Action inconnue."), status_code=404)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(back)
