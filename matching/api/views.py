"""Suggestions for graduates, shortlists for employers, the cohort view and the ranker's health (DRF views)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.idempotency import idempotent
from backend.core.permissions import IsEmployerOrOfficer, IsGraduate, IsOfficer
from graduates.selectors import graduate_for_user

from .. import selectors, services
from ..models import MatchJudgement, MatchScore
from .serializers import (
    CohortMatchingSerializer,
    FeedbackSerializer,
    JudgementSerializer,
    OpeningSerializer,
    RankerHealthSerializer,
    ShortfallSerializer,
    ShortlistSerializer,
    SuggestionPageSerializer,
    SuggestionSerializer,
)

TAGS = ["mise en relation"]


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
        from .. import judgements, pooling

        health = selectors.ranker_health()
        health["judgement_ndcg"] = judgements.judgement_summary().versions
        health["calibration"] = judgements.calibration().bins
        health["pooled"] = pooling.pooled_comparison()
        return Response(RankerHealthSerializer(health).data)
