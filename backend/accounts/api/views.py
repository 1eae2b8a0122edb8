from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from backend.core.throttling import ScopedRateThrottle

from .. import services
from ..lockout import lockout_response
from .serializers import MeSerializer, TokenSerializer


class MeApi(generics.GenericAPIView):
    serializer_class = MeSerializer

    def get(self, request):
        return Response(self.get_serializer(request.user).data)


class TokenObtainApi(ObtainAuthToken):
    """Exchange e-mail (as ``username``) and password for a new API token, valid ``API_TOKEN_TTL_DAYS``.

    The key is returned once: only its digest is stored. Each call makes a new key (a script keeps its
    own); the oldest go past ``API_TOKENS_PER_USER``.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # django-axes marks DRF's request, which its middleware does not see: answer its lockout here.
            if getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False
            ):
                return lockout_response(request._request)
            raise
        token, key = services.token_issue(user=serializer.validated_data["user"])
        return Response(TokenSerializer({"token": key, "expires_at": token.expires_at}).data)


TokenObtainApi = extend_schema(tags=["auth"], responses=TokenSerializer)(TokenObtainApi)
