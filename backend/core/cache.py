"""A Redis cache that keeps the site up when Redis is not.

Throttling, the skill hint and a few summaries live in the cache. With Django's plain ``RedisCache``,
Redis going away turns every API call into a 500 (each throttle reads the cache). Here, an operation
that fails to reach Redis is served by a small per-process memory cache instead: throttles go on
counting (per process, so the limit holds locally until Redis is back), cached values are recomputed.
The outage is logged once a minute, not at every call, and ``/healthz`` reports it.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_FAILSAFE_OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose operations fall back to a process-local memory cache while Redis is down."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # A dead Redis must answer "no" fast: a short connect timeout instead of the OS default.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._local = LocMemCache(f"fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._last_warning = 0.0

    def _fallback(self, name: str, exc: Exception):
        now = time.monotonic()
        if now - self._last_warning > 60:
            self._last_warning = now
            log.warning("Redis cache unreachable (%s): serving from this process's memory", exc)
        return getattr(self._local, name)

    def reachable(self) -> bool:
        """Whether Redis answers now (for the health check)."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except UNREACHABLE:
            return False


def _failsafe(name: str):
    def operation(self, *args, **kwargs):
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except UNREACHABLE as exc:
            return self._fallback(name, exc)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = f"``RedisCache.{name}``, served by the local cache while Redis is unreachable."
    return operation


for _name in _FAILSAFE_OPERATIONS:
    setattr(ResilientRedisCache, _name, _failsafe(_name))
