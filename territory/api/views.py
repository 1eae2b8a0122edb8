"""The territory as JSON for the school's own tools (issue #14): the prospects for the partnership CRM
(the ranking and filters of ``/ecole/territoire/prospects/``) and adding one to the CRM. Officers only
(anonymous: 401, other roles: 403). The curriculum read is ``placements.api.curriculum`` (territory
imports neither placements nor graduates)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.idempotency import idempotent
from backend.core.pagination import PageNumberPagination
from backend.core.permissions import IsOfficer
from employers.services.crm import employer_prospect_add

from ..prospects import prospect_get, prospect_list
from .serializers import ProspectAddedSerializer, ProspectAddSerializer, ProspectSerializer

TAGS = ["territoire"]


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
