"""Rollout in Excel: the rollout sheet of the season workbook and a rollout workbook of its
own (status, path, owner units, milestones late, last report, KPI actual vs target).

Written with the exports app's SheetWriter: write-only (streamed row by row), every text
cell formula-safe (exports.cells). Rows come from one query per table, not per plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import IO

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from exports.cells import DATE, INTEGER, Column, SheetWriter
from rollout import selectors
from rollout.models import CoOwner, Kpi, KpiActual, ProgressReport, RolloutPlan

BATCH = 2_000


def _kpi_texts(plan_ids: list[int]) -> dict[int, str]:
    """Per plan: 'KPI actual/target unit; …', the actual from the latest report that has one."""
    latest: dict[int, object] = {}
    for kpi_id, value in (
        KpiActual.objects.filter(kpi__plan_id__in=plan_ids)
        .exclude(report__status=ProgressReport.Status.DRAFT)
        .order_by("kpi_id", "report__period_end")
        .values_list("kpi_id", "value")
    ):
        latest[kpi_id] = value
    texts: dict[int, list[str]] = defaultdict(list)
    for kpi in Kpi.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "pk"):
        actual = latest.get(kpi.pk)
        shown = f"{actual.normalize():f}" if actual is not None else "—"
        texts[kpi.plan_id].append(f"{kpi.name} {shown}/{kpi.target.normalize():f}{kpi.unit}")
    return {pk: "; ".join(parts) for pk, parts in texts.items()}


def _co_owner_texts(plan_ids: list[int]) -> dict[int, str]:
    texts: dict[int, list[str]] = defaultdict(list)
    for plan_id, name, share in (
        CoOwner.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "pk")
        .values_list("plan_id", "team__name", "share_percent")
    ):
        texts[plan_id].append(f"{name} {share}%")
    return {pk: ", ".join(parts) for pk, parts in texts.items()}


def rollout_rows(plans: QuerySet) -> Iterator[tuple]:
    """One row per plan, in batches (three queries per batch of 2,000)."""
    statuses = dict(RolloutPlan.Status.choices)
    healths = dict(RolloutPlan.Health.choices)
    report_statuses = dict(ProgressReport.Status.choices)
    rows = selectors.board(plans=plans).annotate(
        last_status=selectors.last_report_subquery("status")
    )
    last_id = 0
    while True:
        batch = list(rows.filter(pk__gt=last_id).order_by("pk")[:BATCH])
        if not batch:
            return
        ids = [p.pk for p in batch]
        kpis, co_owners = _kpi_texts(ids), _co_owner_texts(ids)
        for plan in batch:
            yield (
                plan.season.name,
                plan.bureau.name,
                plan.lead_team.name,
                co_owners.get(plan.pk, ""),
                plan.idea.title,
                ", ".join(plan.paths),
                str(statuses[plan.status]),
                str(healths[plan.health]),
                selectors.health_reason(plan),
                plan.due_date,
                plan.target_date,
                plan.milestones_late or 0,
                plan.last_period,
                plan.last_progress,
                str(report_statuses[plan.last_status]) if plan.last_status else "",
                kpis.get(plan.pk, ""),
            )
        if len(batch) < BATCH:
            return
        last_id = ids[-1]


def rollout_sheet(workbook: Workbook, rows: Iterable[tuple], on_row=None) -> str:
    columns = [
        Column(_("시즌"), 18),
        Column(_("주관 실·국"), 16),
        Column(_("주관 팀"), 16),
        Column(_("협업 부서"), 20),
        Column(_("아이디어 제목"), 32),
        Column(_("추진 방식"), 16),
        Column(_("상태"), 14),
        Column(_("추진 상태"), 10),
        Column(_("사유"), 40),
        Column(_("실시계획 제출 기한"), 12, DATE),
        Column(_("목표일"), 12, DATE),
        Column(_("지연된 주요 일정"), 10, INTEGER),
        Column(_("최근 보고 기간"), 12, DATE),
        Column(_("최근 진척률(%)"), 10, INTEGER),
        Column(_("최근 보고 상태"), 10),
        Column(_("성과 지표(실적/목표)"), 40),
    ]
    sheet = SheetWriter(workbook, _("추진 현황"), columns, on_row=on_row)
    for row in rows:
        sheet.append(row)
    sheet.finish()
    return sheet.ws.title


def rollout_filename(at: dt.datetime | None = None) -> str:
    at = timezone.localtime(at or timezone.now())
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", f"{_('추진 현황')} {at:%Y-%m-%d}.xlsx")


def build_rollout_workbook(*, plans: QuerySet, out: str | IO[bytes]) -> int:
    """The rollout workbook of ``plans`` (already scoped to the caller); rows written."""
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1

    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook(write_only=True)
        rollout_sheet(workbook, rollout_rows(plans), on_row=tick)
        workbook.save(out)
    return count
