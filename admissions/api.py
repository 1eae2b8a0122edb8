"""Admissions as JSON for the school's own tools: applications (with their entry characteristics: officers
only, anonymous 401, other roles 403), one move of an application, and the information sessions with their
seats. Thin: each view validates, calls one service or selector and serialises."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.pagination import PageNumberPagination
from backend.geo.serializers import CommuneSerializer
from employers.api.permissions import IsOfficer

from . import selectors, services
from .models import Application, InformationSession

TAGS = ["admissions"]


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


@extend_schema_view(
    get=extend_schema(
        summary="Candidatures à la formation (les plus récentes d'abord)",
        parameters=[
            OpenApiParameter(
                "state", str, description="Un état seulement : " + ", ".join(Application.State.values) + "."
            ),
        ],
        tags=TAGS,
    )
)
class AdmissionListApi(generics.ListAPIView):
    permission_classes = [IsOfficer]
    pagination_class = PageNumberPagination
    serializer_class = AdmissionSerializer

    def get_queryset(self):
        return selectors.applications_for_staff(state=self.request.query_params.get("state", ""))


class AdmissionTransitionApi(APIView):
    permission_classes = [IsOfficer]

    @extend_schema(
        summary="Faire avancer une candidature (venue à la réunion, admise, liste d'attente, non retenue, retirée)",
        request=AdmissionTransitionSerializer,
        responses={
            200: AdmissionSerializer,
            409: OpenApiResponse(description="La candidature n'est plus à un état d'où ce pas est possible."),
        },
        tags=TAGS,
    )
    def post(self, request, pk: int):
        application = get_object_or_404(Application, pk=pk)
        payload = AdmissionTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        moved = services.application_transition(
            application=application,
            to=payload.validated_data["transition"],
            by=request.user,
            reason=payload.validated_data.get("reason", ""),
        )
        moved = selectors.applications_for_staff().get(pk=moved.pk)
        return Response(AdmissionSerializer(moved).data)


@extend_schema_view(get=extend_schema(summary="Réunions d'information à venir, avec leurs places", tags=TAGS))
class SessionListApi(generics.ListAPIView):
    permission_classes = [IsOfficer]
    pagination_class = PageNumberPagination
    serializer_class = AdmissionSessionSerializer

    def get_queryset(self):
        return selectors.sessions_upcoming().order_by("starts_at", "pk")
