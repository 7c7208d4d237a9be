from django import template

from participation import permissions, selectors

register = template.Library()


@register.inclusion_tag("participation/panel.html", takes_context=True)
def participation_panel(context, target):
    """The comments and 공감 of ``target``; nothing for a reviewer scoring it now."""
    user = context["request"].user
    if permissions.is_blind_to(user, target):
        return {"blind": True}
    data = selectors.panel(target=target, user=user)
    data.update(
        user=user,
        csrf_token=context.get("csrf_token"),
        can_take_part=user.has_perm("participation.take_part", target),
        moderates=user.has_perm("participation.moderate"),
    )
    return data


@register.simple_tag
def engagement_hidden_ids(user):
    """Ideas on which ``user`` is blind to engagement (scoring them in an open round)."""
    return permissions.blind_idea_ids(user)
