"""Web forms. They parse what was typed; the rules stay in ``graduates.services``."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError
from backend.geo.selectors import commune_get, commune_resolve
from backend.taxonomy.models import Appellation, Skill
from backend.taxonomy.selectors import skill_search

from .models import Cohort, Graduate, GraduateSkill

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
JOB_SLOTS = 3
_LANGUAGE = re.compile(
    r"^\s*([^\d]+?)\s*(?:[(:–-]\s*)?\b(A1|A2|B1|B2|C1|C2|natif|native|maternelle)?\s*\)?\s*$", re.I
)


def add_application_error(form: forms.Form, exc: ApplicationError) -> None:
    fields = exc.extra.get("fields") or {}
    shown = False
    for name, messages in fields.items():
        if name in form.fields:
            for message in [messages] if isinstance(messages, str) else messages:
                form.add_error(name, str(message))
                shown = True
    if not shown:
        form.add_error(None, exc.message)


class Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def parse_languages(text: str) -> list[dict]:
    """« Anglais B1, espagnol A2 » → [{"name": "Anglais", "level": "B1"}, …]."""
    rows = []
    for part in re.split(r"[,;\n]+", text or ""):
        if not part.strip():
            continue
        match = _LANGUAGE.match(part)
        if not match:
            raise forms.ValidationError(
                _("« %(p)s » : écrivez la langue puis le niveau, par exemple « anglais B1 »."),
                params={"p": part.strip()},
            )
        level = (match.group(2) or "").upper()
        if level in {"NATIVE", "MATERNELLE"}:
            level = "NATIF"
        rows.append({"name": match.group(1).strip(" -:(").capitalize(), "level": level})
    return rows


def format_languages(languages: list[dict]) -> str:
    return ", ".join(f"{row['name']} {row.get('level', '')}".strip() for row in languages or [])


class ProfileForm(Form):
    commune_label = forms.CharField(label=_("Ma commune"), max_length=200)
    commune = forms.CharField(required=False, widget=forms.HiddenInput)
    mobility_mode = forms.ChoiceField(
        label=_("Je me déplace surtout"), choices=Graduate.MobilityMode.choices, widget=forms.RadioSelect
    )
    mobility_radius_km = forms.IntegerField(
        label=_("Jusqu'à combien de km de chez moi ?"),
        min_value=1,
        max_value=200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    contract_types = forms.MultipleChoiceField(
        label=_("Contrats qui m'intéressent"),
        choices=Graduate.Contract.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_from = forms.DateField(label=_("Disponible à partir du"), required=False, widget=DATE_WIDGET)
    languages = forms.CharField(
        label=_("Langues"),
        required=False,
        max_length=300,
        help_text=_("Par exemple : anglais B1, arabe natif"),
    )
    driving_licence = forms.BooleanField(label=_("J'ai le permis B"), required=False)
    presentation = forms.CharField(
        label=_("Ma présentation"),
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Quelques phrases : ce que vous aimez faire, ce que vous cherchez."),
    )
    portfolio_url = forms.URLField(label=_("Portfolio"), required=False, assume_scheme="https")
    github_url = forms.URLField(label=_("GitHub / GitLab"), required=False, assume_scheme="https")
    linkedin_url = forms.URLField(label=_("LinkedIn"), required=False, assume_scheme="https")
    disability_disclosed = forms.BooleanField(
        label=_("Je signale ma RQTH aux employeurs"),
        required=False,
        help_text=_("Facultatif. Sans cette case, les employeurs ne voient rien à ce sujet."),
    )

    def __init__(self, *args, graduate: Graduate, **kwargs):
        self.graduate = graduate
        super().__init__(*args, **kwargs)
        if not graduate.disability_recognised:
            del self.fields["disability_disclosed"]
        self.jobs_initial = [{"code": a.code, "label": a.label} for a in graduate.desired_appellations.all()]

    @classmethod
    def initial_for(cls, graduate: Graduate) -> dict:
        return {
            "commune_label": graduate.commune.label if graduate.commune_id else "",
            "commune": graduate.commune_id or "",
            "mobility_mode": graduate.mobility_mode,
            "mobility_radius_km": graduate.mobility_radius_km,
            "contract_types": graduate.contract_types,
            "available_from": graduate.available_from,
            "languages": format_languages(graduate.languages),
            "driving_licence": graduate.driving_licence,
            "presentation": graduate.presentation,
            "portfolio_url": graduate.portfolio_url,
            "github_url": graduate.github_url,
            "linkedin_url": graduate.linkedin_url,
            "disability_disclosed": graduate.disability_disclosed,
        }

    def job_slots(self) -> list[dict]:
        if self.is_bound:
            codes = self.data.getlist("appellation")
            labels = self.data.getlist("appellation_label")
            slots = [{"code": c, "label": lab} for c, lab in zip(codes, labels, strict=False)]
        else:
            slots = list(self.jobs_initial)
        return (slots + [{"code": "", "label": ""}] * JOB_SLOTS)[:JOB_SLOTS]

    def clean_languages(self):
        return parse_languages(self.cleaned_data["languages"])

    def clean(self):
        data = super().clean()
        data["commune_obj"] = _chosen_commune(self, data, "commune", "commune_label")
        appellations, missing = [], []
        for slot in self.job_slots():
            if slot["code"]:
                found = Appellation.objects.filter(code=slot["code"]).first()
            elif slot["label"].strip():
                found = Appellation.objects.filter(label__iexact=slot["label"].strip()).first()
                if found is None:
                    missing.append(slot["label"].strip())
            else:
                found = None
            if found and found not in appellations:
                appellations.append(found)
        if missing:
            self.add_error(
                None,
                _("Métier « %(m)s » introuvable : tapez quelques lettres et choisissez dans la liste.")
                % {"m": missing[0]},
            )
        data["appellations"] = appellations
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "commune": data["commune_obj"],
            "mobility_mode": data["mobility_mode"],
            "mobility_radius_km": data["mobility_radius_km"],
            "contract_types": data["contract_types"],
            "available_from": data["available_from"],
            "languages": data["languages"],
            "driving_licence": data["driving_licence"],
            "presentation": data["presentation"],
            "portfolio_url": data["portfolio_url"],
            "github_url": data["github_url"],
            "linkedin_url": data["linkedin_url"],
            "desired_appellations": data["appellations"],
        }
        if "disability_disclosed" in self.fields:
            kwargs["disability_disclosed"] = data["disability_disclosed"]
        return kwargs


def chosen_skills(data) -> list[tuple[Skill, int | None]]:
    """Skills picked in the picker (``skills`` ids with ``level_<id>``), or the typed query without JS."""
    ids = [raw for raw in dict.fromkeys(data.getlist("skills")) if str(raw).isdigit()]
    by_id = Skill.objects.in_bulk([int(i) for i in ids])
    rows = []
    for raw in ids:
        skill = by_id.get(int(raw))
        if skill is None:
            continue
        level = data.get(f"level_{raw}", "")
        rows.append((skill, int(level) if level.isdigit() else None))
    if not rows and (data.get("skill_query") or "").strip():
        match = skill_search(query=data["skill_query"], limit=1).first()
        if match:
            level = data.get("level", "")
            rows.append((match, int(level) if level.isdigit() else None))
    return rows


class ProjectForm(Form):
    title = forms.CharField(label=_("Nom du projet"), max_length=150)
    description = forms.CharField(
        label=_("Ce que j'ai fait"), required=False, max_length=1500, widget=forms.Textarea(attrs={"rows": 4})
    )
    url = forms.URLField(label=_("Lien (démo, dépôt)"), required=False, assume_scheme="https")


class CvForm(Form):
    cv = forms.FileField(
        label=_("Mon CV (PDF ou Word, 5 Mo au plus)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
    )


class CohortForm(Form):
    name = forms.CharField(label=_("Nom de la promotion"), max_length=120)
    track = forms.ChoiceField(label=_("Parcours"), choices=[("", _("Choisissez…")), *Cohort.Track.choices])
    training_start = forms.DateField(label=_("Début de la formation"), widget=DATE_WIDGET)
    training_end = forms.DateField(label=_("Fin de la formation"), widget=DATE_WIDGET)
    internship_start = forms.DateField(label=_("Début du stage"), required=False, widget=DATE_WIDGET)
    internship_end = forms.DateField(label=_("Fin du stage"), required=False, widget=DATE_WIDGET)
    trainers = forms.ModelMultipleChoiceField(
        label=_("Formateur·rices"),
        queryset=User.objects.filter(
            role__in=[User.Role.TRAINER, User.Role.OFFICER, User.Role.ADMIN]
        ).order_by("last_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("Fichier CSV ou Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class SkillLevelField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=GraduateSkill.Level.choices, coerce=int, **kwargs)


class GraduateSearchForm(Form):
    """What an employer looks for among the visible graduates: skills, near a commune, a track."""

    RADIUS_CHOICES = [("10", _("10 km")), ("20", _("20 km")), ("30", _("30 km")), ("50", _("50 km"))]

    track = forms.ChoiceField(label=_("Parcours"), required=False, choices=[("", _("Tous"))])
    near_label = forms.CharField(label=_("Habite près de"), required=False, max_length=150)
    near = forms.CharField(required=False, widget=forms.HiddenInput)
    radius = forms.TypedChoiceField(
        label=_("Rayon"), required=False, choices=RADIUS_CHOICES, coerce=int, initial="30", empty_value=30
    )
    available = forms.BooleanField(label=_("Disponibles aujourd'hui"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("Tous")), *Cohort.Track.choices]
        raw = self.data.getlist("skill") if hasattr(self.data, "getlist") else []
        ids = list(dict.fromkeys(int(s) for s in raw if str(s).isdigit()))[:10]
        # An older link names a skill by its id in the taxonomy (?skill=esco:…): still understood.
        uids = [s for s in raw if not str(s).isdigit()][:10]
        skills = Skill.objects.filter(pk__in=ids) if ids else Skill.objects.none()
        if uids:
            skills = skills | Skill.objects.filter(uid__in=uids)
        self.chosen_skills = [
            {"id": pk, "label": label} for pk, label in skills.values_list("pk", "label_fr")
        ]

    def clean(self):
        data = super().clean()
        data["near_obj"] = _chosen_commune(self, data, "near", "near_label")
        data["skill_ids"] = [s["id"] for s in self.chosen_skills]
        return data


def _chosen_commune(form, data: dict, code_field: str, label_field: str):
    """The commune picked in a suggestion list (its INSEE code) or, failing that, typed in full; a
    typed name that matches none is an error on the typed field."""
    insee = (data.get(code_field) or "").strip()
    text = (data.get(label_field) or "").strip()
    commune = commune_get(insee=insee) if insee else None
    if commune is None and text:
        commune = commune_resolve(text=text)
        if commune is None:
            form.add_error(
                label_field,
                _(
                    "Commune « %(t)s » introuvable : tapez les premières lettres et choisissez-la dans la liste."
                )
                % {"t": text},
            )
    return commune
