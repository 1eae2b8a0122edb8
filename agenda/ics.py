"""Interviews as iCalendar (RFC 5545) events: one invitation file, or a person's whole feed.

An interview keeps one UID for its whole life; every change of time or place raises its SEQUENCE and
a cancellation keeps the event with STATUS:CANCELLED, so a calendar that subscribed updates or
strikes out the event it already holds instead of adding a second one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Tremplin//Entretiens//FR"
INTERVIEW_LENGTH = timedelta(minutes=45)


@dataclass(frozen=True)
class Interview:
    """What a calendar needs of one interview, read from the candidacy and its log."""

    application_id: int
    uid: str
    start: datetime
    end: datetime
    summary: str
    place: str
    description: str
    url: str
    sequence: int
    cancelled: bool
    stamp: datetime


def interview_event(interview: Interview) -> Event:
    event = Event()
    event.add("uid", interview.uid)
    event.add("dtstamp", interview.stamp)
    event.add("dtstart", interview.start)
    event.add("dtend", interview.end)
    event.add("summary", interview.summary)
    if interview.place:
        event.add("location", interview.place)
    event.add("description", interview.description)
    if interview.url:
        event.add("url", interview.url)
    event.add("sequence", interview.sequence)
    event.add("status", "CANCELLED" if interview.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if interview.cancelled else "OPAQUE")
    return event


def calendar_bytes(interviews: list[Interview], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for interview in interviews:
        cal.add_component(interview_event(interview))
    return cal.to_ical()


def feed_name() -> str:
    return _("Tremplin — mes entretiens")
