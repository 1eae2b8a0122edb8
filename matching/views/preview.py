from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backend.taxonomy.models import Skill
from employers.models import Offer

from .. import nlp_bridge

MAX_TEXT = 20_000

FACT_LABELS = {
    "contract_type": (_("Contrat"), "id_contract_type"),
    "contract_months": (_("Durée (mois)"), "id_contract_months"),
    "salary_min": (_("Salaire minimum"), "id_salary_min"),
    "salary_max": (_("Salaire maximum"), "id_salary_max"),
    "salary_period": (_("Période du salaire"), "id_salary_period"),
    "remote": (_("Télétravail"), None),
    "experience_years_min": (_("Expérience demandée (années)"), None),
    "beginner_ok": (_("Débutant·e accepté·e"), None),
}


@login_required
@require_POST
def offer_text_preview(request):
    """htmx partial: the skills and facts the pipeline reads in the offer being typed.

    Nothing is saved: the employer adds what they agree with to the form, or ignores it.
    """
    if not (request.user.is_employer or request.user.is_officer):
        raise PermissionDenied
    title = request.POST.get("title", "")[:200]
    text = request.POST.get("description", "")[:MAX_TEXT]
    chosen = {int(v) for v in request.POST.getlist("skills") if v.isdigit()}
    dismissed = {int(v) for v in request.POST.getlist("dismissed_skills") if v.isdigit()}
    skills, facts = [], []
    if len(text.strip()) >= 20 or len(title.strip()) >= 5:
        analysis = nlp_bridge.analyse_offer_text(title=title, text=text)
        by_uid = {
            s.uid: s
            for s in Skill.objects.filter(uid__in=[item["uid"] for item in analysis.skills]).only(
                "uid", "label_fr"
            )
        }
        seen = set()
        for item in analysis.skills:
            skill = by_uid.get(item["uid"])
            if skill is None or skill.pk in seen:
                continue
            seen.add(skill.pk)
            skills.append(
                {
                    "id": skill.pk,
                    "label": skill.label_fr,
                    "level": item["level"],
                    "evidence": item["evidence"],
                    "chosen": skill.pk in chosen,
                    "dismissed": skill.pk in dismissed,
                }
            )
        for name, fact in analysis.facts.items():
            if name not in FACT_LABELS:
                continue
            label, field_id = FACT_LABELS[name]
            facts.append(
                {
                    "name": name,
                    "label": label,
                    "value": _fact_display(name, fact["value"]),
                    # What « Reporter dans le formulaire » types: 2000, not the float's « 2000,0 ».
                    "raw": _fact_raw(fact["value"]),
                    "field_id": field_id,
                }
            )
    return render(
        request,
        "matching/_offer_text_analysis.html",
        {
            "skills": [s for s in skills if not s["dismissed"]],
            "facts": facts,
            "analysed": bool(skills or facts),
        },
    )


def _fact_raw(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fact_display(name: str, value) -> str:
    if name == "contract_type":
        return str(dict(Offer.ContractType.choices).get(value, value))
    if name == "remote":
        return str(dict(Offer.Remote.choices).get(value, value))
    if name == "salary_period":
        return str(dict(Offer.SalaryPeriod.choices).get(value, value))
    if name == "beginner_ok":
        return gettext("oui")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
