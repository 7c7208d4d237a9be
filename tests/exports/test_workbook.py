"""The season and bureau workbooks, opened with openpyxl and checked against the database:
sheets, headers, values, the charts, the frozen and filtered header, formats, the review
rules (blind review, published decisions) and the query count."""

import io
import zipfile

import pytest
from django.db.models import Count
from django.utils import timezone

from exports.permissions import ExportScope
from exports.workbooks import build_workbook, workbook_filename
from ideas import selectors as idea_selectors
from ideas.models import Exemption, QuotaStatus
from reviews.models import Evaluation, ReviewRound
from reviews.selectors import ranking
from tests.exports.conftest import HOSTILE_TITLES, HYPERLINK, build_world, rows, workbook_of
from tests.ideas.factories import SeasonFactory
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db

IDEA_HEADERS = [
    "접수번호",
    "실·국",
    "과",
    "팀",
    "제목",
    "구분",
    "추진 방식",
    "소요 예산",
    "상태",
    "제출일",
]
SCORE_HEADERS = ["가중 점수(100점)", "정규화 점수", "순위"]
DECISION_HEADERS = ["심사 결과", "결정 추진 방식"]


def test_the_season_workbook_has_its_sheets_in_order(world, planner):
    workbook = workbook_of(world, planner)
    assert workbook.sheetnames == [
        "요약",
        "아이디어",
        "심사 평가 1차",
        "도지사 지시사항",
        "제출 예외",
        "추진 현황",
    ]


def test_the_ideas_sheet_holds_every_submitted_idea_with_the_rounds_ranking(world, planner):
    ws = workbook_of(world, planner)["아이디어"]
    header, *data = rows(ws)
    assert list(header) == IDEA_HEADERS + SCORE_HEADERS + DECISION_HEADERS
    ranked = {row.idea_id: row for row in ranking(review_round=world.round)}
    decisions = {d.idea_id: d for d in world.round.decisions.filter(is_current=True)}
    # Every submitted idea in reference-number order; the draft is not there.
    assert [row[0] for row in data] == [idea.reference_number for idea in world.ideas]
    for idea, row in zip(world.ideas, data, strict=True):
        expected = ranked[idea.pk]
        decision = decisions.get(idea.pk)
        assert row[1:7] == (
            idea.bureau_name,
            idea.division_name,
            idea.team_name,
            idea.title,
            "벤치마킹 아이디어",
            idea.get_implementation_path_display(),
        )
        assert row[7] == idea.budget_estimate_krw
        assert row[8] == "제출"
        assert row[9].date() == timezone.localtime(idea.submitted_at).date()
        assert row[10] == pytest.approx(float(expected.mean_total))
        assert row[11] == pytest.approx(float(expected.normalised))
        assert row[12] == expected.rank
        assert row[13] == (decision.get_outcome_display() if decision else None)
    assert "작성 중인 초안" not in {row[4] for row in data}


def test_each_idea_shows_the_latest_round_it_was_reviewed_in(world, planner):
    final = rf.ReviewRoundFactory(
        season=world.season,
        name="최종 심사",
        order=2,
        status=ReviewRound.Status.CLOSED,
        closed_at=timezone.now(),
    )
    finalists = world.ideas[5:7]
    for score, idea in enumerate(finalists, start=8):
        for reviewer in world.reviewers:
            assignment = rf.AssignmentFactory(round=final, idea=idea, reviewer=reviewer)
            rf.evaluate(assignment, score, score, score, score, score)
    workbook = workbook_of(world, planner)
    assert "심사 평가 2차" in workbook.sheetnames
    header, *data = rows(workbook["아이디어"])
    assert list(header[10:14]) == ["심사 차수", *SCORE_HEADERS]
    first = {row.idea_id: row for row in ranking(review_round=world.round)}
    second = {row.idea_id: row for row in ranking(review_round=final)}
    for idea, row in zip(world.ideas, data, strict=True):
        name, ranked = ("최종 심사", second) if idea in finalists else ("1차 서면 심사", first)
        assert row[10] == name
        assert row[11] == pytest.approx(float(ranked[idea.pk].mean_total))
        assert row[13] == ranked[idea.pk].rank
    assert [row[13] for row in data if row[10] == "최종 심사"] == [2, 1]
    assert "마지막으로 심사받은 차수" in workbook["요약"]["A3"].value


