"""The agenda API's serializers: an event, a slot as who asks may read it (a graduate never reads who
booked someone else's), a registration, and the requests that create, change, register, open and book."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Event, EventRegistration, Slot


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    past = serializers.SerializerMethodField(help_text=_("L'événement est terminé."))

    class Meta:
        model = Event
        fields = ["id", "title", "kind", "kind_label", "place", "starts_at", "ends_at", "description", "past"]
        read_only_fields = ["id", "kind_label", "past"]

    def get_past(self, event) -> bool:
        return event.is_past()


class MomentField(serializers.DateTimeField):
    """A date and hour between 2000 and 2100: the services add minutes and days to it, which a year 1 or
    9999 would overflow."""

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
        except OverflowError:  # DRF's own timezone check overflows on year 1 or 9999 with an offset
            moment = None
        if moment is None or not 2000 <= moment.year <= 2100:
            raise serializers.ValidationError(_("Indiquez une date entre 2000 et 2100."))
        return moment


class EventWriteSerializer(serializers.Serializer):
    """What the school types; the service says what is wrong with it (dates, hours holding the slots)."""

    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    place = serializers.CharField(max_length=250)
    starts_at = MomentField()
    ends_at = MomentField()
    description = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")


class EventUpdateSerializer(EventWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)
        self.fields["description"].default = serializers.empty


class SlotSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="registration.employer.name", read_only=True)
    offer_title = serializers.CharField(source="offer.title", read_only=True)
    event = serializers.IntegerField(source="registration.event_id", read_only=True)
    free = serializers.BooleanField(source="is_free", read_only=True)
    graduate_name = serializers.SerializerMethodField(
        help_text=_(
            "Qui a réservé : pour l'école et l'employeur du créneau ; pour un·e diplômé·e, son nom si c'est le sien."
        )
    )
    application = serializers.SerializerMethodField(
        help_text=_("La candidature passée à « entretien » par la réservation (visible de ses parties).")
    )
    ics_url = serializers.SerializerMethodField(
        help_text=_("L'invitation .ics de l'entretien, pour les parties de la candidature.")
    )

    class Meta:
        model = Slot
        fields = [
            "id",
            "event",
            "offer",
            "offer_title",
            "employer_name",
            "starts_at",
            "ends_at",
            "free",
            "graduate_name",
            "application",
            "ics_url",
        ]
        read_only_fields = fields

    def _sees_booker(self, slot) -> bool:
        user = self.context["request"].user
        if slot.graduate_id is None:
            return False
        if user.is_officer:
            return True
        if user.is_graduate:
            return slot.graduate.user_id == user.pk
        employer_id = self.context.get("employer_id")
        return employer_id is not None and slot.registration.employer_id == employer_id

    def get_graduate_name(self, slot) -> str | None:
        return slot.graduate.full_name if self._sees_booker(slot) else None

    def get_application(self, slot) -> int | None:
        return slot.application_id if self._sees_booker(slot) else None

    def get_ics_url(self, slot) -> str | None:
        if not self._sees_booker(slot) or slot.application_id is None:
            return None
        return settings.SITE_URL + reverse("agenda:interview_ics", kwargs={"pk": slot.application_id})


class RegistrationSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = EventRegistration
        fields = ["id", "event", "employer", "employer_name", "offers", "registered_at"]
        read_only_fields = fields


class RegistrationRequestSerializer(serializers.Serializer):
    offers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        max_length=50,
        help_text=_("Les identifiants de vos offres publiées que vous présentez (une liste vide : aucune)."),
    )


class SlotsOpenRequestSerializer(serializers.Serializer):
    offer = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=_("Une offre de votre inscription.")
    )
    first_at = MomentField(help_text=_("Début du premier créneau, dans les horaires de l'événement."))
    count = serializers.IntegerField(min_value=1, max_value=30)
    minutes = serializers.IntegerField(min_value=5, max_value=120, default=20)


class BookRequestSerializer(serializers.Serializer):
    graduate = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text=_("Pour l'école : le ou la diplômé·e pour qui réserver. Un·e diplômé·e réserve pour soi."),
    )
