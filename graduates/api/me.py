"""The signed-in graduate's own profile: read, edit, consent, CV, skills, projects, export."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from backend.accounts.idempotency import idempotent
from backend.core.permissions import IsGraduate

from .. import privacy, selectors, services
from ..models import Graduate, GraduateSkill, Project
from .serializers import (
    GraduateFileUploadSerializer,
    GraduateProfileWriteSerializer,
    GraduateProjectSerializer,
    GraduateProjectWriteSerializer,
    GraduateSelfSerializer,
    GraduateSkillSerializer,
    SkillDeclareSerializer,
    SkillLevelSerializer,
    SkillReviewSerializer,
    VisibilitySerializer,
)

TAGS = ["diplômé·es"]


class _Me(GenericAPIView):
    permission_classes = [IsGraduate]
    serializer_class = GraduateSelfSerializer
    queryset = Graduate.objects.none()  # the model, for the schema; reads go through the selectors

    def graduate(self) -> Graduate:
        graduate = selectors.graduate_for_user(user=self.request.user)
        if graduate is None:
            raise NotFound(_("Aucun profil de diplômé·e n'est rattaché à ce compte : contactez l'école."))
        return graduate

    def profile(self) -> Response:
        return Response(GraduateSelfSerializer(selectors.graduate_for_user(user=self.request.user)).data)


class GraduateMeApi(_Me):
    @extend_schema(summary="Mon profil", tags=TAGS)
    def get(self, request):
        return Response(GraduateSelfSerializer(self.graduate()).data)

    @extend_schema(
        summary="Modifier mon profil",
        request=GraduateProfileWriteSerializer,
        responses=GraduateSelfSerializer,
        tags=TAGS,
    )
    def patch(self, request):
        graduate = self.graduate()
        payload = GraduateProfileWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        appellations = fields.pop("desired_appellations", None)
        services.graduate_profile_update(
            graduate=graduate, by=request.user, desired_appellations=appellations, **fields
        )
        return self.profile()


class GraduateVisibilityApi(_Me):
    @extend_schema(
        summary="Être visible (ou non) des employeurs",
        request=VisibilitySerializer,
        responses=GraduateSelfSerializer,
        tags=TAGS,
    )
    def post(self, request):
        payload = VisibilitySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.graduate_visibility_set(
            graduate=self.graduate(), by=request.user, visible=payload.validated_data["visible"]
        )
        return self.profile()


class GraduateCvApi(_Me):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Envoyer mon CV (PDF ou DOCX, 5 Mo)",
        request=GraduateFileUploadSerializer,
        responses=GraduateSelfSerializer,
        tags=TAGS,
    )
    def post(self, request):
        payload = GraduateFileUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        services.graduate_cv_upload(
            graduate=self.graduate(), by=request.user, file=upload, filename=upload.name
        )
        return self.profile()

    @extend_schema(
        summary="Supprimer mon CV", request=None, responses={200: GraduateSelfSerializer}, tags=TAGS
    )
    def delete(self, request):
        services.graduate_cv_delete(graduate=self.graduate(), by=request.user)
        return self.profile()


class GraduateSkillsApi(_Me):
    serializer_class = GraduateSkillSerializer
    queryset = GraduateSkill.objects.none()
    pagination_class = None  # the whole list, as documented

    @extend_schema(summary="Mes compétences", responses=GraduateSkillSerializer(many=True), tags=TAGS)
    def get(self, request):
        return Response(GraduateSkillSerializer(self.graduate().skills.all(), many=True).data)

    @extend_schema(
        summary="Déclarer une compétence (niveau 1–4)",
        request=SkillDeclareSerializer,
        responses={201: GraduateSkillSerializer},
        tags=TAGS,
    )
    @idempotent("graduate_skill.create")
    def post(self, request):
        payload = SkillDeclareSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.graduate_skill_declare(
            graduate=self.graduate(),
            by=request.user,
            skill=payload.validated_data["skill"],
            level=int(payload.validated_data["level"]),
        )
        return Response(GraduateSkillSerializer(row).data, status=status.HTTP_201_CREATED)


class GraduateSkillDetailApi(_Me):
    serializer_class = GraduateSkillSerializer
    queryset = GraduateSkill.objects.none()

    def row(self, pk: int):
        row = self.graduate().skills.filter(pk=pk).select_related("skill", "graduate").first()
        if row is None:
            raise Http404
        return row

    @extend_schema(
        summary="Changer le niveau",
        request=SkillLevelSerializer,
        responses=GraduateSkillSerializer,
        tags=TAGS,
    )
    def patch(self, request, pk: int):
        row = self.row(pk)
        payload = SkillLevelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.graduate_skill_declare(
            graduate=row.graduate,
            by=request.user,
            skill=row.skill,
            level=int(payload.validated_data["level"]),
        )
        return Response(GraduateSkillSerializer(row).data)

    @extend_schema(summary="Retirer une compétence", request=None, responses={204: None}, tags=TAGS)
    def delete(self, request, pk: int):
        services.graduate_skill_remove(graduate_skill=self.row(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GraduateSkillReviewApi(GraduateSkillDetailApi):
    @extend_schema(
        summary="Garder ou écarter une compétence repérée dans le CV",
        request=SkillReviewSerializer,
        responses=GraduateSkillSerializer,
        tags=TAGS,
    )
    def post(self, request, pk: int):
        row = self.row(pk)
        payload = SkillReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        level = payload.validated_data.get("level")
        row = services.graduate_skill_review(
            graduate_skill=row,
            by=request.user,
            accept=payload.validated_data["accept"],
            level=int(level) if level else None,
        )
        return Response(GraduateSkillSerializer(row).data)


class GraduateProjectsApi(_Me):
    serializer_class = GraduateProjectSerializer
    queryset = Project.objects.none()
    pagination_class = None  # the whole list, as documented

    @extend_schema(summary="Mes projets", responses=GraduateProjectSerializer(many=True), tags=TAGS)
    def get(self, request):
        return Response(GraduateProjectSerializer(self.graduate().projects.all(), many=True).data)

    @extend_schema(
        summary="Ajouter un projet",
        request=GraduateProjectWriteSerializer,
        responses={201: GraduateProjectSerializer},
        tags=TAGS,
    )
    @idempotent("project.create")
    def post(self, request):
        payload = GraduateProjectWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        skills = fields.pop("skills", None)
        project = services.project_save(graduate=self.graduate(), by=request.user, skills=skills, **fields)
        return Response(GraduateProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class GraduateProjectDetailApi(_Me):
    serializer_class = GraduateProjectSerializer
    queryset = Project.objects.none()

    def project(self, pk: int):
        project = self.graduate().projects.filter(pk=pk).first()
        if project is None:
            raise Http404
        return project

    @extend_schema(
        summary="Modifier un projet",
        request=GraduateProjectWriteSerializer,
        responses=GraduateProjectSerializer,
        tags=TAGS,
    )
    def patch(self, request, pk: int):
        project = self.project(pk)
        payload = GraduateProjectWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        skills = fields.pop("skills", None)
        project = services.project_save(
            graduate=project.graduate, by=request.user, project=project, skills=skills, **fields
        )
        return Response(GraduateProjectSerializer(project).data)

    @extend_schema(summary="Supprimer un projet", request=None, responses={204: None}, tags=TAGS)
    def delete(self, request, pk: int):
        services.project_delete(project=self.project(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GraduateExportApi(_Me):
    @extend_schema(summary="Télécharger toutes mes données (RGPD)", responses={200: dict}, tags=TAGS)
    def get(self, request):
        data = privacy.graduate_export_all(graduate=self.graduate(), by=request.user)
        response = Response(data)
        response["Content-Disposition"] = 'attachment; filename="tremplin-mes-donnees.json"'
        return response
