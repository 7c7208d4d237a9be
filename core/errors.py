"""The one error type for refused business rules.

Services raise ``BusinessRuleError`` (through ``ensure``); pages turn it into form errors
(``core.forms.apply_rule_error``) and the API into a 400/403/409 with the Korean message at
the field it concerns (``core.api.exception_handler``).
"""

from __future__ import annotations

from core.text import with_particles


class BusinessRuleError(Exception):
    """A request the rules of the program refuse; the messages are shown to the user.

    ``errors`` maps a field name (or ``None`` for the whole request) to its messages.
    """

    status_code = 400

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        errors: dict[str | None, list[str]] | None = None,
        code: str = "invalid",
    ):
        # Messages name things ("%(season)s은(는) …"): the particle is chosen here, once.
        self.errors: dict[str | None, list[str]] = {
            key: [with_particles(m) for m in messages]
            for key, messages in (errors or {field: [message]}).items()
        }
        self.message = with_particles(message) if message else next(iter(self.errors.values()))[0]
        self.field = field
        self.code = code
        super().__init__(self.message)


class PermissionRefused(BusinessRuleError):
    """The caller may not do this at all (403 rather than 400)."""

    status_code = 403

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, code="permission_denied")


class EditConflict(BusinessRuleError):
    """Somebody else saved the record since the caller loaded it (409)."""

    status_code = 409

    def __init__(self, message: str):
        super().__init__(message, code="conflict")


def ensure(condition: bool, message: str, *, field: str | None = None) -> None:
    if not condition:
        raise BusinessRuleError(message, field=field)


def ensure_allowed(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionRefused(message)
