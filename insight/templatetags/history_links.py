"""``{% history_url obj %}``: the address of ``obj``'s history page, for lists that show
objects without a page of their own (exemptions, directives). The page checks who may
read it."""

from django import template

from insight import history

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    return history.history_url(obj)
