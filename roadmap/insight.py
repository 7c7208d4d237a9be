"""The task's history on its page, through insight's timeline (registered at start-up)."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from roadmap.models import Task


def register_all() -> None:
    from insight import history

    history.register_kind(
        history.Kind("roadmap-task", Task, _("혁신 과제")),
        lambda user, obj: rules.has_perm("roadmap.view_roadmap", user, obj),
    )
    history.KIND_ACTION_LABELS.setdefault(
        "roadmap-task",
        {
            "updated": _("과제 수정"),
            "revised": _("과제 수정"),
            "indicator_recorded": _("성과지표 기록"),
            "plan_set": _("실천계획 기록"),
            "unit_added": _("추진 부서 추가"),
            "idea_linked": _("아이디어 연결"),
            "idea_unlinked": _("아이디어 연결 해제"),
            "plan_linked": _("실시계획 연결"),
            "plan_unlinked": _("실시계획 연결 해제"),
        },
    )
    for key, label in (
        ("owning_units", _("추진 부서")),
        ("yearly_targets", _("연도별 목표")),
        ("action_plans", _("연도별 실천계획")),
        ("year", _("연도")),
        ("target", _("목표값")),
        ("actual", _("실적값")),
        ("plan", _("실시계획")),
        ("division", _("부서")),
    ):
        history.DATA_LABELS.setdefault(key, label)
