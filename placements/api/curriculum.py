"""The curriculum read of ``/candidatures/rapports/programme/`` as JSON (issue #14): per track, the region's
offers month by month, each skill's trend over 12 months, what the current cohort and last year's hired
graduates hold, and the gaps. Officers only (anonymous: 401, other roles: 403)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.permissions import IsOfficer
from graduates.models import Cohort

from ..reports.curriculum import CURRICULUM_DEFINITIONS, curriculum_read

TAGS = ["rapports"]


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
    direction = serializers.ChoiceField(
        choices=["rising", "falling", "stable", "no_comparison"],
        help_text=_(
            "no_comparison : trop peu d'offres sur l'une des deux périodes de 6 mois pour lire une tendance."
        ),
    )
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
    has_comparison = serializers.BooleanField(
        help_text=_(
            "Au moins 10 offres du métier sur chacune des deux périodes de 6 mois : une tendance se lit."
        )
    )
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
                    "has_comparison",
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
