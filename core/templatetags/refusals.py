"""``{% why_not "app.perm" user obj as reason %}``: the rule's own reason, or None."""

from django import template

from core import refusals

register = template.Library()


@register.simple_tag
def why_not(perm: str, user, obj=None) -> str | None:
    return refusals.why_not(perm, user, obj)
