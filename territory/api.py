"""The territory as JSON for the school's own tools (issue #14): the prospects for the partnership CRM
(the ranking and filters of ``/ecole/territoire/prospects/``) and adding one to the CRM. Officers only
(anonymous: 401, other roles: 403). The curriculum read is ``placements.api.curriculum`` (territory
imports neither placements nor graduates)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.idempotency import idempotent
from backend.core.pagination import PageNumberPagination
from backend.core.permissions import IsOfficer
from backend.geo.serializers import CommuneSerializer
from employers.services.crm import employer_prospect_add

from .prospects import prospect_get, prospect_list

TAGS = ["territoire"]


# ---------------------------------------------------------------- prospects


class ContractCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class ProspectOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ProspectSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("Le nom replié (sans accents ni casse) : ce qu'on envoie pour l'ajouter.")
    )
    name = serializers.CharField()
    score = serializers.FloatField(
        help_text=_("offres × (1 + part débutant·es) × (0,5 + 0,5 × part durable) / (1 + km / 20)")
    )
    offers = serializers.IntegerField(help_text=_("Offres dans les métiers de l'école sur la période."))
    beginner = serializers.IntegerField(help_text=_("Dont ouvertes aux débutant·es."))
    beginner_share = serializers.FloatField()
    durable = serializers.IntegerField(help_text=_("Dont CDI, CDD de 6 mois ou plus, alternance."))
    durable_share = serializers.FloatField()
    distance_km = serializers.FloatField(help_text=_("De Lens au lieu de travail le plus proche."))
    commune = CommuneSerializer(allow_null=True)
    latest = serializers.DateTimeField(allow_null=True, help_text=_("Publication de sa dernière offre."))
    contracts = ContractCountSerializer(many=True)
    recent_offers = ProspectOfferSerializer(many=True, help_text=_("Ses 10 dernières offres."))

    def to_representation(self, prospect):
        data = {
            "key": prospect.key,
            "name": prospect.name,
            "score": round(prospect.score, 4),
            "offers": prospect.offers,
            "beginner": prospect.beginner,
            "beginner_share": round(prospect.beginner_share, 4),
            "durable": prospect.durable,
            "durable_share": round(prospect.durable_share, 4),
            "distance_km": round(prospect.distance_km, 1),
            "commune": prospect.commune,
            "latest": prospect.latest,
            "contracts": [{"label": str(label), "count": n} for label, n in prospect.contract_labels],
            "recent_offers": [{"id": pk, "title": title} for pk, title in prospect.titles[:10]],
        }
        return super().to_representation(data)


class ProspectAddSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=200, help_text=_("La clé d'un prospect de la liste."))


class ProspectAddedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("L'entreprise créée dans le suivi (statut prospect)."))
    name = serializers.CharField()
    status = serializers.CharField()


class ProspectListApi(APIView):
    permission_classes = [IsOfficer]
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="Entreprises à démarcher (même classement que la page des prospects)",
        parameters=[
            OpenApiParameter("page", int, description="Numéro de page."),
            OpenApiParameter("page_size", int, description="Résultats par page (100 au plus)."),
        ],
        responses=ProspectSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(prospect_list(), request, view=self)
        return paginator.get_paginated_response(ProspectSerializer(page, many=True).data)


class ProspectAddApi(APIView):
    permission_classes = [IsOfficer]

    @extend_schema(
        summary="Ajouter un prospect au suivi des entreprises (avec la note qui dit pourquoi)",
        request=ProspectAddSerializer,
        responses={
            201: ProspectAddedSerializer,
            409: OpenApiResponse(description="Déjà dans le suivi : « extra.employer_id » la désigne."),
        },
        tags=TAGS,
    )
    @idempotent("prospect.add")
    def post(self, request):
        payload = ProspectAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        prospect = prospect_get(key=payload.validated_data["key"])
        if prospect is None:
            raise NotFound(
                _("Cette entreprise n'est pas dans la liste des prospects : elle est peut-être déjà suivie.")
            )
        employer = employer_prospect_add(
            name=prospect.name, commune=prospect.commune, by=request.user, summary=prospect.summary()
        )
        return Response(
            ProspectAddedSerializer(
                {"id": employer.pk, "name": employer.name, "status": employer.status}
            ).data,
            status=status.HTTP_201_CREATED,
        )
