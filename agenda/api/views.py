"""Job datings, workshops and company visits as JSON. Thin: each view validates, calls one selector or
service of the agenda (the same the pages call, with the same rules) and serialises.

Who: the school, partner employers' contacts and graduates (anonymous 401, trainers 403); what each may
do is the services' rule (the school creates and changes events and books for a graduate, an approved
employer registers and opens or withdraws its own slots, a graduate books for herself), what each reads
the selectors' (another employer's slots and other graduates' bookings are never shown)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.idempotency import idempotent
from backend.core.exceptions import ApplicationError
from backend.core.pagination import PageNumberPagination
from employers.models import Offer
from employers.selectors import employer_for_user
from graduates.models import Graduate
from placements.selectors import role_for

from .. import selectors, services
from ..models import Event, EventRegistration
from .serializers import (
    BookRequestSerializer,
    EventSerializer,
    EventUpdateSerializer,
    EventWriteSerializer,
    RegistrationRequestSerializer,
    RegistrationSerializer,
    SlotSerializer,
    SlotsOpenRequestSerializer,
)

TAGS = ["agenda"]


class TakesPart(BasePermission):
    message = gettext_lazy("Les événements concernent l'école, les employeurs partenaires et les diplômé·es.")

    def has_permission(self, request, view) -> bool:
        return role_for(request.user) is not None


def _slot_context(request) -> dict:
    employer = employer_for_user(user=request.user) if request.user.is_employer else None
    return {"request": request, "employer_id": employer.pk if employer else None}


@extend_schema_view(
    get=extend_schema(
        summary="Événements (job datings, ateliers, visites) : l'école tous, les autres ceux à venir",
        tags=TAGS,
    )
)
class EventListApi(generics.ListAPIView):
    permission_classes = [TakesPart]
    pagination_class = PageNumberPagination
    serializer_class = EventSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks with no one signed in
            return Event.objects.none()
        return selectors.event_list_for_user(user=self.request.user)

    @extend_schema(
        summary="Créer un événement (l'école)",
        request=EventWriteSerializer,
        responses={201: EventSerializer},
        tags=TAGS,
    )
    @idempotent("agenda.event.create")
    def post(self, request):
        payload = EventWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        event = services.event_create(by=request.user, **payload.validated_data)
        return Response(EventSerializer(event).data, status=201)


class EventDetailApi(APIView):
    permission_classes = [TakesPart]

    @extend_schema(summary="Un événement", responses={200: EventSerializer}, tags=TAGS)
    def get(self, request, pk: int):
        event = selectors.event_get_for_user(user=request.user, event_id=pk)
        return Response(EventSerializer(event).data)

    @extend_schema(
        summary="Modifier un événement (l'école) : ses horaires doivent garder tous les créneaux ouverts",
        request=EventUpdateSerializer,
        responses={200: EventSerializer},
        tags=TAGS,
    )
    def patch(self, request, pk: int):
        event = selectors.event_get_for_user(user=request.user, event_id=pk)
        payload = EventUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        event = services.event_update(event=event, by=request.user, **payload.validated_data)
        return Response(EventSerializer(event).data)


class EventSlotsApi(APIView):
    permission_classes = [TakesPart]

    @extend_schema(
        summary="Les créneaux d'un événement : l'école tous, un employeur les siens, un·e diplômé·e les libres à venir et les siens",
        responses={200: SlotSerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        event = selectors.event_get_for_user(user=request.user, event_id=pk)
        slots = selectors.slots_for_user(user=request.user, event=event)
        return Response(SlotSerializer(slots, many=True, context=_slot_context(request)).data)

    @extend_schema(
        summary="Ouvrir des créneaux d'entretien pour une offre de son inscription (employeur partenaire)",
        request=SlotsOpenRequestSerializer,
        responses={
            201: SlotSerializer(many=True),
            409: OpenApiResponse(description="Un de vos créneaux commence déjà à l'une de ces heures."),
        },
        tags=TAGS,
    )
    @idempotent("agenda.slots.open")
    def post(self, request, pk: int):
        event = selectors.event_get_for_user(user=request.user, event_id=pk)
        payload = SlotsOpenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        employer = employer_for_user(user=request.user) if request.user.is_employer else None
        registration = EventRegistration.objects.filter(event=event, employer=employer).first()
        if registration is None:
            if not request.user.is_employer:
                raise ApplicationError(
                    _("Les événements sont ouverts aux entreprises partenaires validées par l'école."),
                    status_code=403,
                )
            raise ApplicationError(
                _("Inscrivez d'abord votre entreprise à cet événement."), extra={"field": "event"}
            )
        offer = Offer.objects.filter(pk=data.pop("offer")).first()
        if offer is None:
            raise ApplicationError(
                _("Ajoutez d'abord cette offre à votre inscription à l'événement."), extra={"field": "offer"}
            )
        opened = services.slots_open(registration=registration, by=request.user, offer=offer, **data)
        return Response(SlotSerializer(opened, many=True, context=_slot_context(request)).data, status=201)


class EventRegistrationApi(APIView):
    permission_classes = [TakesPart]

    @extend_schema(
        summary="Inscrire son entreprise à l'événement avec certaines de ses offres publiées (à nouveau : les offres changent)",
        request=RegistrationRequestSerializer,
        responses={
            201: RegistrationSerializer,
            200: OpenApiResponse(
                RegistrationSerializer, description="Déjà inscrite : les offres sont remplacées."
            ),
        },
        tags=TAGS,
    )
    @idempotent("agenda.event.register")
    def post(self, request, pk: int):
        event = selectors.event_get_for_user(user=request.user, event_id=pk)
        payload = RegistrationRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(payload.validated_data["offers"]))
        offers = list(Offer.objects.filter(pk__in=ids))
        unknown = sorted(set(ids) - {o.pk for o in offers})
        if unknown:
            raise ApplicationError(
                _("Choisissez parmi vos offres publiées."), extra={"field": "offers", "offer_ids": unknown}
            )
        employer = employer_for_user(user=request.user) if request.user.is_employer else None
        existed = EventRegistration.objects.filter(event=event, employer=employer).exists()
        registration = services.event_register(event=event, by=request.user, offers=offers)
        return Response(RegistrationSerializer(registration).data, status=200 if existed else 201)


class SlotApi(APIView):
    permission_classes = [TakesPart]

    @extend_schema(
        summary="Retirer un de ses créneaux libres (employeur)",
        responses={
            204: OpenApiResponse(description="Créneau retiré."),
            409: OpenApiResponse(description="Le créneau est réservé : c'est un entretien."),
        },
        tags=TAGS,
    )
    def delete(self, request, pk: int):
        slot = selectors.slot_get_for_user(user=request.user, slot_id=pk)
        services.slot_close(slot=slot, by=request.user)
        return Response(status=204)


class SlotBookApi(APIView):
    permission_classes = [TakesPart]

    @extend_schema(
        summary="Réserver un créneau (un·e diplômé·e pour soi, l'école pour un·e diplômé·e) : la candidature passe à « entretien »",
        request=BookRequestSerializer,
        responses={
            201: SlotSerializer,
            409: OpenApiResponse(
                description="Créneau déjà réservé, un autre entretien à cette heure, ou une candidature à une autre étape."
            ),
        },
        tags=TAGS,
    )
    @idempotent("agenda.slot.book")
    def post(self, request, pk: int):
        slot = selectors.slot_get_for_user(user=request.user, slot_id=pk)
        payload = BookRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if request.user.is_officer:
            graduate_id = payload.validated_data.get("graduate")
            graduate = (
                Graduate.objects.filter(pk=graduate_id, user__isnull=False, user__is_active=True).first()
                if graduate_id
                else None
            )
            if graduate is None:
                raise ApplicationError(
                    _(
                        "Indiquez le ou la diplômé·e (son identifiant, avec un compte actif) pour qui réserver."
                    ),
                    extra={"field": "graduate"},
                )
        else:
            graduate = Graduate.objects.filter(user=request.user).first()
            if graduate is None or payload.validated_data.get("graduate") not in (None, graduate.pk):
                raise ApplicationError(
                    _("Vous ne pouvez pas réserver ce créneau pour cette personne."), status_code=403
                )
        booked = services.slot_book(slot=slot, graduate=graduate, by=request.user)
        booked = selectors.slot_get_for_user(user=request.user, slot_id=booked.pk)
        return Response(SlotSerializer(booked, context=_slot_context(request)).data, status=201)


class SlotCancelApi(APIView):
    permission_classes = [TakesPart]

    @extend_schema(
        summary="Annuler l'entretien d'un créneau réservé (le ou la diplômé·e, l'école pour elle, l'employeur du créneau) : le créneau redevient libre, la candidature revient à « candidature envoyée »",
        request=None,
        responses={
            200: SlotSerializer,
            409: OpenApiResponse(description="Créneau libre, ou entretien déjà passé."),
        },
        tags=TAGS,
    )
    def post(self, request, pk: int):
        slot = selectors.slot_get_for_user(user=request.user, slot_id=pk)
        services.slot_cancel(slot=slot, by=request.user)
        freed = selectors.slot_get_for_user(user=request.user, slot_id=pk)
        return Response(SlotSerializer(freed, context=_slot_context(request)).data, status=200)
