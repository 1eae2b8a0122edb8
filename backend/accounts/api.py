from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from backend.core.throttling import ScopedRateThrottle

from .lockout import lockout_response
from .serializers import MeSerializer


class MeApi(generics.GenericAPIView):
    serializer_class = MeSerializer

    def get(self, request):
        return Response(self.get_serializer(request.user).data)


class TokenObtainApi(ObtainAuthToken):
    """Exchange e-mail (as ``username``) and password for an API token."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes marks DRF's request, which its middleware does not see: answer its lockout here.
            if getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False
            ):
                return lockout_response(request._request)
            raise


TokenObtainApi = extend_schema(tags=["auth"])(TokenObtainApi)