def test_scores_dates_and_budgets_carry_number_formats(world, planner):
    ws = workbook_of(world, planner)["아이디어"]
    budget_row = next(
        r for r in ws.iter_rows(min_row=2) if r[4].value == "기업유치 관리시스템 구축"
    )
    assert (budget_row[7].value, budget_row[7].number_format) == (120_000_000, '#,##0"원"')
    assert budget_row[9].number_format == "yyyy-mm-dd"
    assert budget_row[10].number_format == "0.00"
    # The normalised score and the rank as stored (General): no format to pay for.
    assert budget_row[11].number_format == "General"
    assert budget_row[12].number_format == "General"


def test_an_idea_titled_like_a_formula_comes_out_as_text(world, planner):
    out = io.BytesIO()
    build_workbook(scope=world.scope(), user=planner, out=out)
    workbook = workbook_of(world, planner)
    cells = {c.value: c for (c,) in workbook["아이디어"].iter_rows(min_row=2, min_col=5, max_col=5)}
    for title in HOSTILE_TITLES:
        assert cells[title].data_type == "s", title
    assert cells[HYPERLINK].value == '=HYPERLINK("http://x","y")'
    # And in the file itself: no formula element anywhere, in any sheet.
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 6
        for name in sheets:
            xml = archive.read(name).decode()
            assert "<f>" not in xml, name
            assert "<f " not in xml, name
        assert "HYPERLINK" in archive.read("xl/worksheets/sheet2.xml").decode()


def test_every_cell_of_every_sheet_is_a_value_never_a_formula(world, planner):
    workbook = workbook_of(world, planner)
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_every_table_has_a_frozen_filtered_header_and_prints_landscape_a4(world, planner):
    workbook = workbook_of(world, planner)
    expected_rows = {
        "아이디어": len(world.ideas),
        "심사 평가 1차": 2 * len(world.ideas),
        "도지사 지시사항": 3,
        "제출 예외": 2,
    }
    for title, count in expected_rows.items():
        ws = workbook[title]
        assert ws.freeze_panes == "A2", title
        assert ws.auto_filter.ref.startswith("A1:"), title
        assert ws.auto_filter.ref.endswith(str(count + 1)), title
        assert ws.print_title_rows == "$1:$1", title
        assert ws.page_setup.orientation == "landscape", title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, title
        assert all(ws.column_dimensions[c].width for c in "ABC"), title
        assert ws["A1"].font.bold, title


def test_the_summary_counts_by_bureau_come_from_the_intake_and_review_data(world, planner):
    ws = workbook_of(world, planner)["요약"]
    assert ws["A1"].value == "도정혁신 벤치마킹 시즌9 실·국별 요약"
    assert ws["A3"].value == "점수·순위: 1차 서면 심사(마감) 기준"
    assert ws.freeze_panes == "A7"
    header = [c.value for c in ws[6]]
    assert header == [
        "실·국",
        "팀",
        "제출 완료 팀",
        "제출 예외 팀",
        "예외 승인 대기 팀",
        "미제출 팀",
        "제출 아이디어",
        "채택 아이디어",
    ]
    lines = {row[0]: row[1:] for row in rows(ws, 7) if row[0] and row[0] != "합계"}
    quota = idea_selectors.quota_counts_by_bureau(season=world.season)
    for bureau in (world.own, world.other):
        counts = quota[bureau.pk]
        submitted = world.season.ideas.filter(bureau=bureau, status="submitted").count()
        adopted = 1  # one adoption in each bureau (conftest)
        assert lines[bureau.name] == (
            sum(counts.values()),
            counts.get(QuotaStatus.SUBMITTED, 0),
            counts.get(QuotaStatus.EXEMPT, 0),
            counts.get(QuotaStatus.PENDING_EXEMPTION, 0),
            counts.get(QuotaStatus.MISSING, 0),
            submitted,
            adopted,
        ), bureau.name
    assert lines[world.own.name][2] == 1  # the approved exemption
    assert lines[world.other.name][3] == 1  # the pending one
    total = next(row for row in rows(ws, 7) if row[0] == "합계")
    assert total[1:] == tuple(sum(line[i] for line in lines.values()) for i in range(7))


