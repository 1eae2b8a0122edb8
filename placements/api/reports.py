"""The reports as JSON for the school's own tools: the funder report (per cohort, per year) and skills
demand vs supply. Officers only (anonymous: 401, other roles: 403). Rates are numbers in [0, 1]
with the count and the denominator they come from; ``null`` when there is nobody to count."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.permissions import IsOfficer
from graduates.models import Cohort

from .. import reports
from ..views.reports import skills_filters

TAGS = ["rapports"]


class RateSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total = serializers.IntegerField()
    rate = serializers.FloatField(source="value", allow_null=True)


class OutcomeRatesSerializer(serializers.Serializer):
    employment = RateSerializer(help_text=_("Emploi strict"))
    positive_exit = RateSerializer(help_text=_("Sortie positive"))
    durable = RateSerializer(help_text=_("Emploi durable (CDI, CDD de 6 mois ou plus, création)"))


class OutcomeRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = RateSerializer()


class MilestoneSerializer(serializers.Serializer):
    milestone = serializers.CharField()
    label = serializers.CharField()
    trained = serializers.IntegerField()
    validated = serializers.IntegerField()
    unknown = serializers.IntegerField()
    pending_validation = serializers.IntegerField()
    not_yet_due = serializers.IntegerField()
    rates = OutcomeRatesSerializer()
    outcomes = OutcomeRowSerializer(many=True)
    followup = RateSerializer()


class GroupRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField()
    m3 = OutcomeRatesSerializer()
    m6 = OutcomeRatesSerializer()


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rows = GroupRowSerializer(many=True)


class FunderReportSerializer(serializers.Serializer):
    scope = serializers.CharField()
    title = serializers.CharField()
    cohorts = serializers.ListField(child=serializers.CharField())
    as_of = serializers.DateField()
    trained = serializers.IntegerField()
    milestones = MilestoneSerializer(many=True)
    breakdowns = BreakdownSerializer(many=True)
    partner_hires = RateSerializer()
    first_contract_median_days = serializers.FloatField(allow_null=True)
    first_contract_count = serializers.IntegerField()
    followup = RateSerializer()


class SkillDemandRowSerializer(serializers.Serializer):
    uid = serializers.CharField()
    label = serializers.CharField()
    required = serializers.IntegerField()
    nice = serializers.IntegerField()
    trend = serializers.ListField(child=serializers.IntegerField())
    confirmed = serializers.IntegerField()
    declared = serializers.IntegerField()


class SkillGapSerializer(serializers.Serializer):
    uid = serializers.CharField()
    label = serializers.CharField()
    offers = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    declared = serializers.IntegerField()
    share = RateSerializer()


class SkillsDemandSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    cohort_id = serializers.IntegerField(allow_null=True)
    cohort_name = serializers.CharField()
    cohort_size = serializers.IntegerField()
    occupation_code = serializers.CharField()
    occupation_label = serializers.CharField()
    open_offers = serializers.IntegerField()
    months = serializers.ListField(child=serializers.DateField())
    offers_per_month = serializers.ListField(child=serializers.IntegerField())
    top = SkillDemandRowSerializer(
        many=True, help_text=_("Savoir-faire, outils, connaissances, langues, permis.")
    )
    gaps = SkillGapSerializer(many=True)
    soft = SkillDemandRowSerializer(many=True, help_text=_("Savoir-être, comptés à part (jamais un manque)."))


class _OfficerApi(APIView):
    permission_classes = [IsOfficer]


class CohortReportApi(_OfficerApi):
    @extend_schema(summary="Rapport financeurs d'une promotion", responses=FunderReportSerializer, tags=TAGS)
    def get(self, request, cohort_id: int):
        cohort = get_object_or_404(Cohort, pk=cohort_id)
        return Response(FunderReportSerializer(reports.funder_report_for_cohort(cohort=cohort)).data)


class YearReportApi(_OfficerApi):
    @extend_schema(
        summary="Rapport financeurs d'une année (promotions terminées dans l'année civile)",
        responses=FunderReportSerializer,
        tags=TAGS,
    )
    def get(self, request, year: int):
        if not (2000 <= year <= 2100) or not Cohort.objects.filter(training_end__year=year).exists():
            raise Http404
        return Response(FunderReportSerializer(reports.funder_report_for_year(year=year)).data)


class SkillsDemandApi(_OfficerApi):
    @extend_schema(
        summary="Compétences demandées par les offres ouvertes et manques d'une promotion",
        parameters=[
            OpenApiParameter("cohort", int, description="id de la promotion (sans : la demande seule)"),
            OpenApiParameter("occupation", str, description="code ROME du métier (M1805…)"),
        ],
        responses=SkillsDemandSerializer,
        tags=TAGS,
    )
    def get(self, request):
        cohort, occupation = skills_filters(request.query_params, default_to_latest=False)
        demand = reports.skills_demand(cohort=cohort, occupation=occupation)
        return Response(SkillsDemandSerializer(demand).data)
