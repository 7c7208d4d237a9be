"""What staff may comment on and endorse, by the short name used in URLs and the API.

Rollout plans (issue 11) join with one entry: ``"rollout-plan": Target("rollout",
"rolloutplan", _plan_people)`` — the generic relation needs no migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType


def _idea_people(idea) -> list[int]:
    from notifications.events import idea_people

    return idea_people([idea])[idea.pk]


def _task_people(task) -> list[int]:
    return [task.responsible_id] if task.responsible_id else []


def _plan_people(plan) -> list[int]:
    """The lead team's leader(s) and the plan's responsible person."""
    from departments.models import Position, User

    people = list(
        User.objects.filter(
            team_id=plan.lead_team_id, position=Position.TEAM_LEADER, is_active=True
        ).values_list("pk", flat=True)
    )
    if plan.responsible_person_id:
        people.append(plan.responsible_person_id)
    return list(dict.fromkeys(people))


@dataclass(frozen=True)
class Target:
    app_label: str
    model_name: str
    # Who hears about comments and endorsements (the authoring team, the responsible person).
    people: Callable[[object], list[int]]

    @property
    def model(self):
        return apps.get_model(self.app_label, self.model_name)

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_by_natural_key(self.app_label, self.model_name)


TARGETS: dict[str, Target] = {
    "idea": Target("ideas", "idea", _idea_people),
    "task": Target("roadmap", "task", _task_people),
    "rollout-plan": Target("rollout", "rolloutplan", _plan_people),
}


def kind_of(obj) -> str:
    for kind, target in TARGETS.items():
        if obj._meta.app_label == target.app_label and obj._meta.model_name == target.model_name:
            return kind
    raise LookupError(obj)


def resolve(kind: str, pk) -> object | None:
    target = TARGETS.get(kind)
    if target is None:
        return None
    try:
        return target.model.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None
