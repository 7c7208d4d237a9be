"""The one error type for refused business rules.

Services raise ``BusinessRuleError`` (through ``ensure``); pages turn it into a form
error and the API into a 400/403 with the Korean message (``core.api.exception_handler``).
"""

from __future__ import annotations


class BusinessRuleError(Exception):
    """A request that the rules of the program refuse; ``message`` is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionRefused(BusinessRuleError):
    """The caller may not do this at all (403 rather than 400)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, code="permission_denied")


def ensure(condition: bool, message: str, *, field: str | None = None) -> None:
    if not condition:
        raise BusinessRuleError(message, field=field)


def ensure_allowed(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionRefused(message)
