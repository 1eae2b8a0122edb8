"""Admissions as JSON for the school's own tools: applications (with their entry characteristics: officers
only, anonymous 401, other roles 403), one move of an application, and the information sessions with their
seats. Thin: each view validates, calls one service or selector and serialises."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.pagination import PageNumberPagination
from backend.core.permissions import IsOfficer

from .. import selectors, services
from ..models import Application
from .serializers import AdmissionSerializer, AdmissionSessionSerializer, AdmissionTransitionSerializer

TAGS = ["admissions"]


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
            transition=payload.validated_data["transition"],
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
