"""Internship agreements as JSON: the list and one agreement for who asks (the school, the host's
contacts, the trainee; anyone else a 404), and a party's signature. Thin: each view calls one selector
or service and serialises."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.idempotency import idempotent
from backend.core.pagination import PageNumberPagination

from .. import selectors, services
from ..models import Agreement
from ..views import client_address
from .serializers import AgreementSerializer, SignatureSerializer, SignRequestSerializer

TAGS = ["internships"]


class IsAParty(BasePermission):
    message = _("Les conventions de stage concernent l'école, l'organisme d'accueil et le ou la stagiaire.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and (user.is_officer or user.is_employer or user.is_graduate))


@extend_schema_view(get=extend_schema(summary="Conventions de stage de qui demande", tags=TAGS))
class AgreementListApi(generics.ListAPIView):
    permission_classes = [IsAParty]
    pagination_class = PageNumberPagination
    serializer_class = AgreementSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks with no one signed in
            return Agreement.objects.none()
        return selectors.agreement_list_for(user=self.request.user)


@extend_schema_view(get=extend_schema(summary="Une convention de stage et sa dernière version", tags=TAGS))
class AgreementDetailApi(generics.RetrieveAPIView):
    permission_classes = [IsAParty]
    serializer_class = AgreementSerializer

    def get_object(self):
        return selectors.agreement_get_for(user=self.request.user, agreement_id=self.kwargs["pk"])


class AgreementSignApi(APIView):
    permission_classes = [IsAParty]

    @extend_schema(
        summary="Signer la dernière version pour sa partie (école, organisme d'accueil ou stagiaire)",
        request=SignRequestSerializer,
        responses={
            201: SignatureSerializer,
            400: OpenApiResponse(description="La convention n'est pas prête : la liste de ce qui manque."),
            404: OpenApiResponse(description="Convention introuvable pour qui demande."),
            409: OpenApiResponse(description="Déjà signée, ou la version a changé."),
        },
        tags=TAGS,
    )
    @idempotent("agreement.sign")
    def post(self, request, pk: int):
        agreement = selectors.agreement_get_for(user=request.user, agreement_id=pk)
        payload = SignRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        signature = services.agreement_sign(
            agreement=agreement,
            by=request.user,
            ip_address=client_address(request),
            version_number=payload.validated_data["version"],
        )
        return Response(SignatureSerializer(signature).data, status=201)
