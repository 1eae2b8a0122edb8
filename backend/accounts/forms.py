from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _(
            "E-mail ou mot de passe incorrect. Vérifiez la saisie, ou réinitialisez votre mot de passe. "
            "Vous venez de vous inscrire ? Confirmez d'abord votre adresse avec le lien reçu par e-mail."
        ),
        "inactive": _("Ce compte est désactivé. Contactez l'école."),
    }


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Au moins 12 caractères mêlant minuscules, majuscules, chiffres ou symboles, ou une phrase "
            "de 16 caractères ou plus ; pas de mot courant ni le nom du site."
        ),
    )
    password_confirm = forms.CharField(
        label=_("Confirmez le mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_confirm"):
            self.add_error("password_confirm", _("Les deux mots de passe ne sont pas identiques."))
        return data
