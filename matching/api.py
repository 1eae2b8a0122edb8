"""Suggestions for graduates, shortlists for employers, the cohort view and the ranker's health (DRF)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.idempotency import idempotent
from backend.core.permissions import IsEmployerOrOfficer, IsGraduate, IsOfficer
from graduates.selectors import graduate_for_user

from . import selectors, services
from .models import MatchJudgement, MatchScore, RankerVersion, SuggestionFeedback

TAGS = ["mise en relation"]


class SuggestedOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    employer = serializers.CharField(source="employer.name")
    commune = serializers.CharField(source="commune.name")
    contract_type = serializers.CharField()
    remote = serializers.CharField()


class SuggestionSerializer(serializers.ModelSerializer):
    offer = SuggestedOfferSerializer()
    rank = serializers.IntegerField(help_text="Rang parmi les suggestions affichées (1 = la meilleure).")
    better_than = serializers.FloatField(
        allow_null=True, help_text="Part des offres à portée que celle-ci dépasse (0 à 1), si connue."
    )
    in_reach = serializers.IntegerField(allow_null=True, help_text="Offres à portée comparées.")
    standing = serializers.ListField(child=serializers.CharField(), help_text="Le rang, en mots.")
    chances = serializers.CharField(
        source="chances_label", help_text="La probabilité et ce qu'elle veut dire."
    )
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), source="graduate_reasons")

    class Meta:
        model = MatchScore
        fields = [
            "offer",
            "score",
            "rank",
            "better_than",
            "in_reach",
            "standing",
            "chances",
            "summary",
            "reasons",
            "details",
            "model_version",
        ]


class ShortfallSerializer(serializers.Serializer):
    shown = serializers.IntegerField(help_text="Suggestions qui passent (moins de 3).")
    in_reach = serializers.IntegerField(
        allow_null=True, help_text="Offres à portée (distance, contrat, dates)."
    )
    without_reason = serializers.IntegerField(
        help_text="Dont sans compétence requise détenue, impliquée ou proche."
    )
    in_candidacies = serializers.IntegerField(help_text="Laissées de côté : candidature en cours.")
    levers = serializers.ListField(child=serializers.CharField(), help_text="Ce qui ouvrirait plus d'offres.")


class OpeningSerializer(serializers.Serializer):
    skill_id = serializers.CharField()
    label = serializers.CharField()
    n_offers = serializers.IntegerField(
        help_text="Offres à portée que la compétence ferait monter d'un cran."
    )
    n_open = serializers.IntegerField(
        help_text="Dont celles qu'elle porterait à 75 % des compétences requises."
    )
    radius_km = serializers.FloatField()
    offer_ids = serializers.ListField(
        child=serializers.CharField(), help_text="Lesquelles : au plus 20, les plus proches d'abord."
    )
    text = serializers.CharField()


class SuggestionPageSerializer(serializers.Serializer):
    """A page of "Offres pour vous", with why the list is short and the skill hint."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SuggestionSerializer(many=True)
    shortfall = ShortfallSerializer(
        allow_null=True,
        help_text="Quand moins de 3 suggestions passent : pourquoi, et ce qui en ouvrirait plus ; sinon null.",
    )
    openings = OpeningSerializer(
        many=True,
        help_text="Les compétences qui ouvriraient le plus d'offres à portée (vide s'il n'y en a pas).",
    )


class ShortlistGraduateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    cohort = serializers.CharField(source="cohort.name")
    track = serializers.CharField(source="cohort.track")


class ShortlistItemSerializer(serializers.ModelSerializer):
    graduate = ShortlistGraduateSerializer()
    rank = serializers.IntegerField()
    better_than = serializers.FloatField(allow_null=True)
    in_reach = serializers.IntegerField(allow_null=True)
    standing = serializers.ListField(child=serializers.CharField(), source="standing_employer")
    chances = serializers.CharField(source="chances_label_employer")
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), source="employer_reasons")
    interested = serializers.BooleanField(help_text="La personne a dit que l'offre l'intéresse.")

    class Meta:
        model = MatchScore
        fields = [
            "graduate",
            "score",
            "rank",
            "better_than",
            "in_reach",
            "standing",
            "chances",
            "summary",
            "reasons",
            "interested",
            "model_version",
        ]


class ShortlistSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    in_candidacies = serializers.IntegerField(
        help_text="Candidatures en cours pour l'offre (hors de la liste)."
    )
    results = ShortlistItemSerializer(many=True)


class JudgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchJudgement
        fields = ["id", "offer", "graduate", "grade", "model_version", "created_at", "updated_at"]
        read_only_fields = ["id", "model_version", "created_at", "updated_at"]


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuggestionFeedback
        fields = ["id", "offer", "kind", "reason", "at"]
        read_only_fields = ["id", "offer", "at"]


class RankerVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RankerVersion
        fields = ["version", "trained_at", "n_outcomes", "metrics", "is_current", "is_prior", "created_at"]


def _graduate(request):
    graduate = graduate_for_user(user=request.user)
    if graduate is None:
        raise NotFound(_("Aucun profil de diplômé·e n'est rattaché à ce compte : contactez l'école."))
    return graduate


class SuggestionListApi(GenericAPIView):
    permission_classes = [IsGraduate]
    serializer_class = SuggestionSerializer
    queryset = MatchScore.objects.none()

    @extend_schema(summary="Offres pour vous", responses=SuggestionPageSerializer, tags=TAGS)
    def get(self, request):
        graduate = _graduate(request)
        found = selectors.suggestions_for_graduate(graduate=graduate)
        page = self.paginate_queryset(found.items)
        response = self.get_paginated_response(SuggestionSerializer(page, many=True).data)
        # Why the list is short and what would open more; the hint whenever there is one.
        response.data["shortfall"] = ShortfallSerializer(found.shortfall).data if found.shortfall else None
        response.data["openings"] = OpeningSerializer(
            found.openings.hints if found.openings else [], many=True
        ).data
        return response


class SuggestionFeedbackApi(APIView):
    permission_classes = [IsGraduate]

    @extend_schema(
        summary="Dire si une offre suggérée vous intéresse",
        request=FeedbackSerializer,
        responses={201: FeedbackSerializer},
        tags=TAGS,
    )
    @idempotent("suggestion_feedback.create")
    def post(self, request, offer_id: int):
        payload = FeedbackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        feedback = services.suggestion_feedback_record(
            graduate=_graduate(request),
            offer_id=offer_id,
            kind=payload.validated_data["kind"],
            reason=payload.validated_data.get("reason", ""),
        )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


class OfferShortlistApi(APIView):
    permission_classes = [IsEmployerOrOfficer]

    @extend_schema(
        summary="Diplômé·es suggéré·es pour une offre",
        responses=ShortlistSerializer,
        tags=TAGS,
    )
    def get(self, request, offer_id: int):
        offer, rows = selectors.shortlist_for_offer(user=request.user, offer_id=offer_id)
        in_candidacies = selectors.open_candidacies_count(user=request.user, offer=offer)
        return Response(
            ShortlistSerializer({"offer": offer.pk, "in_candidacies": in_candidacies, "results": rows}).data
        )


class JudgementListApi(GenericAPIView):
    """Officers' judgements of (offer, graduate) pairs: list them, or grade one (a second grade of the
    same pair by the same officer replaces the first)."""

    permission_classes = [IsOfficer]
    serializer_class = JudgementSerializer
    queryset = MatchJudgement.objects.none()

    @extend_schema(
        summary="Jugements des chargé·es d'insertion", responses=JudgementSerializer(many=True), tags=TAGS
    )
    def get(self, request):
        qs = MatchJudgement.objects.all().order_by("-updated_at", "-pk")
        for name in ("offer", "graduate"):
            value = request.query_params.get(name)
            if value is not None:
                if not value.isdigit():
                    raise ValidationError({name: [_("Nombre entier attendu.")]})
                qs = qs.filter(**{f"{name}_id": int(value)})
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(JudgementSerializer(page, many=True).data)

    @extend_schema(
        summary="Juger une suggestion (pertinent, plausible, hors sujet)",
        request=JudgementSerializer,
        responses={201: JudgementSerializer},
        tags=TAGS,
    )
    @idempotent("judgement.create")
    def post(self, request):
        payload = JudgementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        judgement = services.judgement_record(
            officer=request.user,
            offer_id=payload.validated_data["offer"].pk,
            graduate_id=payload.validated_data["graduate"].pk,
            grade=payload.validated_data["grade"],
        )
        return Response(JudgementSerializer(judgement).data, status=status.HTTP_201_CREATED)


class CohortSuggestionSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.FloatField()


class CohortGraduateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    viable = serializers.IntegerField()
    suggestions = CohortSuggestionSerializer(many=True)
    hint = OpeningSerializer(allow_null=True)


class CohortMatchingSerializer(serializers.Serializer):
    cohort = serializers.IntegerField()
    cap = serializers.IntegerField()
    graduates = CohortGraduateSerializer(many=True)
    graduates_without = serializers.ListField(child=serializers.IntegerField())
    offers_without = serializers.ListField(child=serializers.IntegerField())


class VersionNdcgSerializer(serializers.Serializer):
    version = serializers.CharField()
    is_current = serializers.BooleanField()
    ndcg_offer = serializers.FloatField(allow_null=True)
    ndcg_graduate = serializers.FloatField(allow_null=True)
    ndcg = serializers.FloatField(allow_null=True)
    offers = serializers.IntegerField()
    graduates = serializers.IntegerField()
    baseline = serializers.BooleanField(
        help_text="Une méthode de référence (hasard, Jaccard, TF-IDF), pas un modèle."
    )


class CalibrationBinSerializer(serializers.Serializer):
    predicted = serializers.FloatField()
    observed = serializers.FloatField()
    count = serializers.IntegerField()


class RankerHealthSerializer(serializers.Serializer):
    current = RankerVersionSerializer()
    versions = RankerVersionSerializer(many=True)
    scores = serializers.IntegerField()
    feedback = serializers.IntegerField()
    judgements = serializers.IntegerField()
    judgement_ndcg = VersionNdcgSerializer(
        many=True, help_text="nDCG@10 de chaque version face aux jugements."
    )
    calibration = CalibrationBinSerializer(
        many=True, help_text="Chance prédite et entretiens obtenus, par tranche."
    )


class CohortMatchingApi(APIView):
    permission_classes = [IsOfficer]

    @extend_schema(
        summary="Suggestions d'une promotion (vue chargé·e d'insertion)",
        responses=CohortMatchingSerializer,
        tags=TAGS,
    )
    def get(self, request, cohort_id: int):
        cohort = selectors.cohort_get_for_officer(user=request.user, cohort_id=cohort_id)
        view = selectors.cohort_matching_view(cohort=cohort)
        data = {
            "cohort": cohort.pk,
            "cap": view.cap,
            "graduates": [
                {
                    "id": r["graduate"].pk,
                    "full_name": r["graduate"].full_name,
                    "viable": r["viable"],
                    "suggestions": [
                        {"offer": o.pk, "title": o.title, "score": round(s, 4)} for o, s in r["suggestions"]
                    ],
                    "hint": r["hint"],
                }
                for r in view.rows
            ],
            "graduates_without": [g.pk for g in view.graduates_without],
            "offers_without": [o.pk for o in view.offers_without],
        }
        return Response(CohortMatchingSerializer(data).data)


class RankerHealthApi(APIView):
    permission_classes = [IsOfficer]

    @extend_schema(summary="État du modèle de classement", responses=RankerHealthSerializer, tags=TAGS)
    def get(self, request):
        from . import judgements

        health = selectors.ranker_health()
        health["judgement_ndcg"] = judgements.judgement_summary().versions
        health["calibration"] = judgements.calibration().bins
        return Response(RankerHealthSerializer(health).data)
