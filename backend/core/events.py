"""A small, explicit publish/subscribe registry.

Lower apps (employers, graduates) announce changes without importing the apps that react to them
(matching): ``events.publish("offer.changed", offer_id=7)`` runs every subscriber once the current
transaction commits. The database row stays the source of truth (its content hash says whether it
is analysed), so a lost announcement only delays work until the periodic sweep.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable
from redis.exceptions import ConnectionError as RedisConnectionError

log = logging.getLogger(__name__)
# A subscriber that enqueues a task meets these when the broker is down. The change itself is already
# committed (subscribers run on commit) and the periodic sweep will pick it up from its stale hash, so
# the person who saved gets their success, not a 500 that would make them save twice.
_UNREACHABLE = (BrokerUnreachable, RedisConnectionError, ConnectionError)

_subscribers: dict[str, list[Callable[..., None]]] = defaultdict(list)
_held: ContextVar[frozenset[str]] = ContextVar("tremplin_events_held", default=frozenset())

KNOWN_EVENTS = frozenset(
    {
        "offer.changed",
        "offer.published",
        "offer.analysed",  # its skills changed: matching scores it again
        "profile.changed",
        "profile.analysed",
        "invitation.accepted",
        "notification.ready",  # an e-mail to send at once: placements enqueues it
    }
)


def subscribe(event: str, handler: Callable[..., None]) -> None:
    if event not in KNOWN_EVENTS:
        raise ValueError(f"Unknown event {event!r}; known: {sorted(KNOWN_EVENTS)}")
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def unsubscribe(event: str, handler: Callable[..., None]) -> None:
    if handler in _subscribers[event]:
        _subscribers[event].remove(handler)


def subscribers(event: str) -> list[Callable[..., None]]:
    return list(_subscribers[event])


@contextmanager
def held(*names: str) -> Iterator[None]:
    """Announcements of ``names`` made inside the block reach no subscriber.

    For a bulk load whose caller then runs the batch itself (the demo imports a few hundred offers,
    then analyses and scores them in one pass instead of once per offer): what was announced stays
    visible in the rows (their content hash), so the periodic sweep would catch it up anyway.
    """
    unknown = set(names) - KNOWN_EVENTS
    if unknown:
        raise ValueError(f"Unknown events {sorted(unknown)}")
    token = _held.set(_held.get() | frozenset(names))
    try:
        yield
    finally:
        _held.reset(token)


def publish(event: str, **payload) -> None:
    """Call each subscriber with ``payload`` after the surrounding transaction commits."""
    if event not in KNOWN_EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    if event in _held.get():
        return
    for handler in subscribers(event):
        transaction.on_commit(lambda h=handler: _deliver(event, h, payload))


def _deliver(event: str, handler: Callable[..., None], payload: dict) -> None:
    try:
        handler(**payload)
    except _UNREACHABLE as exc:
        log.warning("%s not delivered to %s (%s): the periodic sweep will catch up", event, handler, exc)


def publish_now(event: str, **payload) -> None:
    """Call each subscriber at once, inside the caller's transaction.

    For reactions that must be atomic with the change (attaching a new account to its employer
    when an invitation is accepted); anything slow or external uses :func:`publish`.
    """
    if event not in KNOWN_EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    for handler in subscribers(event):
        handler(**payload)
