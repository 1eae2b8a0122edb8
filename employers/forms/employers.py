"""Forms of the employer sign-up, contacts and the school's CRM."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User

from ..models import Employer, Interaction, Partnership
from ..validators import validate_siret
from .base import DATE_WIDGET, CommuneFieldsMixin, Form


class EmployerRegisterForm(CommuneFieldsMixin, Form):
    name = forms.CharField(
        label=_("Nom de l'entreprise"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("14 chiffres, sur votre extrait Kbis ou sur annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    size_band = forms.ChoiceField(
        label=_("Effectif"), choices=[("", _("Choisissez…")), *Employer.SizeBand.choices]
    )
    naf_code = forms.CharField(
        label=_("Code NAF (facultatif)"), max_length=6, required=False, help_text=_("Par exemple 62.01Z.")
    )
    address = forms.CharField(
        label=_("Adresse (facultatif)"),
        max_length=250,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    commune_label = forms.CharField(label=_("Commune"), max_length=150, required=False)
    commune = forms.CharField(label=_("Commune"), required=False, widget=forms.HiddenInput)
    website = forms.URLField(label=_("Site web (facultatif)"), required=False, assume_scheme="https")
    first_name = forms.CharField(
        label=_("Votre prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Votre nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    job_title = forms.CharField(label=_("Votre fonction (facultatif)"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail professionnelle"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        help_text=_(
            "Au moins 12 caractères mêlant minuscules, majuscules, chiffres ou symboles, ou une phrase "
            "de 16 caractères ou plus ; pas de mot courant ni le nom du site."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Confirmez le mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_siret(self):
        siret = self.cleaned_data["siret"].replace(" ", "").replace(".", "")
        validate_siret(siret)
        return siret

    def clean_naf_code(self):
        return self.cleaned_data["naf_code"].strip().upper()

    def clean(self):
        data = super().clean()
        data["commune_obj"] = self.clean_commune_pair("commune", required=True)
        if (
            data.get("password")
            and data.get("password_confirm")
            and data["password"] != data["password_confirm"]
        ):
            self.add_error("password_confirm", _("Les deux mots de passe ne sont pas identiques."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "siret": d["siret"],
            "size_band": d["size_band"],
            "commune": d["commune_obj"],
            "email": d["email"],
            "password": d["password"],
            "first_name": d["first_name"],
            "last_name": d["last_name"],
            "naf_code": d["naf_code"],
            "address": d["address"],
            "website": d["website"],
            "phone": d["phone"],
            "job_title": d["job_title"],
        }


class ContactInviteForm(Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    job_title = forms.CharField(label=_("Fonction (facultatif)"), max_length=150, required=False)


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("L'employeur le lira : dites ce qu'il faut corriger."),
    )


# ---------------------------------------------------------------- officer CRM


def officer_choices():
    return [("", _("— personne —"))] + [
        (str(u.pk), u.get_full_name() or u.email)
        for u in User.objects.filter(role__in=[User.Role.OFFICER, User.Role.ADMIN], is_active=True).order_by(
            "first_name"
        )
    ]


class PartnershipForm(Form):
    kind = forms.ChoiceField(label=_("Type de partenariat"), choices=Partnership.Kind.choices)
    status = forms.ChoiceField(
        label=_("Statut"), choices=Partnership.Status.choices, initial=Partnership.Status.PROSPECT
    )
    start_date = forms.DateField(label=_("Début"), widget=DATE_WIDGET)
    renewal_date = forms.DateField(label=_("Renouvellement (facultatif)"), required=False, widget=DATE_WIDGET)
    hires_per_year = forms.IntegerField(
        label=_("Recrutements visés par an"), min_value=0, max_value=999, initial=0
    )
    internships_per_year = forms.IntegerField(
        label=_("Stagiaires accueillis par an"), min_value=0, max_value=999, initial=0
    )
    commitments = forms.CharField(
        label=_("Engagements"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    officer = forms.ChoiceField(label=_("Chargé·e de la relation"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = officer_choices()

    def service_fields(self) -> dict:
        d = dict(self.cleaned_data)
        officer_id = d.pop("officer")
        d["officer"] = User.objects.filter(pk=officer_id).first() if officer_id else None
        return d

    @staticmethod
    def initial_from(p: Partnership) -> dict:
        return {
            "kind": p.kind,
            "status": p.status,
            "start_date": p.start_date,
            "renewal_date": p.renewal_date,
            "hires_per_year": p.hires_per_year,
            "internships_per_year": p.internships_per_year,
            "commitments": p.commitments,
            "officer": str(p.officer_id or ""),
        }


class ProspectConvertForm(Form):
    """A prospect becomes a partner: what identifies it, and the first partnership."""

    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("14 chiffres, espaces permis (annuaire-entreprises.data.gouv.fr)."),
    )
    size_band = forms.ChoiceField(label=_("Effectif"), choices=Employer.SizeBand.choices)
    kind = forms.ChoiceField(label=_("Type de partenariat"), choices=Partnership.Kind.choices)
    commitments = forms.CharField(
        label=_("Engagements (facultatif)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_siret(self):
        siret = self.cleaned_data["siret"].replace(" ", "").replace(".", "")
        validate_siret(siret)
        return siret


class InteractionForm(Form):
    kind = forms.ChoiceField(label=_("Type d'échange"), choices=Interaction.Kind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    partnership = forms.ChoiceField(label=_("Partenariat concerné (facultatif)"), required=False)
    summary = forms.CharField(label=_("Compte rendu"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, partnerships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.partnerships = {str(p.pk): p for p in partnerships}
        self.fields["partnership"].choices = [("", _("— aucun —"))] + [
            (pk, p.get_kind_display()) for pk, p in self.partnerships.items()
        ]

    def clean_partnership(self):
        return self.partnerships.get(self.cleaned_data.get("partnership") or "")


class EmployerFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *Employer.Status.choices]
    )
    q = forms.CharField(
        label=_("Nom ou SIRET"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
