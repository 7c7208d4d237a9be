from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.errors import BusinessRuleError

# One message for every failure, so that nobody learns whether an employee number exists
# or whether an account is disabled.
LOGIN_FAILED = _("사번(아이디) 또는 비밀번호가 올바르지 않습니다. 다시 확인해 주세요.")


class LoginForm(AuthenticationForm):
    """Log-in by employee number (사번) or username; a failure never says which part was wrong."""

    username = forms.CharField(
        label=_("사번 또는 아이디"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "class": "krds-input"}
        ),
    )
    password = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "krds-input"}
        ),
    )
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}


def apply_rule_error(
    form: forms.BaseForm, exc: BusinessRuleError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: each message at its field, others form-wide.

    ``aliases`` maps a field the service names onto the form field that carries it (the
    exemption service speaks of ``decision_note``, its form of ``note``).
    """
    aliases = aliases or {}
    for field, messages in exc.errors.items():
        name = aliases.get(field, field) if field else None
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
