"""Offers: the public search, the employer's own offers and the school's moderation queue."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from backend.accounts.idempotency import idempotent
from backend.core.pagination import WindowCountPagination
from backend.core.permissions import IsOfficer

from .. import selectors, services
from ..filters import EmployerOfferFilter, OfferSearchParams
from ..models import Offer
from .permissions import EmployersWriteOfficersRead
from .serializers import (
    EmployerOfferSerializer,
    OccupationChoiceSerializer,
    OfferToCodeSerializer,
    OfferWriteSerializer,
    PublicOfferListSerializer,
    PublicOfferSerializer,
    ReasonSerializer,
)

# ---------------------------------------------------------------- public offers


@extend_schema_view(
    list=extend_schema(
        summary="Rechercher les offres publiées",
        parameters=[OfferSearchParams],
        responses=PublicOfferListSerializer(many=True),
        tags=["offres publiques"],
    ),
    retrieve=extend_schema(summary="Une offre publiée", tags=["offres publiques"]),
)
class PublicOfferViewSet(viewsets.GenericViewSet):
    """Published offers, readable by anyone (throttled per IP when anonymous)."""

    permission_classes = [AllowAny]
    pagination_class = WindowCountPagination
    serializer_class = PublicOfferSerializer
    queryset = Offer.objects.none()  # the model, for the schema; reads go through the selectors
    lookup_value_converter = "int"

    def list(self, request):
        params = OfferSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        search = params.to_search()
        try:
            rows = self.paginator.paginate_rows(
                lambda offset, limit: selectors.offer_search_public_page(
                    search=search, offset=offset, limit=limit
                ),
                request,
            )
        except NotFound:
            params.check_near()  # an unknown commune is a 400 before a missing page is a 404
            raise
        if not rows:
            params.check_near()  # an unknown commune finds nothing: say so
        return self.get_paginated_response(PublicOfferListSerializer(rows, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(self.get_serializer(selectors.offer_get_public(offer_id=pk)).data)


# ---------------------------------------------------------------- the employer's offers


def _respond(request, offer: Offer, status_code: int = status.HTTP_200_OK) -> Response:
    """The offer after a write, read back through the selector: one shape, relations and skills loaded."""
    fresh = selectors.offer_get_for_user(user=request.user, offer_id=offer.pk)
    return Response(EmployerOfferSerializer(fresh).data, status=status_code)


OFFER_RESPONSE = EmployerOfferSerializer
CONFLICT = OpenApiResponse(description="Transition impossible depuis le statut actuel (message en français).")


@extend_schema_view(
    list=extend_schema(
        summary="Les offres de mon entreprise (toutes pour l'école)", tags=["offres employeur"]
    ),
    retrieve=extend_schema(summary="Une offre de mon entreprise", tags=["offres employeur"]),
)
class EmployerOfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [EmployersWriteOfficersRead]
    serializer_class = EmployerOfferSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EmployerOfferFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return Offer.objects.none()
        return selectors.offer_list_for_user(user=self.request.user).order_by("-updated_at", "-pk")

    def get_object(self) -> Offer:
        return selectors.offer_get_for_user(user=self.request.user, offer_id=self.kwargs["pk"])

    @extend_schema(
        summary="Créer une offre (brouillon)",
        request=OfferWriteSerializer,
        responses={201: OFFER_RESPONSE},
        tags=["offres employeur"],
    )
    @idempotent("offer.create")
    def create(self, request):
        employer = selectors.employer_for_user(user=request.user)
        if employer is None:
            raise NotFound(
                _("Votre compte n'est rattaché à aucune entreprise : demandez une invitation à l'école.")
            )
        payload = OfferWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = payload.service_kwargs()
        fields.pop("expected_updated_at", None)
        offer = services.offer_create(employer=employer, by=request.user, **fields)
        return _respond(request, offer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Modifier une offre",
        request=OfferWriteSerializer,
        responses={200: OFFER_RESPONSE, 409: CONFLICT},
        tags=["offres employeur"],
    )
    def partial_update(self, request, pk: int):
        offer = self.get_object()
        payload = OfferWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        offer = services.offer_update(offer=offer, by=request.user, **payload.service_kwargs())
        return _respond(request, offer)

    @extend_schema(
        summary="Soumettre à la validation (publiée aussitôt pour un partenaire actif)",
        request=None,
        responses={200: OFFER_RESPONSE, 409: CONFLICT},
        tags=["offres employeur"],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk: int):
        return _respond(request, services.offer_submit(offer=self.get_object(), by=request.user))

    @extend_schema(
        summary="Fermer l'offre",
        request=None,
        responses={200: OFFER_RESPONSE, 409: CONFLICT},
        tags=["offres employeur"],
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk: int):
        return _respond(
            request, services.offer_transition(offer=self.get_object(), transition="close", by=request.user)
        )

    @extend_schema(
        summary="Marquer l'offre pourvue",
        request=None,
        responses={200: OFFER_RESPONSE, 409: CONFLICT},
        tags=["offres employeur"],
    )
    @action(detail=True, methods=["post"])
    def fill(self, request, pk: int):
        return _respond(
            request, services.offer_transition(offer=self.get_object(), transition="fill", by=request.user)
        )

    @extend_schema(
        summary="Actualiser l'offre (repousse l'expiration)",
        request=None,
        responses={200: OFFER_RESPONSE},
        tags=["offres employeur"],
    )
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk: int):
        return _respond(request, services.offer_refresh(offer=self.get_object(), by=request.user))

    @extend_schema(
        summary="Dupliquer l'offre (nouveau brouillon)",
        request=None,
        responses={201: OFFER_RESPONSE},
        tags=["offres employeur"],
    )
    @action(detail=True, methods=["post"])
    @idempotent("offer.duplicate")
    def duplicate(self, request, pk: int):
        copy = services.offer_duplicate(offer=self.get_object(), by=request.user)
        return _respond(request, copy, status.HTTP_201_CREATED)


# ---------------------------------------------------------------- moderation (officers)


@extend_schema_view(list=extend_schema(summary="Offres en attente de validation", tags=["modération"]))
class ModerationOfferViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsOfficer]
    serializer_class = EmployerOfferSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return selectors.offer_list_for_moderation()

    def get_object(self) -> Offer:
        return selectors.offer_get_for_user(user=self.request.user, offer_id=self.kwargs["pk"])

    @extend_schema(
        summary="Publier l'offre",
        request=None,
        responses={200: OFFER_RESPONSE, 409: CONFLICT},
        tags=["modération"],
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk: int):
        offer = services.offer_transition(offer=self.get_object(), transition="approve", by=request.user)
        return _respond(request, offer)

    @extend_schema(
        summary="Refuser l'offre avec un motif (vu par l'employeur)",
        request=ReasonSerializer,
        responses={200: OFFER_RESPONSE, 409: CONFLICT},
        tags=["modération"],
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk: int):
        offer = self.get_object()
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        offer = services.offer_transition(
            offer=offer, transition="decline", by=request.user, reason=payload.validated_data["reason"]
        )
        return _respond(request, offer)


# ---------------------------------------------------------------- ROME coding (officers)


@extend_schema_view(
    list=extend_schema(
        summary="Offres à coder (ROME) : le modèle n'était pas sûr",
        parameters=[OpenApiParameter("q", str, description="Intitulé ou entreprise (contient).")],
        tags=["modération"],
    )
)
class RomeCodingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published or pending offers read by the NLP pipeline with no ROME fiche, newest first, each with
    the classifier's three candidates; an officer sets the fiche of any offer (a person's choice that no
    later analysis replaces). Employers set their own offers' fiche with PATCH /api/v1/employer/offers/."""

    permission_classes = [IsOfficer]
    serializer_class = OfferToCodeSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        offers = selectors.offer_list_to_code().select_related("occupation", "appellation")
        q = (self.request.query_params.get("q") or "").strip()[:200]
        if q:
            offers = offers.filter(
                Q(title__icontains=q) | Q(published_employer__icontains=q) | Q(employer__name__icontains=q)
            )
        return offers

    @extend_schema(
        summary="Choisir la fiche ROME d'une offre (journalisé ; jamais remplacé par le modèle)",
        request=OccupationChoiceSerializer,
        responses={200: OfferToCodeSerializer},
        tags=["modération"],
    )
    @action(detail=True, methods=["post"])
    def occupation(self, request, pk: int):
        offer = selectors.offer_get_for_coding(offer_id=pk)
        payload = OccupationChoiceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.offer_occupation_choose(
            offer=offer,
            by=request.user,
            occupation=payload.validated_data.get("occupation"),
            appellation=payload.validated_data.get("appellation"),
        )
        return Response(OfferToCodeSerializer(selectors.offer_get_for_coding(offer_id=pk)).data)
