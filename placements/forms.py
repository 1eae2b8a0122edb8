"""Web forms of the candidacy, placement and follow-up pages.

Forms parse what was typed; the rules stay in ``placements.services``, whose ``ApplicationError`` is
attached back to the field it names (``extra={"field": …}``) with :func:`add_application_error`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.core.exceptions import ApplicationError
from employers.forms import Form, FrenchDecimalField
from employers.models import Employer
from graduates.models import Graduate

from .models import Application, ContractCategory, Notification, NotificationPreference, OutcomeCheck

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y %H:%M:%S",
]


def add_application_error(form: forms.Form, exc: ApplicationError) -> None:
    """A service's refusal on the field it names, else at the top of the form."""
    name = exc.extra.get("field")
    if name in form.fields:
        form.add_error(name, exc.message)
    else:
        form.add_error(None, exc.message)


# --- applications --------------------------------------------------------------------------------


class ApplyForm(Form):
    message = forms.CharField(
        label=_("Votre message à l'employeur"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Quelques phrases : pourquoi ce poste, ce que vous savez faire, vos disponibilités."),
    )
    share_cv = forms.BooleanField(label=_("Joindre mon CV"), required=False, initial=True)

    def __init__(self, *args, has_cv: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_cv:
            self.fields["share_cv"].disabled = True
            self.fields["share_cv"].initial = False
            self.fields["share_cv"].help_text = _("Vous n'avez pas encore déposé de CV dans votre profil.")


class ActionForm(Form):
    """One move of a candidacy, among those the person may make now."""

    transition = forms.ChoiceField(label=_("Action"))
    refusal_reason = forms.ChoiceField(
        label=_("Motif"),
        required=False,
        choices=[("", _("Choisissez un motif…")), *Application.RefusalReason.choices],
        help_text=_("La personne reçoit un message bienveillant adapté à ce motif."),
    )
    interview_at = forms.DateTimeField(
        label=_("Date et heure de l'entretien"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    interview_place = forms.CharField(label=_("Lieu ou lien de l'entretien"), required=False, max_length=250)
    note = forms.CharField(
        label=_("Note (facultative)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every action name parses; whether it applies now is the service's call, with a clear message.
        self.fields["transition"].choices = list(Application.TRANSITION_LABELS.items())

    def clean(self):
        data = super().clean()
        transition = data.get("transition")
        if transition == "refuse" and not data.get("refusal_reason"):
            self.add_error("refusal_reason", _("Choisissez un motif dans la liste."))
        if (
            transition == "schedule_interview"
            and not data.get("interview_at")
            and "interview_at" not in self.errors
        ):
            self.add_error("interview_at", _("Indiquez la date et l'heure de l'entretien."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "transition": data["transition"],
            "note": data.get("note") or "",
            "refusal_reason": data.get("refusal_reason") or "",
            "interview_at": data.get("interview_at"),
            "interview_place": data.get("interview_place") or "",
        }


class RescheduleForm(Form):
    """A planned interview moved to another time or place."""

    interview_at = forms.DateTimeField(
        label=_("Nouvelle date et heure"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    interview_place = forms.CharField(label=_("Lieu ou lien de l'entretien"), required=False, max_length=250)


class ProposeForm(Form):
    """The school pushes a graduate of a cohort; an employer invites a graduate it may see."""

    graduate = forms.ModelChoiceField(
        label=_("Diplômé·e"), queryset=Graduate.objects.none(), empty_label=_("Choisissez…")
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lu par l'employeur (école) ou par la personne invitée (employeur)."),
    )

    def __init__(self, *args, graduates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graduate"].queryset = graduates
        self.fields["graduate"].label_from_instance = lambda g: f"{g.full_name} — {g.cohort.name}"


# --- placements ----------------------------------------------------------------------------------


class PlacementFieldsForm(Form):
    employer = forms.ModelChoiceField(
        label=_("Entreprise inscrite sur Tremplin"),
        required=False,
        queryset=Employer.objects.none(),
        empty_label=_("Aucune : je saisis le nom"),
        help_text=_("Si l'entreprise est sur Tremplin, elle pourra confirmer l'embauche."),
    )
    employer_name = forms.CharField(label=_("Employeur ou organisme"), required=False, max_length=200)
    contract_type = forms.ChoiceField(label=_("Type de contrat"), choices=ContractCategory.choices)
    job_title = forms.CharField(label=_("Poste"), required=False, max_length=200)
    start_date = forms.DateField(label=_("Date de début"), widget=DATE_WIDGET)
    end_date = forms.DateField(
        label=_("Date de fin"), required=False, widget=DATE_WIDGET, help_text=_("Vide pour un CDI.")
    )
    monthly_gross_salary = FrenchDecimalField(
        label=_("Salaire mensuel brut (€)"), required=False, max_digits=8, min_value=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(status=Employer.Status.APPROVED).order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        if not data.get("employer") and not (data.get("employer_name") or "").strip():
            self.add_error("employer_name", _("Indiquez l'employeur ou l'organisme."))
        return data

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "graduate"}


class PlacementDeclareForm(PlacementFieldsForm):
    """A graduate tells the school about a job (or training, or business) found on their own."""


class PlacementRecordForm(PlacementFieldsForm):
    """An officer records a placement, including the training's internship and its host."""

    graduate = forms.ModelChoiceField(label=_("Diplômé·e"), queryset=Graduate.objects.none())
    via_tremplin = forms.BooleanField(label=_("Trouvé grâce à Tremplin"), required=False)
    is_training_internship = forms.BooleanField(
        label=_("Stage de la formation"),
        required=False,
        help_text=_("Le stage de fin de formation, chez l'entreprise d'accueil (type « Stage »)."),
    )

    field_order = ["graduate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graduate"].queryset = Graduate.objects.select_related("cohort").order_by(
            "-cohort__training_start", "last_name", "first_name"
        )
        self.fields["graduate"].label_from_instance = lambda g: f"{g.full_name} — {g.cohort.name}"


class PlacementReviewForm(Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("confirm", _("Confirmer")), ("reject", _("Ne pas confirmer"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Commentaire"), required=False, max_length=1000)


# --- outcome checks ------------------------------------------------------------------------------


class OutcomeForm(Form):
    """The school fills in a follow-up."""

    situation = forms.ChoiceField(label=_("Situation"), choices=OutcomeCheck.Situation.choices)
    contract_type = forms.ChoiceField(
        label=_("Type de contrat (en emploi)"),
        required=False,
        choices=[("", "—"), *ContractCategory.choices],
    )
    employer_name = forms.CharField(label=_("Employeur ou organisme"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Commentaire"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # When the page was drawn: an answer that arrives after it is not overwritten unread.
    seen_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, check: OutcomeCheck) -> dict:
        from django.utils import timezone

        return {
            "situation": check.situation,
            "contract_type": check.contract_type,
            "employer_name": check.employer_name,
            "note": check.note,
            "seen_at": timezone.now(),
        }


class OutcomeAnswerForm(OutcomeForm):
    """The graduate's one question, on a phone, without signing in."""

    SITUATIONS = [
        (OutcomeCheck.Situation.EMPLOYED, _("J'ai un emploi (CDI, CDD, intérim, alternance…)")),
        (OutcomeCheck.Situation.TRAINING, _("Je suis en formation")),
        (OutcomeCheck.Situation.CREATION, _("J'ai créé mon entreprise")),
        (OutcomeCheck.Situation.SEEKING, _("Je cherche un emploi")),
        (OutcomeCheck.Situation.INACTIVE, _("Autre situation")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"] = forms.ChoiceField(
            label=_("Aujourd'hui, vous êtes…"), choices=self.SITUATIONS, widget=forms.RadioSelect
        )
        self.fields["contract_type"].label = _("Si vous avez un emploi : quel contrat ?")
        self.fields["employer_name"].label = _("Chez qui ? (facultatif)")
        self.fields["note"].label = _("Un mot pour l'école ? (facultatif)")
        del self.fields["seen_at"]  # the graduate's own form: there is nothing to overwrite
        self.order_fields(["situation", "contract_type", "employer_name", "note"])

    def clean(self):
        data = super().clean()
        if data.get("situation") == OutcomeCheck.Situation.EMPLOYED and not data.get("contract_type"):
            self.add_error("contract_type", _("Choisissez le type de contrat."))
        return data


# --- notifications -------------------------------------------------------------------------------


class NotificationPreferenceForm(Form):
    frequency = forms.ChoiceField(
        label=_("Recevoir les notifications par e-mail"),
        choices=NotificationPreference.Frequency.choices,
        widget=forms.RadioSelect,
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("Ne jamais m'envoyer par e-mail"),
        required=False,
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ces notifications restent visibles ici, dans Tremplin."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_officer:
            # Only the school hears about stale candidacies.
            self.fields["muted_kinds"].choices = [
                c for c in Notification.Kind.choices if c[0] != Notification.Kind.STALE
            ]
