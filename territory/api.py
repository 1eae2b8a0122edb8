"""The territory as JSON for the school's own tools (issue #14): the prospects for the partnership CRM
(the ranking and filters of ``/ecole/territoire/prospects/``), adding one to the CRM, and the curriculum
read of ``/candidatures/rapports/programme/``. Officers only (anonymous: 401, other roles: 403)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.pagination import PageNumberPagination
from backend.geo.serializers import CommuneSerializer
from employers.api.permissions import IsOfficer
from employers.services import employer_prospect_add
from graduates.models import Cohort
from placements.reports.curriculum import CURRICULUM_DEFINITIONS, curriculum_read

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


# ---------------------------------------------------------------- the curriculum read


class SkillTrendSerializer(serializers.Serializer):
    uid = serializers.CharField()
    label = serializers.CharField()
    monthly = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Offres qui la demandent, par mois.")
    )
    earlier = serializers.IntegerField(help_text=_("Sur les 6 premiers mois."))
    recent = serializers.IntegerField(help_text=_("Sur les 6 derniers mois."))
    earlier_share = serializers.FloatField(allow_null=True)
    recent_share = serializers.FloatField(allow_null=True)
    z = serializers.FloatField(help_text=_("Test de tendance de Cochran-Armitage sur 12 mois."))
    direction = serializers.ChoiceField(choices=["rising", "falling", "stable"])
    direction_label = serializers.CharField()
    gap = serializers.BooleanField(help_text=_("Détenue par au plus un quart de la promotion en cours."))
    cohort_holders = serializers.IntegerField()
    hired_holders = serializers.IntegerField()


class DefinitionSerializer(serializers.Serializer):
    term = serializers.CharField()
    text = serializers.CharField()


class CurriculumSerializer(serializers.Serializer):
    track = serializers.CharField()
    track_label = serializers.CharField()
    rome_codes = serializers.ListField(child=serializers.CharField())
    as_of = serializers.DateField()
    months = serializers.ListField(child=serializers.DateField())
    offers_per_month = serializers.ListField(child=serializers.IntegerField())
    earlier_offers = serializers.IntegerField()
    recent_offers = serializers.IntegerField()
    cohort_name = serializers.CharField()
    cohort_size = serializers.IntegerField()
    hired_year = serializers.IntegerField()
    hired_size = serializers.IntegerField()
    skills = SkillTrendSerializer(many=True, help_text=_("Les plus demandées d'abord."))
    rising_gaps = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("uid des compétences en hausse qui manquent à la promotion."),
    )
    definitions = DefinitionSerializer(many=True)

    def to_representation(self, read):
        skills = [
            {
                "uid": s.uid,
                "label": s.label,
                "monthly": s.monthly,
                "earlier": s.earlier,
                "recent": s.recent,
                "earlier_share": s.earlier_share,
                "recent_share": s.recent_share,
                "z": round(s.z, 4),
                "direction": s.direction,
                "direction_label": str(s.direction_label()),
                "gap": read.is_gap(s),
                "cohort_holders": s.cohort_holders,
                "hired_holders": s.hired_holders,
            }
            for s in read.skills
        ]
        data = {
            **{
                name: getattr(read, name)
                for name in (
                    "track",
                    "track_label",
                    "rome_codes",
                    "as_of",
                    "months",
                    "offers_per_month",
                    "earlier_offers",
                    "recent_offers",
                    "cohort_name",
                    "cohort_size",
                    "hired_year",
                    "hired_size",
                )
            },  # fmt: skip
            "skills": skills,
            "rising_gaps": [s.uid for s in read.rising_gaps],
            "definitions": [{"term": str(term), "text": str(text)} for term, text in CURRICULUM_DEFINITIONS],
        }
        return super().to_representation(data)


class CurriculumApi(APIView):
    permission_classes = [IsOfficer]

    @extend_schema(
        summary="Le programme lu dans la région : compétences demandées, en hausse ou en baisse, par parcours",
        parameters=[
            OpenApiParameter(
                "track",
                str,
                enum=Cohort.Track.values,
                description="Parcours (par défaut : développeur·se web et mobile).",
            )
        ],
        responses=CurriculumSerializer,
        tags=TAGS,
    )
    def get(self, request):
        track = request.query_params.get("track") or Cohort.Track.WEB_MOBILE
        if track not in Cohort.Track.values:
            raise serializers.ValidationError(
                {
                    "track": [
                        _("Parcours inconnu : choisissez parmi %(t)s.")
                        % {"t": ", ".join(Cohort.Track.values)}
                    ]
                }
            )
        return Response(CurriculumSerializer(curriculum_read(track=track)).data)
