"""Graduates as others see them (school: all; employers: visible ones, shared fields) and cohorts."""

from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from backend.accounts.idempotency import idempotent
from backend.core.exceptions import ApplicationError
from backend.core.parsers import JSONParser
from backend.core.permissions import IsOfficer

from .. import privacy, selectors, services
from ..imports import graduates_import
from ..models import Cohort, Graduate
from .serializers import (
    BoardRowSerializer,
    CohortSerializer,
    CohortWriteSerializer,
    GraduateEmployerSerializer,
    GraduateFileUploadSerializer,
    GraduateImportFailureSerializer,
    GraduateImportResultSerializer,
    GraduateOfficerSerializer,
    GraduateSelfSerializer,
    GraduateSkillSerializer,
    SkillConfirmSerializer,
)

TAGS = ["diplômé·es"]


def _profile_by_role(many: bool = False) -> PolymorphicProxySerializer:
    """A profile has three shapes: the school's, the graduate's own, and what employers see (where
    ``disability_recognised`` appears only when disclosed). Documented as any of the three."""
    return PolymorphicProxySerializer(
        component_name="GraduateProfileByRole",
        serializers=[GraduateOfficerSerializer, GraduateSelfSerializer, GraduateEmployerSerializer],
        resource_type_field_name=None,
        many=many,
    )


def serializer_for(user):
    if user.is_officer:
        return GraduateOfficerSerializer
    if user.is_graduate:
        return GraduateSelfSerializer
    return GraduateEmployerSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Diplômé·es (école : toutes et tous ; employeur : les profils visibles ; diplômé·e : soi)",
        parameters=[
            OpenApiParameter("track", str, enum=Cohort.Track.values),
            OpenApiParameter("skill", str, description="uid d'une compétence (répétable)", many=True),
            OpenApiParameter("available", bool),
        ],
        responses=_profile_by_role(many=True),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="Un profil de diplômé·e", responses=_profile_by_role(), tags=TAGS),
)
class GraduateViewSet(viewsets.GenericViewSet):
    serializer_class = GraduateEmployerSerializer
    queryset = Graduate.objects.none()
    lookup_value_converter = "int"

    def list(self, request):
        from backend.taxonomy.models import Skill

        skill_ids = list(
            Skill.objects.filter(uid__in=request.query_params.getlist("skill")).values_list("pk", flat=True)
        )
        track = request.query_params.get("track", "")
        if request.user.is_graduate:
            graduates = selectors.graduate_list_for_user(user=request.user)
        else:
            graduates = selectors.graduate_search_for_employer(
                user=request.user,
                skill_ids=skill_ids,
                track=track if track in Cohort.Track.values else "",
                available_only=request.query_params.get("available") in {"1", "true"},
            )
        page = self.paginate_queryset(graduates)
        privacy.graduates_view_record(graduates=page, by=request.user, channel="api-list")
        return self.get_paginated_response(serializer_for(request.user)(page, many=True).data)

    def retrieve(self, request, pk: int):
        graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
        services.graduate_view_record(graduate=graduate, by=request.user, channel="api")
        return Response(serializer_for(request.user)(graduate).data)

    @extend_schema(
        summary="Confirmer une compétence vue en formation (école)",
        request=SkillConfirmSerializer,
        responses=GraduateSkillSerializer,
        tags=TAGS,
    )
    @action(detail=True, methods=["post"], url_path="confirm-skill", permission_classes=[IsOfficer])
    def confirm_skill(self, request, pk: int):
        graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=pk)
        payload = SkillConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        skill = payload.validated_data["skill"]
        row = graduate.skills.filter(skill=skill).first()
        if payload.validated_data["confirmed"]:
            level = payload.validated_data.get("level")
            if row is None:
                row = services.graduate_skill_confirm_new(
                    graduate=graduate, by=request.user, skill=skill, level=int(level) if level else None
                )
            else:
                row = services.graduate_skill_confirm(graduate_skill=row, by=request.user)
        else:
            if row is None:
                raise ApplicationError(_("Cette compétence n'est pas sur le profil."), status_code=404)
            row = services.graduate_skill_confirm(graduate_skill=row, by=request.user, confirmed=False)
        return Response(GraduateSkillSerializer(row).data)