def test_the_summary_has_two_native_bar_charts_over_its_table(world, planner):
    ws = workbook_of(world, planner)["요약"]
    teams, ideas = ws._charts
    assert (teams.tagname, ideas.tagname) == ("barChart", "barChart")
    assert teams.grouping == "stacked"
    assert ideas.grouping == "clustered"
    assert len(teams.series) == 4
    assert len(ideas.series) == 2
    last = 6 + len(idea_selectors.season_overview_by_bureau(season=world.season))
    assert teams.series[0].val.numRef.f == f"'요약'!$C$7:$C${last}"
    assert ideas.series[1].val.numRef.f == f"'요약'!$H$7:$H${last}"
    categories = teams.series[0].cat.numRef or teams.series[0].cat.strRef
    assert categories.f == f"'요약'!$A$7:$A${last}"  # the bureau names


def test_the_evaluations_sheet_lists_each_reviewers_scores_per_criterion(world, planner):
    ws = workbook_of(world, planner)["심사 평가 1차"]
    header, *data = rows(ws)
    criteria = list(world.round.criteria.order_by("order"))
    assert list(header) == [
        "접수번호",
        "제목",
        "실·국",
        "팀",
        "심사위원",
        *[f"{c.name}({c.max_score}점, 가중치 {c.weight.normalize():f})" for c in criteria],
        "가중 합계(100점)",
        "심사 의견",
        "제출 일시",
    ]
    evaluations = (
        Evaluation.objects.filter(round=world.round, status="submitted")
        .select_related("idea", "reviewer")
        .prefetch_related("scores")
        .order_by("idea__sequence", "reviewer__full_name")
    )
    assert len(data) == evaluations.count() == 2 * len(world.ideas)
    for evaluation, row in zip(evaluations, data, strict=True):
        scores = {s.criterion_id: float(s.value) for s in evaluation.scores.all()}
        assert row[:5] == (
            evaluation.idea.reference_number,
            evaluation.idea.title,
            evaluation.idea.bureau_name,
            evaluation.idea.team_name,
            evaluation.reviewer.full_name,
        )
        assert list(row[5:10]) == [scores[c.pk] for c in criteria]
        assert row[10] == pytest.approx(float(evaluation.total))


def test_directives_and_exemptions_come_with_their_reasons(world, planner):
    workbook = workbook_of(world, planner)
    header, *directives = rows(workbook["도지사 지시사항"])
    assert header[3] == "지시 내용"
    assert [row[3] for row in directives] == [
        "=1+1 다음 달까지 시범 운영",
        "기업유치지원실과 함께 추진",
        "예산 반영 검토",
    ]
    assert workbook["도지사 지시사항"]["D2"].data_type == "s"
    header, *exemptions = rows(workbook["제출 예외"])
    assert list(header[:5]) == ["실·국", "팀", "사유", "사유 설명", "상태"]
    by_team = {row[1]: row for row in exemptions}
    for exemption in Exemption.objects.filter(season=world.season):
        row = by_team[exemption.team_name]
        assert row[0] == exemption.bureau.name
        assert row[2] == exemption.get_reason_display()
        assert row[3] == (exemption.reason_text or None)
        assert row[4] == exemption.get_status_display()
    assert "@팀장 장기 교육" in {row[3] for row in exemptions}


def test_the_bureau_workbook_holds_only_that_bureau(world, director):
    workbook = workbook_of(world, director, bureau=world.own)
    ideas = rows(workbook["아이디어"], 2)
    assert [row[0] for row in ideas] == [i.reference_number for i in world.ideas_of(world.own)]
    summary = [row[0] for row in rows(workbook["요약"], 7) if row[0]]
    assert summary == [world.own.name, "합계"]
    assert workbook["요약"]["A1"].value == f"{world.season.name} {world.own.name} 요약"
    directives = rows(workbook["도지사 지시사항"], 2)
    # Its own idea's directive and the one it must act on; not the other bureau's.
    assert [row[3] for row in directives] == [
        "=1+1 다음 달까지 시범 운영",
        "기업유치지원실과 함께 추진",
    ]
    assert [row[0] for row in rows(workbook["제출 예외"], 2)] == [world.own.name]


