"""Candidacies over the API: each side's list, one candidacy, starting one, moving it."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.accounts.idempotency import idempotent
from backend.core.exceptions import ApplicationError
from employers.selectors import offer_get_for_user, offer_get_public
from graduates.selectors import graduate_for_user, graduate_get_for_user

from .. import services
from ..filters import ApplicationFilter
from ..models import Application, ApplicationTransition
from ..selectors import application_get_for_user, application_list_for_user, role_for
from .serializers import (
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    TransitionSerializer,
)

TAGS = ["candidatures"]
CONFLICT = OpenApiResponse(description="Action impossible à l'étape actuelle (message en français).")
FORBIDDEN = OpenApiResponse(description="Action réservée à un autre rôle (message en français).")


@extend_schema_view(
    list=extend_schema(
        summary="Candidatures (école : toutes ; employeur : celles de ses offres ; diplômé·e : les siennes)",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="Une candidature et son historique", tags=TAGS),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return Application.objects.none()
        return application_list_for_user(user=self.request.user).order_by("-moved_at", "-pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context.update(role=role_for(self.request.user), now=timezone.now())
        return context

    def get_object(self) -> Application:
        return application_get_for_user(user=self.request.user, application_id=self.kwargs["pk"])

    def _respond(self, app: Application, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            application_list_for_user(user=self.request.user)
            .prefetch_related(
                Prefetch("transitions", queryset=ApplicationTransition.objects.select_related("actor"))
            )
            .get(pk=app.pk)
        )
        return Response(
            ApplicationDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def retrieve(self, request, pk: int):
        return self._respond(self.get_object())

    @extend_schema(
        summary="Postuler (diplômé·e), proposer (école) ou inviter à postuler (employeur)",
        request=ApplicationCreateSerializer,
        responses={201: ApplicationDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
        tags=TAGS,
    )
    @idempotent("application.create")
    def create(self, request):
        payload = ApplicationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request.user
        if user.is_graduate:
            graduate = graduate_for_user(user=user)
            if graduate is None:
                raise Http404
            offer = offer_get_public(offer_id=data["offer"])
        elif user.is_officer or user.is_employer:
            # Another company's offer, or a profile the company may not see: 404.
            offer = offer_get_for_user(user=user, offer_id=data["offer"])
            if "graduate" not in data:
                raise ApplicationError(
                    _("Indiquez le ou la diplômé·e (graduate)."), extra={"field": "graduate"}
                )
            graduate = graduate_get_for_user(user=user, graduate_id=data["graduate"])
        else:
            raise ApplicationError(_("Vous ne pouvez pas créer de candidature."), status_code=403)
        app = services.application_start(
            graduate=graduate, offer=offer, by=user, message=data["message"], share_cv=data["share_cv"]
        )
        return self._respond(app, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Faire avancer une candidature (entretien, proposition, embauche, refus motivé, retrait…)",
        request=TransitionSerializer,
        responses={200: ApplicationDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk: int):
        app = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        app = services.application_transition(application=app, by=request.user, **payload.service_kwargs())
        return self._respond(app)
