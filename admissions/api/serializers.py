"""The admissions API's serializers: an application with its entry characteristics and booked session, one
move of an application, an information session with its seats."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.geo.api.serializers import CommuneSerializer

from .. import services
from ..models import Application, InformationSession


class AdmissionSessionSerializer(serializers.ModelSerializer):
    taken = serializers.SerializerMethodField(help_text=_("Places réservées."))
    seats_left = serializers.SerializerMethodField(help_text=_("Places libres."))

    class Meta:
        model = InformationSession
        fields = ["id", "starts_at", "ends_at", "place", "seats", "taken", "seats_left"]

    def get_taken(self, session) -> int:
        return session.seats - services.seats_left(session)

    def get_seats_left(self, session) -> int:
        return services.seats_left(session)


class AdmissionBookedSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = InformationSession
        fields = ["id", "starts_at", "ends_at", "place"]


class AdmissionSerializer(serializers.ModelSerializer):
    # A plain string in the schema (its values listed here): an enum named "state" would collide with the
    # candidacies' one in drf-spectacular's naming.
    state = serializers.CharField(read_only=True, help_text=", ".join(Application.State.values))
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    commune = CommuneSerializer(read_only=True, allow_null=True)
    session = serializers.SerializerMethodField(
        help_text=_("La réunion d'information réservée, s'il y en a une.")
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "state",
            "state_label",
            "first_name",
            "last_name",
            "email",
            "phone",
            "birth_date",
            "gender",
            "commune",
            "job_seeker",
            "rsa",
            "qpv_declared",
            "qpv_checked",
            "diploma_level",
            "track",
            "availability",
            "test_score",
            "interview_score",
            "decision_reason",
            "session",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AdmissionBookedSessionSerializer(allow_null=True))
    def get_session(self, application) -> dict | None:
        booking = getattr(application, "booking", None)
        return AdmissionBookedSessionSerializer(booking.session).data if booking else None


class AdmissionTransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=sorted(Application.TRANSITIONS.keys() - {"enrol", "lapse"}))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Le message que la personne lit : obligatoire pour « waitlist » et « refuse »."),
    )
