"""``{% timeline obj %}``: the readable history of ``obj`` for whoever may see the object."""

from django import template

from insight import history

register = template.Library()


@register.inclusion_tag("insight/includes/timeline.html", takes_context=True)
def timeline(context, obj, heading_id="timeline-title"):
    user = context["request"].user
    kind = history.kind_of(obj)
    if kind is None or not kind.may_view(user, obj):
        return {"steps": None}
    return {"steps": history.timeline(obj, user), "heading_id": heading_id}
