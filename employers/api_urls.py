from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    EmployerMeApi,
    EmployerOfferViewSet,
    EmployerViewSet,
    ModerationOfferViewSet,
    PublicOfferViewSet,
    RomeCodingViewSet,
)

# Path converters (<int:pk>), not regexes: "abc" is a plain 404 and the schema types ids as integers.
router = SimpleRouter(use_regex_path=False)
router.register("offers", PublicOfferViewSet, basename="api-offers")
router.register("employer/offers", EmployerOfferViewSet, basename="api-employer-offers")
router.register("moderation/offers", ModerationOfferViewSet, basename="api-moderation-offers")
router.register("moderation/rome", RomeCodingViewSet, basename="api-rome-coding")
router.register("employers", EmployerViewSet, basename="api-employers")

urlpatterns = [
    path("employers/me/", EmployerMeApi.as_view(), name="api-employer-me"),
    *router.urls,
]
