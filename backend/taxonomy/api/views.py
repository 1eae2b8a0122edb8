from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from ..selectors import appellation_search, skill_search
from .serializers import AppellationSerializer, SkillSerializer

Q_PARAM = OpenApiParameter("q", str, description="Texte saisi (au moins 2 caractères)")


@extend_schema(parameters=[Q_PARAM])
class AppellationSearchApi(generics.ListAPIView):
    """ROME 4.0 job titles (search-as-you-type). Public reference data."""

    serializer_class = AppellationSerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self):
        return appellation_search(query=self.request.query_params.get("q", ""))


@extend_schema(parameters=[Q_PARAM])
class SkillSearchApi(generics.ListAPIView):
    """Skills of the taxonomy (ESCO + the school's additions). Public reference data."""

    serializer_class = SkillSerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self):
        return skill_search(query=self.request.query_params.get("q", ""))
