"""Who may do what with the roadmap: every member of staff reads it (no silos); the task
force (the planning office, with system admins) edits it and reviews performance reports;
a task's responsible person reports on it."""

from __future__ import annotations

import rules

from departments.permissions import is_planning_office, is_system_admin


@rules.predicate
def is_task_force(user) -> bool:
    return bool(is_planning_office(user) or is_system_admin(user))


@rules.predicate
def is_responsible_for(user, task) -> bool:
    return bool(task is not None and user.is_authenticated and task.responsible_id == user.pk)


@rules.predicate
def survey_is_open(user, survey) -> bool:
    return bool(survey is not None and survey.status == "open")


is_staff_member = rules.is_authenticated

rules.add_perm("roadmap.view_roadmap", is_staff_member)
rules.add_perm("roadmap.manage_roadmap", is_task_force)
rules.add_perm("roadmap.report_task", is_task_force | is_responsible_for)
rules.add_perm("roadmap.review_report", is_task_force)
rules.add_perm("roadmap.answer_survey", is_staff_member & survey_is_open)
rules.add_perm("roadmap.view_survey_results", is_task_force)
# The admin: the task force.
rules.add_perm("roadmap", is_task_force)
for _model in (
    "roadmapversion",
    "goal",
    "task",
    "taskunit",
    "taskidea",
    "actionplan",
    "indicatorvalue",
    "performancereport",
    "survey",
    "question",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"roadmap.{_action}_{_model}", is_task_force)
