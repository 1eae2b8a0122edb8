"""The admissions forms: French labels, phone first; the services say what a rule refuses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.core.phones import FRENCH_PHONE as PHONE
from backend.geo.selectors import commune_get, commune_resolve
from graduates.models import Cohort, Graduate

from .models import Application

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class ApplicationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    phone = forms.CharField(
        label=_("Téléphone portable"),
        max_length=20,
        help_text=_("Par exemple 06 12 34 56 78 : nous vous appelons si besoin."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Nous y envoyons le lien personnel pour confirmer, puis suivre votre candidature."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    gender = forms.ChoiceField(
        label=_("Genre (facultatif)"),
        required=False,
        choices=[("", _("Je préfère ne pas le dire")), *Graduate.Gender.choices],
    )
    commune_label = forms.CharField(label=_("Votre commune"), max_length=200)
    commune = forms.CharField(required=False, widget=forms.HiddenInput)
    job_seeker = forms.BooleanField(label=_("Je suis inscrit·e à France Travail"), required=False)
    rsa = forms.BooleanField(label=_("Je touche le RSA"), required=False)
    qpv_declared = forms.BooleanField(
        label=_("J'habite un quartier prioritaire de la ville (QPV)"),
        required=False,
        help_text=_("Pas sûr·e ? Cochez si vous pensez que oui : l'école vérifie avec vous."),
    )
    diploma_level = forms.ChoiceField(
        label=_("Votre plus haut diplôme"), choices=Graduate.DiplomaLevel.choices
    )
    track = forms.ChoiceField(label=_("La formation qui vous intéresse"), choices=Cohort.Track.choices)
    motivation = forms.CharField(
        label=_("Pourquoi cette formation ?"),
        max_length=3000,
        min_length=20,
        help_text=_("Quelques phrases suffisent : ce qui vous attire, ce que vous aimeriez faire ensuite."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    availability = forms.ChoiceField(
        label=_("Vos disponibilités pour une réunion d'information"),
        choices=Application.Availability.choices,
        initial=Application.Availability.ANY,
        widget=forms.RadioSelect,
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise forms.ValidationError(
                _("Numéro de téléphone français attendu, par exemple 06 12 34 56 78.")
            )
        return phone

    def clean(self):
        data = super().clean()
        insee = (data.get("commune") or "").strip()
        text = (data.get("commune_label") or "").strip()
        commune = commune_get(insee=insee) if insee else None
        if commune is None and text:
            commune = commune_resolve(text=text)
            if commune is None:
                self.add_error(
                    "commune_label",
                    _(
                        "Commune « %(t)s » introuvable : tapez les premières lettres et choisissez-la dans la liste."
                    )
                    % {"t": text},
                )
        data["commune_obj"] = commune
        return data


class LinkResendForm(forms.Form):
    email = forms.EmailField(
        label=_("L'adresse e-mail de votre candidature"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Début"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Fin"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(
        label=_("Lieu"), max_length=250, help_text=_("Adresse ou salle, telle qu'elle sera affichée.")
    )
    seats = forms.IntegerField(label=_("Places"), min_value=1, max_value=200, initial=20)


class AssessForm(forms.Form):
    test_score = forms.IntegerField(label=_("Test (sur 20)"), min_value=0, max_value=20, required=False)
    interview_score = forms.IntegerField(
        label=_("Entretien (sur 20)"), min_value=0, max_value=20, required=False
    )
    note = forms.CharField(
        label=_("Observations du jury"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    qpv_checked = forms.ChoiceField(
        label=_("Quartier prioritaire (QPV)"),
        required=False,
        choices=[("", _("Pas encore vérifié")), ("yes", _("Vérifié : oui")), ("no", _("Vérifié : non"))],
    )


class DecisionForm(forms.Form):
    transition = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            ("admit", _("Admise")),
            ("waitlist", _("Liste d'attente")),
            ("refuse", _("Non retenue")),
            ("attend", _("Réunion suivie")),
            ("withdraw", _("Retirée")),
        ],
    )
    reason = forms.CharField(
        label=_("Message à la personne"),
        required=False,
        max_length=2000,
        help_text=_(
            "Obligatoire pour la liste d'attente et un refus : dites pourquoi, avec bienveillance, et ce qu'elle peut faire."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je veux effacer ma candidature et mes données : c'est définitif."), required=True
    )


class EnrolForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Promotion"), queryset=Cohort.objects.none())

    def __init__(self, *args, track: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        qs = Cohort.objects.order_by("-training_start")
        self.fields["cohort"].queryset = qs.filter(track=track) if track else qs
