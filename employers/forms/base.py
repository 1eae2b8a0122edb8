"""Shared pieces of the web forms: French amounts, the commune pair, service errors on fields."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.core.exceptions import ApplicationError
from backend.geo.selectors import commune_get, commune_resolve

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_application_error(
    form: forms.Form, exc: ApplicationError, aliases: dict[str, str] | None = None
) -> None:
    """Attach a service's error to the form: per-field messages where the field exists, else on top.

    ``exc.extra["fields"]`` maps model field names to messages; ``aliases`` renames the few that the
    form calls differently.
    """
    aliases = aliases or {}
    fields = exc.extra.get("fields") or {}
    shown: set[str] = set()
    for name, messages in fields.items():
        target = aliases.get(name, name)
        if isinstance(messages, str):
            messages = [messages]
        if target in form.fields:
            for message in messages:
                form.add_error(target, str(message))
                shown.add(str(message))
    if exc.message not in shown:
        form.add_error(None, exc.message)


class Form(forms.Form):
    """Labels without the trailing colon: the layout already puts each label above its field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FrenchDecimalField(forms.DecimalField):
    """Accepts what people type in France: « 1 800,50 », « 24000 », « 24 000 € »."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        attrs.pop("step", None)
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = (
                value.replace("\u202f", "")
                .replace("\xa0", "")
                .replace(" ", "")
                .replace("€", "")
                .replace(",", ".")
            )
        return super().to_python(value)


def decimal_initial(value) -> str:
    """24000.00 → « 24000 », 1766.90 → « 1766,90 »: what a person would have typed."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:.2f}".replace(".", ",")


class CommuneFieldsMixin:
    """A commune picked in the autocomplete (hidden INSEE code) or typed by hand ("Liévin (62800)").

    The text field is what the person sees and types; the hidden ``<prefix>`` field receives the INSEE
    code when they pick a suggestion (the script clears it as soon as they type again). Without
    JavaScript the typed text alone is resolved.
    """

    def clean_commune_pair(self, prefix: str, *, required: bool):
        insee = (self.cleaned_data.get(prefix) or "").strip()
        text = (self.cleaned_data.get(f"{prefix}_label") or "").strip()
        commune = commune_get(insee=insee) if insee else None
        if commune is None and text:
            commune = commune_resolve(text=text)
            if commune is None:
                self.add_error(
                    prefix,
                    _(
                        "Commune « %(t)s » introuvable : tapez les premières lettres et choisissez-la dans la liste."
                    )
                    % {"t": text},
                )
                return None
        if commune is None and required:
            self.add_error(prefix, _("Indiquez la commune."))
        return commune