def test_a_bureau_director_sees_published_decisions_but_never_scores(world, director):
    """Blind review: only the planning office (and reviewers once closed) see scores."""
    workbook = workbook_of(world, director, bureau=world.own)
    header = rows(workbook["아이디어"])[0]
    assert list(header) == IDEA_HEADERS + DECISION_HEADERS
    assert "심사 평가 1차" not in workbook.sheetnames
    assert "심사 공개 규칙" in workbook["요약"]["A3"].value


def test_unpublished_decisions_stay_out_of_a_directors_workbook(world, director):
    world.move(ReviewRound.Status.CLOSED, published=False)
    workbook = workbook_of(world, director, bureau=world.own)
    assert list(rows(workbook["아이디어"])[0]) == IDEA_HEADERS
    adopted = [row[7] for row in rows(workbook["요약"], 7) if row[0] == world.own.name]
    assert adopted == [0]


def test_while_the_round_is_open_the_planning_office_sees_scores_but_no_evaluations(world, planner):
    world.move(ReviewRound.Status.OPEN)
    workbook = workbook_of(world, planner)
    assert "심사 평가 1차" not in workbook.sheetnames  # per-reviewer sheet once closed only
    header = rows(workbook["아이디어"])[0]
    assert list(header) == IDEA_HEADERS + SCORE_HEADERS + DECISION_HEADERS
    assert workbook["요약"]["A3"].value == "점수·순위: 1차 서면 심사(심사 중) 기준"


def test_a_work_reduction_season_shows_actions_hours_and_representatives(world, planner):
    world.season.kind = "work_reduction"
    world.season.save(update_fields=["kind"])
    world.season.ideas.filter(pk=world.ideas[0].pk).update(
        action="abolish", hours_saved_per_year=120, is_representative=True
    )
    ws = workbook_of(world, planner)["아이디어"]
    header, first, *_ = rows(ws)
    assert list(header[6:10]) == ["추진 방식", "개선 유형", "연간 절감 시간", "과 대표 과제"]
    assert first[5] == "업무 혁신(일은 빼고 혁신은 곱빼기) 과제"
    assert first[7:10] == ("폐지", 120, "대표")


def test_the_file_name_names_the_season_and_the_scope(world):
    name = workbook_filename(world.scope(world.own))
    assert name.startswith("EX 도정혁신 벤치마킹 시즌9 요약(")
    assert world.own.name in name
    assert name.endswith(".xlsx")
    assert "/" not in workbook_filename(world.scope()).replace("도정혁신", "")


def build_counting_queries(world, user, django_assert_max_num_queries, bureau=None):
    # 1 rounds, 2 their criteria (prefetch), 3 the reader's roles (once per user object:
    # the blind-review rule asks whether they are a reviewer);
    # 4 ideas by state per bureau (season_overview_by_bureau), 5 teams by quota status,
    # 6 adoptions by bureau; 7 the ideas with the ranking and decisions (one statement);
    # 8 the evaluations of the closed round with a score per criterion; 9 directives;
    # 10 exemptions; 11 the season's implementation plans (the rollout sheet; KPIs and
    # co-owners add two when there are plans). A server-side cursor adds no query of its
    # own to Django's count.
    with django_assert_max_num_queries(11):
        build_workbook(scope=world.scope(bureau), user=user, out=io.BytesIO())


def test_the_number_of_queries_does_not_grow_with_the_ideas(
    roles, planner, django_assert_max_num_queries
):
    small = build_world(roles)
    build_counting_queries(small, planner, django_assert_max_num_queries)
    large = build_world(roles, extra_ideas=40, code="EX2")  # 49 ideas, 98 evaluations
    assert len(large.ideas) > 5 * len(small.ideas)
    build_counting_queries(large, planner, django_assert_max_num_queries)
    build_counting_queries(large, planner, django_assert_max_num_queries, bureau=large.other)


def test_an_empty_season_still_gives_a_workbook(planner):
    season = SeasonFactory()
    out = io.BytesIO()
    result = build_workbook(scope=ExportScope(season), user=planner, out=out)
    assert result.rows == 0
    assert result.sheets == ["요약", "아이디어", "도지사 지시사항", "제출 예외", "추진 현황"]
    out.seek(0)
    assert zipfile.is_zipfile(out)


def test_evaluations_counted_per_reviewer(world):
    # The world gives each idea two submitted evaluations (a sanity check of the data the
    # sheets above are compared with).
    counts = set(
        Evaluation.objects.filter(round=world.round)
        .values("idea")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert counts == {2}
