"""Forms of the offers: the employer's offer form, the CSV upload and the public search."""

from datetime import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.core.text import fold
from backend.taxonomy.models import Appellation, Occupation, Skill

from ..models import Offer, OfferSkill
from .base import DATE_WIDGET, CommuneFieldsMixin, Form, FrenchDecimalField, decimal_initial

# ---------------------------------------------------------------- offers


def _skill_levels_from(data) -> list[tuple[str, str]]:
    """The skills chosen in the picker: ``skills`` ids with a ``level_<id>`` each, order kept."""
    seen, rows = set(), []
    for raw in data.getlist("skills") if hasattr(data, "getlist") else data.get("skills", []):
        raw = str(raw).strip()
        if raw.isdigit() and raw not in seen:
            seen.add(raw)
            rows.append((raw, data.get(f"level_{raw}", OfferSkill.Level.REQUIRED)))
    return rows


class OfferForm(CommuneFieldsMixin, Form):
    title = forms.CharField(
        label=_("Intitulé du poste"),
        max_length=200,
        help_text=_("Comme vous le diriez à un candidat : « Développeur·se web React (H/F) »."),
    )
    appellation_label = forms.CharField(
        label=_("Métier (référentiel ROME)"),
        max_length=300,
        required=False,
        help_text=_(
            "Tapez quelques lettres puis choisissez dans la liste : cela aide à trouver les bons profils."
        ),
    )
    appellation = forms.CharField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Description du poste"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Missions, équipe, conditions. Mise en forme Markdown : **gras**, listes avec « - »."),
    )
    contract_type = forms.ChoiceField(
        label=_("Type de contrat"), choices=[("", _("Choisissez…")), *Offer.ContractType.choices]
    )
    contract_months = forms.IntegerField(
        label=_("Durée (mois)"),
        required=False,
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    internship_gratification = FrenchDecimalField(
        label=_("Gratification mensuelle (€)"),
        required=False,
        min_value=Decimal("0"),
        help_text=_("Obligatoire au-delà de 2 mois de stage (4,35 € de l'heure minimum)."),
    )
    start_date = forms.DateField(label=_("Date de début (facultatif)"), required=False, widget=DATE_WIDGET)
    working_time = forms.ChoiceField(
        label=_("Temps de travail"),
        choices=Offer.WorkingTime.choices,
        initial=Offer.WorkingTime.FULL_TIME,
        widget=forms.RadioSelect,
    )
    weekly_hours = FrenchDecimalField(
        label=_("Heures par semaine"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("1"),
        max_value=Decimal("48"),
    )
    remote = forms.ChoiceField(
        label=_("Télétravail"),
        # Blank = not answered (not "on site"): the policy the description states is used.
        choices=[("", _("Non précisé : celui que dit votre description")), *Offer.Remote.choices],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    salary_min = FrenchDecimalField(label=_("Salaire minimum (€ brut)"), min_value=Decimal("0"))
    salary_max = FrenchDecimalField(label=_("Salaire maximum (€ brut)"), min_value=Decimal("0"))
    salary_period = forms.ChoiceField(
        label=_("Période"), choices=Offer.SalaryPeriod.choices, initial=Offer.SalaryPeriod.MONTH
    )
    openings = forms.IntegerField(
        label=_("Nombre de postes"),
        min_value=1,
        max_value=999,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    commune_label = forms.CharField(label=_("Lieu de travail (commune)"), max_length=150, required=False)
    commune = forms.CharField(label=_("Lieu de travail"), required=False, widget=forms.HiddenInput)
    disability_friendly = forms.BooleanField(
        label=_("Poste ouvert aux travailleurs en situation de handicap (RQTH)"), required=False
    )
    deadline = forms.DateField(
        label=_("Date limite de candidature (facultatif)"), required=False, widget=DATE_WIDGET
    )
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs["placeholder"] = "2 000" if name == "salary_min" else "2 400"
        self.fields["salary_min"].error_messages["required"] = _(
            "Indiquez un salaire : la transparence salariale est obligatoire pour publier une offre."
        )
        self.fields["salary_max"].error_messages["required"] = _(
            "Indiquez le salaire maximum (le même que le minimum si le salaire est fixe)."
        )
        self.chosen_skills = self._chosen_skills()

    def _chosen_skills(self) -> list[dict]:
        """Rows for the skills picker: from what was posted, else from the initial data."""
        if self.is_bound:
            rows = _skill_levels_from(self.data)
            labels = dict(
                Skill.objects.filter(pk__in=[int(i) for i, _lvl in rows]).values_list("pk", "label_fr")
            )
            return [
                {"id": int(i), "label": labels[int(i)], "level": lvl} for i, lvl in rows if int(i) in labels
            ]
        return list(self.initial.get("skills", []))

    def clean(self):
        data = super().clean()
        data["commune_obj"] = self.clean_commune_pair("commune", required=True)
        # The ROME job title: the code picked in the list, or an exact title typed by hand.
        code, label = data.get("appellation") or "", (data.get("appellation_label") or "").strip()
        appellation = (
            Appellation.objects.filter(code=code).select_related("occupation").first() if code else None
        )
        if appellation is None and label:
            appellation = Appellation.objects.filter(search_name=fold(label)).first()
            if appellation is None:
                self.add_error(
                    "appellation_label",
                    _(
                        "Métier « %(t)s » introuvable dans le référentiel : choisissez-le dans la liste, ou laissez vide."
                    )
                    % {"t": label},
                )
        data["appellation_obj"] = appellation
        levels = set(OfferSkill.Level.values)
        data["skills_chosen"] = [
            (row["id"], row["level"]) for row in self.chosen_skills if row["level"] in levels
        ]
        if data.get("contract_type") not in Offer.CONTRACTS_WITH_DURATION:
            data["contract_months"] = None
        if data.get("contract_type") != Offer.ContractType.STAGE:
            data["internship_gratification"] = None
        if data.get("working_time") != Offer.WorkingTime.PART_TIME:
            data["weekly_hours"] = None
        raw_updated = data.get("updated_at") or ""
        try:
            data["expected_updated_at"] = datetime.fromisoformat(raw_updated) if raw_updated else None
        except ValueError:
            data["expected_updated_at"] = None
        return data

    def service_fields(self) -> dict:
        d = self.cleaned_data
        appellation = d["appellation_obj"]
        return {
            "title": d["title"].strip(),
            "description": d["description"],
            # The fiche follows the appellation picked; with none, the service keeps the code the
            # offer has (the school's choice or the classifier's reading) — the form does not show it.
            "appellation": appellation,
            "contract_type": d["contract_type"],
            "contract_months": d["contract_months"],
            "internship_gratification": d["internship_gratification"],
            "start_date": d["start_date"],
            "working_time": d["working_time"],
            "weekly_hours": d["weekly_hours"],
            **(
                {"remote": d["remote"], "remote_answered": True}
                if d["remote"]
                else {"remote_answered": False}
            ),
            "salary_min": d["salary_min"],
            "salary_max": d["salary_max"],
            "salary_period": d["salary_period"],
            "openings": d["openings"],
            "commune": d["commune_obj"],
            "disability_friendly": d["disability_friendly"],
            "deadline": d["deadline"],
        }

    def service_dismissed(self) -> list[Skill]:
        """Skills detected in the text that the employer chose to ignore (live analysis panel)."""
        raw = self.data.getlist("dismissed_skills") if hasattr(self.data, "getlist") else []
        ids = [int(v) for v in raw if str(v).isdigit()]
        chosen = {skill_id for skill_id, _lvl in self.cleaned_data["skills_chosen"]}
        return list(Skill.objects.filter(pk__in=[i for i in ids if i not in chosen]))

    def service_skills(self) -> list[tuple[Skill, str]]:
        chosen = self.cleaned_data["skills_chosen"]
        skills = Skill.objects.in_bulk([skill_id for skill_id, _lvl in chosen])
        return [(skills[skill_id], level) for skill_id, level in chosen if skill_id in skills]

    @staticmethod
    def initial_from(offer: Offer) -> dict:
        return {
            "title": offer.title,
            "appellation_label": offer.appellation.label if offer.appellation_id else "",
            "appellation": offer.appellation_id or "",
            "description": offer.description,
            "contract_type": offer.contract_type,
            "contract_months": offer.contract_months,
            "internship_gratification": decimal_initial(offer.internship_gratification),
            "start_date": offer.start_date,
            "working_time": offer.working_time,
            "weekly_hours": decimal_initial(offer.weekly_hours),
            "remote": offer.remote if offer.remote_answered else "",
            "salary_min": decimal_initial(offer.salary_min),
            "salary_max": decimal_initial(offer.salary_max),
            "salary_period": offer.salary_period,
            "openings": offer.openings,
            "commune_label": offer.commune.label,
            "commune": offer.commune_id,
            "disability_friendly": offer.disability_friendly,
            "deadline": offer.deadline,
            "updated_at": offer.updated_at.isoformat(),
            "skills": [
                {"id": os.skill_id, "label": os.skill.label_fr, "level": os.level}
                for os in offer.offer_skills.all()
            ],
        }


class OfferImportForm(Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Enregistré depuis Excel, LibreOffice ou Google Sheets (CSV, point-virgule ou virgule). 2 Mo au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(
                _("Envoyez un fichier .csv (depuis Excel : « Enregistrer sous » → CSV UTF-8).")
            )
        return upload


# ---------------------------------------------------------------- public search


RADIUS_CHOICES = [("10", _("10 km")), ("20", _("20 km")), ("30", _("30 km")), ("50", _("50 km"))]
SORT_CHOICES = [
    ("relevance", _("Pertinence")),
    ("date", _("Date de publication")),
    ("distance", _("Distance")),
]


class OfferSearchForm(CommuneFieldsMixin, Form):
    q = forms.CharField(
        label=_("Métier, compétence, mot-clé"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("développeur, React, domotique…")}),
    )
    contract = forms.MultipleChoiceField(
        label=_("Contrat"),
        required=False,
        choices=Offer.ContractType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    remote = forms.MultipleChoiceField(
        label=_("Télétravail"),
        required=False,
        choices=Offer.Remote.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    near_label = forms.CharField(label=_("Près de"), required=False, max_length=150)
    near = forms.CharField(label=_("Près de"), required=False, widget=forms.HiddenInput)
    radius = forms.TypedChoiceField(
        label=_("Rayon"), required=False, choices=RADIUS_CHOICES, coerce=int, initial="20", empty_value=20
    )
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES, initial="relevance")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("skill") if hasattr(self.data, "getlist") else []
        ids = list(dict.fromkeys(int(s) for s in raw if str(s).isdigit()))[:10]
        self.chosen_skills = (
            [
                {"id": pk, "label": label}
                for pk, label in Skill.objects.filter(pk__in=ids).values_list("pk", "label_fr")
            ]
            if ids
            else []
        )

    def clean(self):
        data = super().clean()
        data["near_obj"] = self.clean_commune_pair("near", required=False)
        data["skill_ids"] = tuple(s["id"] for s in self.chosen_skills)
        return data


class OccupationChoiceForm(Form):
    """An officer codes an offer: one of the classifier's candidates (``occupation``, a button), or a
    ROME job title searched in the referential (``appellation`` picked in the list, or its exact title
    typed)."""

    occupation = forms.CharField(required=False, max_length=5)
    appellation_label = forms.CharField(
        label=_("Autre métier (référentiel ROME)"), max_length=300, required=False
    )
    appellation = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        code = (data.get("occupation") or "").strip().upper()
        occupation = Occupation.objects.filter(pk=code).first() if code else None
        if code and occupation is None:
            raise ValidationError(_("Fiche ROME inconnue : « %(c)s ».") % {"c": code})
        appellation = None
        if not occupation:
            picked, label = data.get("appellation") or "", (data.get("appellation_label") or "").strip()
            qs = Appellation.objects.select_related("occupation")
            appellation = qs.filter(code=picked).first() if picked else None
            if appellation is None and label:
                appellation = qs.filter(search_name=fold(label)).first()
            if appellation is None:
                message = (
                    _("Métier « %(t)s » introuvable : choisissez-le dans la liste proposée.") % {"t": label}
                    if label
                    else _("Choisissez une des propositions, ou cherchez un métier dans le référentiel.")
                )
                self.add_error("appellation_label", message)
        data["occupation_obj"], data["appellation_obj"] = occupation, appellation
        return data
