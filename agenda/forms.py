"""The forms of the events pages: French labels, the services say what is wrong."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Offer
from graduates.models import Graduate

from .models import Event, Slot

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M"]


def _when(label):
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class EventForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Event.Kind.choices)
    place = forms.CharField(
        label=_("Lieu"), max_length=250, help_text=_("Adresse ou salle, telle qu'elle sera affichée.")
    )
    starts_at = _when(_("Début"))
    ends_at = _when(_("Fin"))
    description = forms.CharField(
        label=_("Présentation (facultative)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistrationForm(forms.Form):
    offers = forms.ModelMultipleChoiceField(
        label=_("Les offres que vous présentez"),
        queryset=Offer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].queryset = offers if offers is not None else Offer.objects.none()


class SlotsForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Offre"), queryset=Offer.objects.none(), empty_label=_("Choisissez…")
    )
    first_at = _when(_("Premier créneau à"))
    count = forms.IntegerField(label=_("Nombre de créneaux"), min_value=1, max_value=30, initial=4)
    minutes = forms.IntegerField(
        label=_("Durée d'un créneau (minutes)"), min_value=5, max_value=120, initial=20
    )

    def __init__(self, *args, offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers if offers is not None else Offer.objects.none()


class BookForOfficerForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Créneau"), queryset=Slot.objects.none(), empty_label=_("Choisissez…")
    )
    graduate = forms.ModelChoiceField(
        label=_("Diplômé·e"), queryset=Graduate.objects.none(), empty_label=_("Choisissez…")
    )

    def __init__(self, *args, graduates=None, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graduate"].queryset = graduates if graduates is not None else Graduate.objects.none()
        self.fields["slot"].queryset = slots if slots is not None else Slot.objects.none()
        self.fields["slot"].label_from_instance = lambda s: (
            f"{timezone.localtime(s.starts_at):%H:%M} · {s.registration.employer.name} · {s.offer.title}"
        )
