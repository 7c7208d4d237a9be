"""API throttling for token clients (DRF's DEFAULT_THROTTLE_CLASSES).

Its own module: rest_framework.views reads DEFAULT_THROTTLE_CLASSES while core.api (which
imports rest_framework.views) would still be half imported.
"""

from rest_framework import throttling


class _SettingsRate:
    """Reads the rate from settings.API_THROTTLE_RATES at each request (DRF's own classes
    read it once at import, which tests and deployments cannot change afterwards)."""

    def get_rate(self):
        from django.conf import settings

        return settings.API_THROTTLE_RATES.get(self.scope)


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Token (and session) clients: ``API_THROTTLE_USER`` requests per user."""


class AnonRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Anonymous callers: ``API_THROTTLE_ANON`` requests per address."""
