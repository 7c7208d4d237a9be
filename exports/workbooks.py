"""The season workbook (시즌 요약) and the bureau workbook (실·국 요약), sheet by sheet.

``build_workbook`` writes a write-only openpyxl workbook straight to a file: rows go out as
the selectors yield them, so memory stays flat however large the season. The sheets:

- 요약: by bureau, teams by quota status, submitted and adopted ideas, with totals and two
  native Excel charts (teams by quota status, stacked; submitted and adopted ideas);
- 아이디어: every idea with its reference number, bureau, division, team, title, kind,
  path, state, and — as the review rules allow the reader — weighted score, normalised
  score and rank in the latest round it was reviewed in, and its latest decision;
- 심사 평가 N차: each closed round's evaluations, per reviewer and criterion (only rounds
  whose scores the reader may see);
- 도지사 지시사항: the governor's directives;
- 제출 예외: exemptions with their reasons.

Every text goes through ``exports.cells`` (formula-injection safe). Headers and sheet names
are Korean whatever the reader's language: the workbook goes to the governor as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from departments.models import User
from exports import selectors
from exports.cells import (
    DATE,
    DATETIME,
    INTEGER,
    KRW,
    SCORE,
    Column,
    SheetWriter,
    local_naive,
)
from exports.permissions import ExportScope
from ideas.models import Exemption, Idea, Season
from reviews.models import Decision, ReviewRound

ProgressCallback = Callable[[int], None]


class Progress:
    """Counts the rows written and reports every ``every`` rows (a query each, so never
    one per row)."""

    def __init__(self, report: ProgressCallback | None, every: int = 2_000):
        self.report = report
        self.every = every
        self.rows = 0

    def tick(self) -> None:
        self.rows += 1
        if self.report is not None and self.rows % self.every == 0:
            self.report(self.rows)


@dataclass(frozen=True)
class BuildResult:
    rows: int  # data rows written below the summary: ideas, evaluations, directives, exemptions
    sheets: list[str]


def labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _date(value) -> dt.date | None:
    """The Seoul calendar day of a stored time."""
    return None if value is None else local_naive(value).date()


def workbook_filename(scope: ExportScope, at: dt.datetime | None = None) -> str:
    """e.g. ``S2 도정혁신 벤치마킹 시즌2 요약(기업유치지원실) 2026-12-02.xlsx``."""
    at = timezone.localtime(at or timezone.now())
    where = scope.bureau.name if scope.bureau is not None else _("전체")
    name = f"{scope.season.code} {scope.season.name} {_('요약')}({where}) {at:%Y-%m-%d}.xlsx"
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name)


def build_workbook(
    *,
    scope: ExportScope,
    user: User,
    out: str | IO[bytes],
    progress: ProgressCallback | None = None,
    plan: selectors.Plan | None = None,
    read_ahead: bool = False,
) -> BuildResult:
    """Write the workbook of ``scope`` as ``user`` may see it to ``out`` (a path or a
    binary file). ``progress`` gets the number of data rows written, every 2,000 rows.
    ``read_ahead`` reads every sheet's rows in threads of their own from the start
    (``selectors.ReadAhead``; for large workbooks, outside a transaction)."""
    with translation.override(settings.LANGUAGE_CODE):
        plan = plan or selectors.plan_for(scope=scope, user=user)
        readers: dict = {
            "ideas": lambda: selectors.idea_rows(plan),
            **{
                r.pk: (lambda r=r: selectors.evaluation_rows(plan, r))
                for r in plan.evaluation_rounds
            },
            "directives": lambda: selectors.directive_rows(plan),
            "exemptions": lambda: selectors.exemption_rows(plan),
        }
        if read_ahead:
            readers = {key: selectors.ReadAhead(read) for key, read in readers.items()}
        rows = {key: reader if read_ahead else reader() for key, reader in readers.items()}
        counter = Progress(progress)
        workbook = Workbook(write_only=True)
        try:
            sheets = [
                _summary_sheet(workbook, plan),
                _ideas_sheet(workbook, plan, rows["ideas"], counter),
                *(
                    _evaluations_sheet(workbook, r, rows[r.pk], counter)
                    for r in plan.evaluation_rounds
                ),
                _directives_sheet(workbook, rows["directives"], counter),
                _exemptions_sheet(workbook, rows["exemptions"], counter),
                _rollout_sheet(workbook, scope, counter),
            ]
        finally:
            if read_ahead:
                for reader in readers.values():
                    reader.close()
        workbook.save(out)
    return BuildResult(rows=counter.rows, sheets=sheets)


# 요약 ---------------------------------------------------------------------------------


def _summary_sheet(workbook: Workbook, plan: selectors.Plan) -> str:
    season = plan.season
    rows = selectors.summary_by_bureau(plan)
    opens = timezone.localtime(season.submission_opens_at)
    closes = timezone.localtime(season.submission_closes_at)
    if len(plan.score_rounds) == 1:
        scores = _("점수·순위: %(round)s(%(status)s) 기준") % {
            "round": plan.score_rounds[0].name,
            "status": plan.score_rounds[0].get_status_display(),
        }
    elif plan.score_rounds:
        scores = _("점수·순위: 아이디어마다 마지막으로 심사받은 차수 기준(%(rounds)s)") % {
            "rounds": ", ".join(f"{r.name} {r.get_status_display()}" for r in plan.score_rounds)
        }
    elif plan.scores_hidden:
        scores = _("점수·순위: 심사 공개 규칙에 따라 이 파일에는 싣지 않습니다.")
    else:
        scores = _("점수·순위: 아직 시작한 심사가 없습니다.")
    title = (
        _("%(season)s 실·국별 요약") % {"season": season.name}
        if plan.bureau is None
        else _("%(season)s %(bureau)s 요약") % {"season": season.name, "bureau": plan.bureau.name}
    )
    preamble = [
        title,
        _("%(kind)s · %(status)s · 접수 %(opens)s ~ %(closes)s")
        % {
            "kind": season.get_kind_display(),
            "status": season.get_status_display(),
            "opens": f"{opens:%Y-%m-%d}",
            "closes": f"{closes:%Y-%m-%d}",
        },
        scores,
        _("만든 날짜 %(at)s · 만든 사람 %(who)s")
        % {"at": f"{timezone.localtime():%Y-%m-%d %H:%M}", "who": plan.user.full_name},
    ]
    columns = [
        Column(_("실·국"), 22),
        Column(_("팀"), 8, INTEGER),
        Column(_("제출 완료 팀"), 10, INTEGER),
        Column(_("제출 예외 팀"), 10, INTEGER),
        Column(_("예외 승인 대기 팀"), 11, INTEGER),
        Column(_("미제출 팀"), 10, INTEGER),
        Column(_("제출 아이디어"), 11, INTEGER),
        Column(_("채택 아이디어"), 11, INTEGER),
    ]
    # One page for the table, one for the charts: no header repeated above the charts. The
    # summary's lines are not counted in the progress (selectors.row_count).
    sheet = SheetWriter(workbook, _("요약"), columns, preamble=preamble, repeat_header=False)
    totals = [0] * 7
    for row in rows:
        values = [
            row.teams,
            row.submitted_teams,
            row.exempt_teams,
            row.pending_teams,
            row.missing_teams,
            row.submitted_ideas,
            row.adopted_ideas,
        ]
        sheet.append([row.name, *values])
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    sheet.finish()
    # Totals are values, not =SUM(): the workbook holds no formula at all.
    sheet.append_total([_("합계"), *totals])
    if rows:
        _summary_charts(sheet, len(rows))
    return sheet.ws.title


def _summary_charts(sheet: SheetWriter, count: int) -> None:
    """Two native bar charts side by side on the page after the table: teams by quota
    status (stacked) and submitted and adopted ideas, by bureau. Each 13 cm wide: together
    they fit the width of landscape A4."""
    ws = sheet.ws
    first, last = sheet.header_row + 1, sheet.header_row + count
    total_row = last + 1
    sheet.page_break_after(total_row)
    anchor = total_row + 2
    bureaus = Reference(ws, min_col=1, min_row=first, max_row=last)

    teams = BarChart()
    teams.type = "col"
    teams.grouping = "stacked"
    teams.overlap = 100
    teams.title = _("실·국별 팀 제출 현황")
    teams.y_axis.title = _("팀 수")
    teams.add_data(
        Reference(ws, min_col=3, max_col=6, min_row=sheet.header_row, max_row=last),
        titles_from_data=True,
    )
    teams.set_categories(bureaus)

    ideas = BarChart()
    ideas.type = "col"
    ideas.grouping = "clustered"
    ideas.title = _("실·국별 제출·채택 아이디어")
    ideas.y_axis.title = _("아이디어 수")
    ideas.add_data(
        Reference(ws, min_col=7, max_col=8, min_row=sheet.header_row, max_row=last),
        titles_from_data=True,
    )
    ideas.set_categories(bureaus)

    for chart in (teams, ideas):
        chart.legend.position = "b"
        chart.width, chart.height = 13, 12  # cm
        # openpyxl 3.1 hides the axes unless told otherwise (Excel then shows none).
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.x_axis.tickLblSkip = 1  # every bureau named, not every other one
    # Column G starts about 13.5 cm from the left edge at the widths set in _summary_sheet.
    ws.add_chart(teams, f"A{anchor}")
    ws.add_chart(ideas, f"G{anchor}")


# 아이디어 ------------------------------------------------------------------------------


def _ideas_sheet(
    workbook: Workbook, plan: selectors.Plan, ideas: Iterable[tuple], counter: Progress
) -> str:
    season = plan.season
    benchmarking = season.kind == Season.Kind.BENCHMARKING
    shows_scores = bool(plan.score_rounds)
    # Which round a score is from, when there is more than one to tell apart.
    round_names = {r.pk: r.name for r in plan.score_rounds}
    shows_round = len(round_names) > 1
    shows_decisions = bool(plan.decision_round_ids)
    kind = str(season.get_kind_display())
    statuses = labels(Idea.Status.choices)
    paths = labels(Idea.Path.choices)
    actions = labels(Idea.Action.choices)
    outcomes = labels(Decision.Outcome.choices)
    representative = _("대표")

    columns = [
        Column(_("접수번호"), 11),
        Column(_("실·국"), 18),
        Column(_("과"), 16),
        Column(_("팀"), 16),
        Column(_("제목"), 44),
        Column(_("구분"), 14),
        Column(_("추진 방식"), 15),
    ]
    if benchmarking:
        columns.append(Column(_("소요 예산"), 17, KRW))
    else:
        columns += [
            Column(_("개선 유형"), 9),
            Column(_("연간 절감 시간"), 10, INTEGER),
            Column(_("과 대표 과제"), 9),
        ]
    columns += [Column(_("상태"), 10), Column(_("제출일"), 11, DATE)]
    if shows_round:
        columns.append(Column(_("심사 차수"), 12))
    if shows_scores:
        columns += [
            Column(_("가중 점수(100점)"), 10, SCORE),
            Column(_("정규화 점수"), 10),  # as stored: four decimals at most
            Column(_("순위"), 7),
        ]
    if shows_decisions:
        columns += [Column(_("심사 결과"), 12), Column(_("결정 추진 방식"), 15)]

    sheet = SheetWriter(workbook, _("아이디어"), columns, on_row=counter.tick)
    append = sheet.append
    for (
        number,
        bureau,
        division,
        team,
        title,
        path,
        budget,
        action,
        hours,
        is_representative,
        status,
        submitted_at,
        score_round_id,
        mean_total,
        normalised,
        rank,
        outcome,
        decision_path,
    ) in ideas:
        row = [number, bureau, division, team, title, kind, paths.get(path)]
        if benchmarking:
            row.append(budget)
        else:
            row += [actions.get(action), hours, representative if is_representative else None]
        row += [statuses.get(status), _date(submitted_at)]
        if shows_round:
            row.append(round_names.get(score_round_id))
        if shows_scores:
            row += [mean_total, normalised, rank]
        if shows_decisions:
            row += [outcomes.get(outcome), paths.get(decision_path)]
        append(row)
    sheet.finish()
    return sheet.ws.title


# 심사 평가 -----------------------------------------------------------------------------


def _evaluations_sheet(
    workbook: Workbook, review_round: ReviewRound, evaluations: Iterable[tuple], counter: Progress
) -> str:
    criteria = list(review_round.criteria.all())
    columns = [
        Column(_("접수번호"), 11),
        Column(_("제목"), 36),
        Column(_("실·국"), 16),
        Column(_("팀"), 14),
        Column(_("심사위원"), 11),
        # Scores and totals as stored (two decimals at most), in the General format: a
        # number format on each of these millions of cells would cost a fifth of the build.
        *(
            Column(
                _("%(name)s(%(max)s점, 가중치 %(weight)s)")
                % {"name": c.name, "max": c.max_score, "weight": f"{c.weight.normalize():f}"},
                11,
            )
            for c in criteria
        ),
        Column(_("가중 합계(100점)"), 10),
        Column(_("심사 의견"), 40),
        Column(_("제출 일시"), 16, DATETIME),
    ]
    title = _("심사 평가 %(order)s차") % {"order": review_round.order}
    sheet = SheetWriter(workbook, title, columns, on_row=counter.tick)
    for row in evaluations:
        sheet.append(row)
    sheet.finish()
    return sheet.ws.title


# 도지사 지시사항 ------------------------------------------------------------------------


def _directives_sheet(workbook: Workbook, directives: Iterable[tuple], counter: Progress) -> str:
    columns = [
        Column(_("접수번호"), 11),
        Column(_("아이디어 제목"), 30),
        Column(_("실·국"), 16),
        Column(_("지시 내용"), 48),
        Column(_("담당 실·국"), 16),
        Column(_("담당 과"), 14),
        Column(_("처리 기한"), 11, DATE),
        Column(_("기록자"), 10),
        Column(_("기록 일시"), 16, DATETIME),
    ]
    sheet = SheetWriter(workbook, _("도지사 지시사항"), columns, on_row=counter.tick)
    for row in directives:
        sheet.append(row)
    sheet.finish()
    return sheet.ws.title


# 추진 현황 ------------------------------------------------------------------------------


def _rollout_sheet(workbook: Workbook, scope: ExportScope, counter: Progress) -> str:
    """The season's implementation plans (rollout.exports), of the bureau when scoped."""
    from rollout.exports import rollout_rows, rollout_sheet
    from rollout.models import RolloutPlan

    plans = RolloutPlan.objects.filter(season=scope.season)
    if scope.bureau is not None:
        plans = plans.filter(bureau=scope.bureau)
    return rollout_sheet(workbook, rollout_rows(plans), on_row=counter.tick)


# 제출 예외 -----------------------------------------------------------------------------


def _exemptions_sheet(workbook: Workbook, exemptions: Iterable[tuple], counter: Progress) -> str:
    reasons = labels(Exemption.Reason.choices)
    statuses = labels(Exemption.Status.choices)
    columns = [
        Column(_("실·국"), 16),
        Column(_("팀"), 16),
        Column(_("사유"), 14),
        Column(_("사유 설명"), 40),
        Column(_("상태"), 10),
        Column(_("신청자"), 10),
        Column(_("신청 일시"), 16, DATETIME),
        Column(_("결정자"), 10),
        Column(_("결정 일시"), 16, DATETIME),
        Column(_("결정 의견"), 30),
    ]
    sheet = SheetWriter(workbook, _("제출 예외"), columns, on_row=counter.tick)
    for (
        bureau,
        team,
        reason,
        reason_text,
        status,
        filed_by,
        filed_at,
        decided_by,
        decided_at,
        note,
    ) in exemptions:
        sheet.append(
            [
                bureau,
                team,
                reasons.get(reason),
                reason_text or None,
                statuses.get(status),
                filed_by,
                filed_at,
                decided_by,
                decided_at,
                note or None,
            ]
        )
    sheet.finish()
    return sheet.ws.title