@extend_schema_view(
    list=extend_schema(summary="Promotions", tags=["promotions"]),
    retrieve=extend_schema(summary="Une promotion", tags=["promotions"]),
    create=extend_schema(
        summary="Créer une promotion",
        request=CohortWriteSerializer,
        responses=CohortSerializer,
        tags=["promotions"],
    ),
    partial_update=extend_schema(
        summary="Modifier une promotion",
        request=CohortWriteSerializer,
        responses=CohortSerializer,
        tags=["promotions"],
    ),
)
class CohortViewSet(viewsets.GenericViewSet):
    """Officers only: another role gets 403 on the collection and 404 on a cohort."""

    serializer_class = CohortSerializer
    permission_classes = [IsOfficer]
    queryset = Cohort.objects.none()
    lookup_value_converter = "int"

    def get_object(self) -> Cohort:
        return selectors.cohort_get_for_user(user=self.request.user, cohort_id=self.kwargs["pk"])

    def list(self, request):
        # Counting graduates drops the model's ordering (GROUP BY): give it back for stable pages.
        cohorts = selectors.cohort_list_for_officer().order_by(*Cohort._meta.ordering, "pk")
        page = self.paginate_queryset(cohorts)
        return self.get_paginated_response(CohortSerializer(page, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(CohortSerializer(self.get_object()).data)

    @idempotent("cohort.create")
    def create(self, request):
        payload = CohortWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            cohort = services.cohort_create(by=request.user, **payload.validated_data)
        except IntegrityError:
            # Two officers creating the same name at once: the second one learns it exists (not a 500).
            raise ValidationError({"name": [_("Une promotion porte déjà ce nom.")]})
        cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=cohort.pk)
        return Response(CohortSerializer(cohort).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk: int):
        cohort = self.get_object()
        payload = CohortWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.cohort_update(cohort=cohort, by=request.user, **payload.validated_data)
        return Response(CohortSerializer(self.get_object()).data)

    @extend_schema(
        summary="Tableau de suivi de la promotion",
        responses=BoardRowSerializer(many=True),
        tags=["promotions"],
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def board(self, request, pk: int):
        rows = selectors.cohort_board(cohort=self.get_object())
        privacy.graduates_view_record(
            graduates=[r["graduate"] for r in rows], by=request.user, channel="api-list"
        )
        return Response(BoardRowSerializer(rows, many=True).data)

    @extend_schema(
        summary="Importer les diplômé·es (CSV ou XLSX, tout ou rien)",
        request={"multipart/form-data": GraduateFileUploadSerializer},
        responses={201: GraduateImportResultSerializer, 400: GraduateImportFailureSerializer},
        tags=["promotions"],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
    )
    @idempotent("cohort.import")
    def import_graduates(self, request, pk: int):
        cohort = self.get_object()
        payload = GraduateFileUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        report = graduates_import(cohort=cohort, by=request.user, file=upload, filename=upload.name)
        if not report.ok:
            errors = [{"line": e.line, "field": e.field, "message": e.message} for e in report.errors]
            raise ApplicationError(
                _("%(n)s erreur(s) : aucun·e diplômé·e importé·e.") % {"n": len(errors)},
                extra={"errors": errors},
            )
        return Response({"created": len(report.created)}, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Inviter les diplômé·es sans compte", request=None, responses={200: dict}, tags=["promotions"]
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def invite(self, request, pk: int):
        invitations = services.cohort_invite_pending(cohort=self.get_object(), by=request.user)
        return Response({"invited": [i.email for i in invitations]})
