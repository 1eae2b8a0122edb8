"""The right to erasure through the API, as on the pages: the graduate asks (or cancels), an officer
confirms or declines. The services in ``graduates.privacy`` check who asks and do the work."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.accounts.idempotency import idempotent
from backend.core.permissions import IsOfficer

from .. import privacy
from ..models import ErasureRequest
from .me import _Me


class ErasureRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ErasureRequest
        fields = ["id", "status", "reason", "created_at", "decided_at"]
        read_only_fields = fields


class ErasureAskSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    confirm = serializers.BooleanField()  # the page's box: "I ask for my data to be erased"

    def validate_confirm(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Cochez la case pour confirmer que vous demandez l'effacement de vos données.")
            )
        return value


class ErasureStateSerializer(serializers.Serializer):
    pending = ErasureRequestSerializer(allow_null=True)


class ErasureOfficerSerializer(ErasureRequestSerializer):
    graduate = serializers.IntegerField(source="graduate_id")
    graduate_name = serializers.CharField(source="graduate.full_name")
    cohort = serializers.CharField(source="graduate.cohort.name")

    class Meta(ErasureRequestSerializer.Meta):
        fields = [*ErasureRequestSerializer.Meta.fields, "graduate", "graduate_name", "cohort"]
        read_only_fields = fields


class ErasureDoneSerializer(serializers.Serializer):
    erased = serializers.DictField(child=serializers.IntegerField())  # rows erased, by kind


TAGS = ["données personnelles"]


class GraduateErasureApi(_Me):
    @extend_schema(summary="Ma demande d'effacement en cours", responses=ErasureStateSerializer, tags=TAGS)
    def get(self, request):
        return Response({"pending": _pending_data(self.graduate())})

    @extend_schema(
        summary="Demander l'effacement de mes données (l'école confirme)",
        request=ErasureAskSerializer,
        responses={201: ErasureRequestSerializer},
        tags=TAGS,
    )
    @idempotent("erasure.request")
    def post(self, request):
        payload = ErasureAskSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        asked = privacy.erasure_request(
            graduate=self.graduate(), by=request.user, reason=payload.validated_data["reason"]
        )
        return Response(ErasureRequestSerializer(asked).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Annuler ma demande d'effacement", responses={200: ErasureStateSerializer}, tags=TAGS
    )
    def delete(self, request):
        graduate = self.graduate()
        pending = privacy.erasure_pending_for(graduate)
        if pending is not None:
            privacy.erasure_cancel(request=pending, by=request.user)
        return Response({"pending": None})


def _pending_data(graduate):
    pending = privacy.erasure_pending_for(graduate)
    return ErasureRequestSerializer(pending).data if pending else None


class ErasureRequestViewSet(viewsets.GenericViewSet):
    """The school's queue of erasure requests (officers only)."""

    permission_classes = [IsOfficer]
    serializer_class = ErasureOfficerSerializer
    queryset = ErasureRequest.objects.none()
    pagination_class = None
    lookup_value_converter = "int"

    def _get(self, pk: int) -> ErasureRequest:
        return get_object_or_404(ErasureRequest.objects.select_related("graduate"), pk=pk)

    @extend_schema(summary="Demandes d'effacement en attente", tags=TAGS)
    def list(self, request):
        return Response(ErasureOfficerSerializer(privacy.erasure_requests_pending(), many=True).data)

    @extend_schema(
        summary="Confirmer une demande : l'effacement a lieu maintenant",
        request=None,
        responses=ErasureDoneSerializer,
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk: int):
        counts = privacy.erasure_confirm(request=self._get(pk), by=request.user)
        return Response({"erased": {str(k): int(v) for k, v in counts.items()}})

    @extend_schema(
        summary="Refuser une demande (la personne en est informée)",
        request=None,
        responses=ErasureRequestSerializer,
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk: int):
        declined = privacy.erasure_cancel(request=self._get(pk), by=request.user)
        return Response(ErasureRequestSerializer(declined).data)
