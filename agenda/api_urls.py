from django.urls import path

from .api.views import (
    EventDetailApi,
    EventListApi,
    EventRegistrationApi,
    EventSlotsApi,
    SlotApi,
    SlotBookApi,
    SlotCancelApi,
)

urlpatterns = [
    path("agenda/events/", EventListApi.as_view(), name="api-agenda-events"),
    path("agenda/events/<int:pk>/", EventDetailApi.as_view(), name="api-agenda-event"),
    path("agenda/events/<int:pk>/registration/", EventRegistrationApi.as_view(), name="api-agenda-register"),
    path("agenda/events/<int:pk>/slots/", EventSlotsApi.as_view(), name="api-agenda-event-slots"),
    path("agenda/slots/<int:pk>/", SlotApi.as_view(), name="api-agenda-slot"),
    path("agenda/slots/<int:pk>/book/", SlotBookApi.as_view(), name="api-agenda-slot-book"),
    path("agenda/slots/<int:pk>/cancel/", SlotCancelApi.as_view(), name="api-agenda-slot-cancel"),
]
