"""Throttles that read their rates from settings at each request.

DRF's stock classes copy ``DEFAULT_THROTTLE_RATES`` when imported, so a rate changed in the
environment of a running process or in a test would be ignored.
"""

from django.conf import settings
from rest_framework import throttling


class _SettingsRates:
    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)


class AnonRateThrottle(_SettingsRates, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_SettingsRates, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_SettingsRates, throttling.ScopedRateThrottle):
    pass
