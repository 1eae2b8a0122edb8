"""Each party's part of the agreement as a form: French labels from the model, phone-first widgets."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from backend.core.phones import is_french_phone

from .models import HOST_FIELDS, SCHOOL_FIELDS, TRAINEE_FIELDS, AgreementVersion, EvaluatedSkill, Party

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEL = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})
NUMBER = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})


WIDGETS = {
    "start_date": DATE,
    "end_date": DATE,
    "tasks": forms.Textarea(attrs={"rows": 6}),
    "leave": forms.Textarea(attrs={"rows": 4}),
    "weekly_hours": NUMBER,
    "gratification_hourly": NUMBER,
    "tutor_phone": TEL,
    "trainee_phone": TEL,
    "referent_phone": TEL,
}


PHONE_FIELDS = ("tutor_phone", "trainee_phone", "referent_phone")


class PartForm(forms.ModelForm):
    """A typed phone number must be one: it is printed in the agreement the three parties sign."""

    def clean(self):
        data = super().clean()
        for name in PHONE_FIELDS:
            value = data.get(name)
            if name in self.fields and value and not is_french_phone(value):
                self.add_error(name, _("Numéro de téléphone français attendu, par exemple 06 12 34 56 78."))
        return data


def part_form(party: str):
    """The form of ``party``'s part: the school's includes the others' (it may correct them)."""
    fields = {
        Party.SCHOOL: SCHOOL_FIELDS + HOST_FIELDS + TRAINEE_FIELDS,
        Party.HOST: HOST_FIELDS,
        Party.TRAINEE: TRAINEE_FIELDS,
    }[party]
    return forms.modelform_factory(
        AgreementVersion,
        form=PartForm,
        fields=list(fields),
        widgets={k: v for k, v in WIDGETS.items() if k in fields},
    )


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Objet de l'avenant"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui change et pourquoi : les trois parties le lisent avant de signer à nouveau."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvaluationForm(forms.Form):
    attendance = forms.CharField(
        label=_("Assiduité et ponctualité"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    comments = forms.CharField(
        label=_("Appréciation générale"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    would_hire = forms.BooleanField(label=_("Nous pourrions recruter cette personne"), required=False)

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.skill_fields = []
        for skill in skills:
            name = f"skill_{skill.pk}"
            self.fields[name] = forms.ChoiceField(
                label=skill.label_fr,
                choices=EvaluatedSkill.Level.choices,
                initial=EvaluatedSkill.Level.NOT_OBSERVED,
                widget=forms.RadioSelect,
            )
            self.skill_fields.append((skill, name))

    def levels(self) -> dict:
        return {skill: self.cleaned_data[name] for skill, name in self.skill_fields}


class ReportForm(forms.Form):
    missions = forms.CharField(
        label=_("Ce que j'ai fait pendant le stage"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    learned = forms.CharField(
        label=_("Ce que j'ai appris"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    next_steps = forms.CharField(
        label=_("La suite que j'envisage (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreementNewForm(forms.Form):
    """The internship to make an agreement for: one select of what can still take one, grouped by
    cohort, each option naming the graduate, the host and the first day."""

    source = forms.ChoiceField(
        label=_("Le stage"),
        help_text=_(
            "Seuls les stages sans convention et pas encore commencés sont proposés, le plus proche d'abord."
        ),
        error_messages={
            "required": _("Choisissez le stage pour lequel faire la convention."),
            "invalid_choice": _(
                "Ce stage ne peut plus recevoir de convention (elle existe déjà, ou le stage a commencé) : "
                "choisissez-en un dans la liste."
            ),
        },
    )

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for source in sources:  # already the soonest first: a cohort's group comes with its first internship
            groups.setdefault(source.cohort_name, []).append((source.value, source_label(source)))
        self.fields["source"].choices = [("", _("— Choisissez un stage —")), *groups.items()]


def source_label(source) -> str:
    """« Inès Haddad chez Hauts Numériques — « Stage développeur web », à partir du 4 janv. 2027 »."""
    start = (
        _("à partir du %(d)s") % {"d": date_format(source.start, "SHORT_DATE_FORMAT")}
        if source.start
        else _("dates à fixer")
    )
    if source.offer_title:
        return _("%(g)s chez %(e)s — « %(t)s », %(start)s") % {
            "g": source.graduate.full_name,
            "e": source.employer_name,
            "t": source.offer_title,
            "start": start,
        }
    return _("%(g)s chez %(e)s — stage de la formation, %(start)s") % {
        "g": source.graduate.full_name,
        "e": source.employer_name,
        "start": start,
    }
