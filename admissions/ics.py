"""An information session booking as an iCalendar invitation, written by the agenda's calendar builder.

One UID per booking for its whole life (``reunion-<booking>@tremplin``); moving the booking to another
session raises its SEQUENCE, so a calendar that imported the first file replaces the event.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.ics import Interview, calendar_bytes

from .models import SessionBooking


def booking_calendar(booking: SessionBooking, *, url: str) -> bytes:
    session = booking.session
    entry = Interview(
        application_id=booking.application_id,
        uid=f"reunion-{booking.pk}@tremplin",
        start=session.starts_at,
        end=session.ends_at,
        summary=_("Réunion d'information — école du numérique de Lens"),
        place=session.place,
        description=_(
            "Votre place est réservée. Pensez à une pièce d'identité. Suivi de votre candidature : %(u)s"
        )
        % {"u": url},
        url=url,
        sequence=booking.sequence,
        cancelled=False,
        stamp=booking.booked_at or timezone.now(),
    )
    return calendar_bytes([entry], name=_("Réunion d'information"))
