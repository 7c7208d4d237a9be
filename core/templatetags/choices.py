"""``{% choices "ideas.QuotaStatus" as QuotaStatus %}``: a model's choices by name, so that a
template compares ``team.quota_status == QuotaStatus.MISSING`` and never a raw string.

For a model instance the class is at hand already: ``round.status == round.Status.OPEN``.
"""

from importlib import import_module

from django import template
from django.apps import apps

register = template.Library()


@register.simple_tag
def choices(path: str):
    """``app_label.Name[.Inner]`` in the app's models module (a TextChoices)."""
    app_label, *names = path.split(".")
    found = import_module(f"{apps.get_app_config(app_label).name}.models")
    for name in names:
        found = getattr(found, name)
    return found
