"""Placements and follow-ups over the API."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.accounts.idempotency import idempotent
from backend.core.exceptions import ApplicationError
from backend.core.permissions import IsOfficer
from employers.models import Employer
from graduates.selectors import graduate_for_user, graduate_get_for_user

from .. import services
from ..filters import OutcomeCheckFilter, PlacementFilter
from ..models import OutcomeCheck, Placement
from ..selectors import (
    outcome_check_get_for_user,
    outcome_check_list_for_user,
    placement_get_for_user,
    placement_list_for_user,
)
from .serializers import (
    OutcomeCheckSerializer,
    OutcomeCheckWriteSerializer,
    PlacementConfirmSerializer,
    PlacementSerializer,
    PlacementWriteSerializer,
)

CONFLICT = OpenApiResponse(description="Déjà traité ou figé (message en français).")


# --- placements ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Placements (école : tous ; diplômé·e : les siens ; employeur : ceux qui le nomment)",
        tags=["placements"],
    ),
    retrieve=extend_schema(summary="Un placement", tags=["placements"]),
)
class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PlacementSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PlacementFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        return placement_list_for_user(user=self.request.user).order_by("-start_date", "-pk")

    def get_object(self) -> Placement:
        return placement_get_for_user(user=self.request.user, placement_id=self.kwargs["pk"])

    @extend_schema(
        summary="Déclarer un emploi (diplômé·e, à confirmer) ou enregistrer un placement (école, confirmé)",
        request=PlacementWriteSerializer,
        responses={201: PlacementSerializer},
        tags=["placements"],
    )
    @idempotent("placement.create")
    def create(self, request):
        payload = PlacementWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        graduate_id = data.pop("graduate", None)
        user = request.user
        if user.is_graduate:
            graduate = graduate_for_user(user=user)
            if graduate is None:
                raise Http404
        elif user.is_officer:
            if graduate_id is None:
                raise ApplicationError(
                    _("Indiquez le ou la diplômé·e (graduate)."), extra={"field": "graduate"}
                )
            graduate = graduate_get_for_user(user=user, graduate_id=graduate_id)
        else:
            raise ApplicationError(_("Vous ne pouvez pas déclarer ce placement."), status_code=403)
        employer_id = data.pop("employer", None)
        if employer_id is not None:
            data["employer"] = Employer.objects.filter(
                pk=employer_id, status=Employer.Status.APPROVED
            ).first()
            if data["employer"] is None:
                raise ApplicationError(_("Entreprise inconnue sur Tremplin."), extra={"field": "employer"})
        placement = services.placement_record(graduate=graduate, by=user, **data)
        fresh = placement_list_for_user(user=user).get(pk=placement.pk)
        return Response(PlacementSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Confirmer (ou non) un emploi déclaré : école, ou employeur nommé",
        request=PlacementConfirmSerializer,
        responses={200: PlacementSerializer, 409: CONFLICT},
        tags=["placements"],
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk: int):
        placement = self.get_object()
        payload = PlacementConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if request.user.is_graduate:
            raise ApplicationError(
                _("Ce placement est confirmé par l'école ou l'employeur."), status_code=403
            )
        placement = services.placement_confirm(placement=placement, by=request.user, **payload.validated_data)
        fresh = placement_list_for_user(user=request.user).get(pk=placement.pk)
        return Response(PlacementSerializer(fresh).data)


# --- outcome checks ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Suivis à échéance (fin de formation, +3 et +6 mois)", tags=["suivi"]),
    retrieve=extend_schema(summary="Un suivi", tags=["suivi"]),
)
class OutcomeCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsOfficer]
    serializer_class = OutcomeCheckSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OutcomeCheckFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OutcomeCheck.objects.none()
        return outcome_check_list_for_user(user=self.request.user).order_by("due_on", "pk")

    def get_object(self) -> OutcomeCheck:
        return outcome_check_get_for_user(user=self.request.user, check_id=self.kwargs["pk"])

    def _respond(self, check: OutcomeCheck) -> Response:
        fresh = outcome_check_list_for_user(user=self.request.user).get(pk=check.pk)
        return Response(OutcomeCheckSerializer(fresh).data)

    @extend_schema(
        summary="Compléter un suivi (refusé une fois validé)",
        request=OutcomeCheckWriteSerializer,
        responses={200: OutcomeCheckSerializer, 409: CONFLICT},
        tags=["suivi"],
    )
    def partial_update(self, request, pk: int):
        check = self.get_object()
        payload = OutcomeCheckWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        current = {
            "situation": check.situation,
            "contract_type": check.contract_type,
            "employer_name": check.employer_name,
            "note": check.note,
        }
        current.update(payload.validated_data)
        return self._respond(services.outcome_fill(check=check, by=request.user, **current))

    @extend_schema(
        summary="Valider un suivi : il est figé et compte dans le rapport",
        request=None,
        responses={200: OutcomeCheckSerializer, 409: CONFLICT},
        tags=["suivi"],
    )
    @action(detail=True, methods=["post"])
    def validate(self, request, pk: int):
        return self._respond(services.outcome_validate(check=self.get_object(), by=request.user))
