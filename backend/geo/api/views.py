from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from ..selectors import commune_search
from .serializers import CommuneSerializer


@extend_schema(parameters=[OpenApiParameter("q", str, description="Nom (sans accent requis) ou code postal")])
class CommuneSearchApi(generics.ListAPIView):
    """Commune autocomplete: public reference data, up to 10 results, Hauts-de-France first."""

    serializer_class = CommuneSerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self):
        return commune_search(query=self.request.query_params.get("q", ""), limit=10)
