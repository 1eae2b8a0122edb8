from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from backend.core.throttling import ScopedRateThrottle

from .serializers import MeSerializer


class MeApi(generics.GenericAPIView):
    serializer_class = MeSerializer

    def get(self, request):
        return Response(self.get_serializer(request.user).data)


class TokenObtainApi(ObtainAuthToken):
    """Exchange e-mail (as ``username``) and password for an API token."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"


TokenObtainApi = extend_schema(tags=["auth"])(TokenObtainApi)
