"""Employer organisations: their own record, the school's review, partnerships, CRM log and contacts."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from backend.accounts.idempotency import idempotent
from backend.core.permissions import IsEmployer, IsOfficer

from .. import selectors, services
from ..filters import EmployerListParams
from ..models import Employer
from .permissions import OfficerOnEmployer, OfficerWritesOrganisationReads
from .serializers import (
    ContactInviteSerializer,
    ContactSerializer,
    EmployerListItemSerializer,
    EmployerSerializer,
    EmployerUpdateSerializer,
    InteractionSerializer,
    InteractionWriteSerializer,
    PartnershipSerializer,
    PartnershipWriteSerializer,
    ReasonSerializer,
)


class EmployerMeApi(GenericAPIView):
    """The organisation the signed-in employer acts for."""

    permission_classes = [IsEmployer]
    serializer_class = EmployerSerializer

    def _employer(self) -> Employer:
        employer = selectors.employer_for_user(user=self.request.user)
        if employer is None:
            raise NotFound(
                _("Votre compte n'est rattaché à aucune entreprise : demandez une invitation à l'école.")
            )
        return employer

    @extend_schema(summary="Mon entreprise", tags=["employeurs"])
    def get(self, request):
        return Response(EmployerSerializer(self._employer()).data)

    @extend_schema(
        summary="Modifier mon entreprise",
        request=EmployerUpdateSerializer,
        responses={200: EmployerSerializer},
        tags=["employeurs"],
    )
    def patch(self, request):
        employer = self._employer()
        payload = EmployerUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        employer = services.employer_profile_update(
            employer=employer, by=request.user, **payload.validated_data
        )
        return Response(EmployerSerializer(employer).data)


@extend_schema_view(
    list=extend_schema(summary="Employeurs (école)", parameters=[EmployerListParams], tags=["employeurs"]),
    retrieve=extend_schema(summary="Un employeur", tags=["employeurs"]),
)
class EmployerViewSet(viewsets.GenericViewSet):
    """Officers see every employer; an employer account sees its own organisation only (others: 404)."""

    serializer_class = EmployerSerializer
    queryset = Employer.objects.none()  # the model, for the schema; reads go through the selectors
    lookup_value_converter = "int"

    def get_permissions(self):
        if self.action == "list":
            return [IsOfficer()]
        return [permission() for permission in self.permission_classes]

    def get_object(self) -> Employer:
        employer = selectors.employer_get_for_user(user=self.request.user, employer_id=self.kwargs["pk"])
        self.check_object_permissions(self.request, employer)
        return employer

    def list(self, request):
        params = EmployerListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        employers = selectors.employer_list_for_officer(
            status=params.validated_data.get("status"), query=params.validated_data.get("q", "")
        )
        page = self.paginate_queryset(employers)
        return self.get_paginated_response(EmployerListItemSerializer(page, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(EmployerSerializer(self.get_object()).data)

    @extend_schema(
        summary="Valider l'employeur", request=None, responses=EmployerSerializer, tags=["employeurs"]
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, OfficerOnEmployer])
    def approve(self, request, pk: int):
        employer = services.employer_approve(employer=self.get_object(), by=request.user)
        return Response(EmployerSerializer(employer).data)

    @extend_schema(
        summary="Refuser l'employeur avec un motif",
        request=ReasonSerializer,
        responses=EmployerSerializer,
        tags=["employeurs"],
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, OfficerOnEmployer])
    def decline(self, request, pk: int):
        employer = self.get_object()
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        employer = services.employer_decline(
            employer=employer, by=request.user, reason=payload.validated_data["reason"]
        )
        return Response(EmployerSerializer(employer).data)

    # ------------------------------------------------------------ partnerships

    @extend_schema(
        summary="Partenariats de l'employeur",
        responses=PartnershipSerializer(many=True),
        tags=["partenariats"],
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[IsAuthenticated, OfficerWritesOrganisationReads],
        pagination_class=None,  # the whole list, as documented: an employer has a handful
    )
    def partnerships(self, request, pk: int):
        partnerships = selectors.partnership_list_for_employer(employer=self.get_object())
        return Response(PartnershipSerializer(partnerships, many=True).data)

    @extend_schema(
        summary="Enregistrer un partenariat",
        request=PartnershipWriteSerializer,
        responses={201: PartnershipSerializer},
        tags=["partenariats"],
    )
    @partnerships.mapping.post
    @idempotent("partnership.create")
    def partnership_create(self, request, pk: int):
        employer = self.get_object()
        payload = PartnershipWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        partnership = services.partnership_save(employer=employer, by=request.user, **payload.validated_data)
        return Response(PartnershipSerializer(partnership).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Un partenariat", responses=PartnershipSerializer, tags=["partenariats"])
    @action(
        detail=True,
        methods=["get"],
        url_path="partnerships/<int:partnership_id>",
        permission_classes=[IsAuthenticated, OfficerWritesOrganisationReads],
    )
    def partnership(self, request, pk: int, partnership_id: int):
        partnership = selectors.partnership_get_for_employer(
            employer=self.get_object(), partnership_id=partnership_id
        )
        return Response(PartnershipSerializer(partnership).data)

    @extend_schema(
        summary="Modifier un partenariat",
        request=PartnershipWriteSerializer,
        responses=PartnershipSerializer,
        tags=["partenariats"],
    )
    @partnership.mapping.patch
    def partnership_update(self, request, pk: int, partnership_id: int):
        employer = self.get_object()
        partnership = selectors.partnership_get_for_employer(employer=employer, partnership_id=partnership_id)
        payload = PartnershipWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        partnership = services.partnership_save(
            employer=employer, by=request.user, partnership=partnership, **payload.validated_data
        )
        return Response(PartnershipSerializer(partnership).data)

    # ------------------------------------------------------------ interactions (the school's CRM)

    @extend_schema(
        summary="Échanges avec l'employeur", responses=InteractionSerializer(many=True), tags=["partenariats"]
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[IsAuthenticated, OfficerOnEmployer],
        pagination_class=None,
    )
    def interactions(self, request, pk: int):
        interactions = selectors.interaction_list_for_employer(employer=self.get_object())
        return Response(InteractionSerializer(interactions, many=True).data)

    @extend_schema(
        summary="Noter un échange",
        request=InteractionWriteSerializer,
        responses={201: InteractionSerializer},
        tags=["partenariats"],
    )
    @interactions.mapping.post
    @idempotent("interaction.create")
    def interaction_create(self, request, pk: int):
        employer = self.get_object()
        payload = InteractionWriteSerializer(data=request.data, context={"employer": employer})
        payload.is_valid(raise_exception=True)
        interaction = services.interaction_log(employer=employer, by=request.user, **payload.validated_data)
        return Response(InteractionSerializer(interaction).data, status=status.HTTP_201_CREATED)

    # ------------------------------------------------------------ contacts

    @extend_schema(
        summary="Contacts de l'employeur", responses=ContactSerializer(many=True), tags=["employeurs"]
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def contacts(self, request, pk: int):
        contacts = selectors.contact_list_for_employer(employer=self.get_object())
        return Response(ContactSerializer(contacts, many=True).data)

    @extend_schema(
        summary="Inviter un contact à se connecter pour l'entreprise",
        request=ContactInviteSerializer,
        responses={201: ContactSerializer},
        tags=["employeurs"],
    )
    @action(detail=True, methods=["post"], url_path="contacts/invite")
    @idempotent("contact.invite")
    def invite(self, request, pk: int):
        employer = self.get_object()
        payload = ContactInviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        contact, _invitation = services.contact_invite(
            employer=employer, by=request.user, **payload.validated_data
        )
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
