"""A small, explicit publish/subscribe registry.

Lower apps (employers, graduates) announce changes without importing the apps that react to them
(matching): ``events.publish("offer.changed", offer_id=7)`` runs every subscriber once the current
transaction commits. The database row stays the source of truth (its content hash says whether it
is analysed), so a lost announcement only delays work until the periodic sweep.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable
from redis.exceptions import ConnectionError as RedisConnectionError

log = logging.getLogger(__name__)
# A subscriber that enqueues a task meets these when the broker is down. The change itself is already
# committed (subscribers run on commit) and the periodic sweep will pick it up from its stale hash, so
# the person who saved gets their success, not a 500 that would make them save twice.
_UNREACHABLE = (BrokerUnreachable, RedisConnectionError, ConnectionError)

_subscribers: dict[str, list[Callable[..., None]]] = defaultdict(list)

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


def publish(event: str, **payload) -> None:
    """Call each subscriber with ``payload`` after the surrounding transaction commits."""
    if event not in KNOWN_EVENTS:
        raise ValueError(f"Unknown event {event!r}")
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
