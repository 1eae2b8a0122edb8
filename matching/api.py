"""Suggestions for graduates, shortlists for employers, the cohort view and the ranker's health (DRF)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from graduates.selectors import graduate_for_user

from . import selectors, services
from .models import MatchScore, RankerVersion, SuggestionFeedback

TAGS = ["mise en relation"]


class IsGraduate(BasePermission):
    message = _("Réservé aux diplômé·es de l'école.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.is_graduate)


class IsEmployerOrOfficer(BasePermission):
    message = _("Réservé aux employeurs et à l'école.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and (user.is_employer or user.is_officer))


class IsOfficer(BasePermission):
    message = _("Réservé aux chargé·es d'insertion de l'école.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.is_officer)


class SuggestedOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    employer = serializers.CharField(source="employer.name")
    commune = serializers.CharField(source="commune.name")
    contract_type = serializers.CharField()
    remote = serializers.CharField()


class SuggestionSerializer(serializers.ModelSerializer):
    offer = SuggestedOfferSerializer()
    likelihood = serializers.CharField()
    likelihood_label = serializers.CharField()
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), source="graduate_reasons")

    class Meta:
        model = MatchScore
        fields = [
            "offer",
            "score",
            "likelihood",
            "likelihood_label",
            "summary",
            "reasons",
            "details",
            "model_version",
        ]


class ShortlistGraduateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    cohort = serializers.CharField(source="cohort.name")
    track = serializers.CharField(source="cohort.track")


class ShortlistItemSerializer(serializers.ModelSerializer):
    graduate = ShortlistGraduateSerializer()
    likelihood = serializers.CharField()
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), source="employer_reasons")
    interested = serializers.BooleanField(help_text="La personne a dit que l'offre l'intéresse.")

    class Meta:
        model = MatchScore
        fields = ["graduate", "score", "likelihood", "summary", "reasons", "interested", "model_version"]


class ShortlistSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    results = ShortlistItemSerializer(many=True)


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

    @extend_schema(summary="Offres pour vous", tags=TAGS)
    def get(self, request):
        graduate = _graduate(request)
        page = self.paginate_queryset(selectors.suggestions_for_graduate(graduate=graduate))
        return self.get_paginated_response(SuggestionSerializer(page, many=True).data)


class SuggestionFeedbackApi(APIView):
    permission_classes = [IsGraduate]

    @extend_schema(
        summary="Dire si une offre suggérée vous intéresse",
        request=FeedbackSerializer,
        responses=FeedbackSerializer,
        tags=TAGS,
    )
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
        return Response(ShortlistSerializer({"offer": offer.pk, "results": rows}).data)


class CohortSuggestionSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.FloatField()


class CohortGraduateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    viable = serializers.IntegerField()
    suggestions = CohortSuggestionSerializer(many=True)


class CohortMatchingSerializer(serializers.Serializer):
    cohort = serializers.IntegerField()
    cap = serializers.IntegerField()
    graduates = CohortGraduateSerializer(many=True)
    graduates_without = serializers.ListField(child=serializers.IntegerField())
    offers_without = serializers.ListField(child=serializers.IntegerField())


class RankerHealthSerializer(serializers.Serializer):
    current = RankerVersionSerializer()
    versions = RankerVersionSerializer(many=True)
    scores = serializers.IntegerField()
    feedback = serializers.IntegerField()


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
        return Response(RankerHealthSerializer(selectors.ranker_health()).data)
