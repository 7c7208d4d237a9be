from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.errors import BusinessRuleError


class KrdsFormRenderer(TemplatesSetting):
    """The one form renderer: `{{ form }}` and `{{ field.as_field_group }}` give KRDS markup.

    A field group is a `form-group` holding its title, its input, its errors and its help text
    (the ids Django's `aria-describedby` names: `<id>_error`, `<id>_helptext`); a radio or
    checkbox group is a fieldset. A form may set `field_group_class` to give its groups the
    class its page styles (`idea-field`, `rv-field`); the default is `app-field`.
    """

    form_template_name = "forms/krds_form.html"
    field_template_name = "forms/krds_field.html"


class LongSelect(forms.Select):
    """A drop-down of many options (the bureaus: 304 in the 200,000-idea demo), written out
    in Python. Django's templates render each option through two includes, about 40 µs an
    option: 13 ms of the library page for the bureaus alone. The markup is the same as
    ``forms.Select``'s (tests/core/test_long_select.py compares them)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            groups.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # noqa: S308 - each part escaped by format_html above
        )


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
