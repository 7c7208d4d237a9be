"""The demo seasons and ideas (ideas.demo), loaded once per module at scale 1."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.utils import timezone

from core.models import HistoryEntry
from core.text import undoubled
from departments.models import User
from ideas import demo, search, selectors, services
from ideas.models import Exemption, Idea, QuotaStatus, Season
from ideas.services import IdeaAction
from tests.demo_data import forget_reviews

pytestmark = pytest.mark.django_db


def season(code):
    return Season.objects.get(code=code)


def numbered(code):
    return list(
        Idea.objects.filter(season__code=code, reference_number__isnull=False)
        .order_by("sequence")
        .values_list("reference_number", "title", "team_name")
    )


def actions(model, **filters):
    ids = model.objects.filter(**filters).values("pk")
    return set(HistoryEntry.objects.filter(object_id__in=ids).values_list("action", flat=True))


def test_the_step_runs_after_the_organisation_and_reports_each_season(loaded):
    assert loaded.index("조직도와 직원") < loaded.index("시즌과 아이디어: 넣었습니다")
    for code in ["S1 도정혁신 벤치마킹 시즌1", "S2 도정혁신 벤치마킹 시즌2", "W1 일은 빼고"]:
        assert code in loaded


def test_season_1_is_closed_in_2022_with_268_submitted_ideas(loaded):
    s1 = season("S1")
    ideas = s1.ideas.all()

    assert s1.status == Season.Status.CLOSED
    assert s1.submission_opens_at.year == s1.submission_closes_at.year == 2022
    assert ideas.count() == ideas.submitted().count() == 268
    assert [n for n, _, _ in numbered("S1")][:2] == ["S1-0001", "S1-0002"]
    assert all(s1.submission_opens_at <= i.submitted_at < s1.submission_closes_at for i in ideas)
    titles = set(ideas.values_list("title", flat=True))
    assert set(demo.S1_ADOPTED_TITLES) <= titles  # the 15 the review step will adopt
    assert {"도지사와 함께 가는 정책소풍", "지역특화형 비자 시범사업"} <= titles
    assert not ideas.filter(source_institution="").exists()
    assert not ideas.filter(implementation_path=Idea.Path.BUDGET, budget_estimate_krw=None).exists()


def test_season_2_is_open_now_with_325_ideas_in_several_states(loaded):
    s2 = season("S2")
    by_status = dict(s2.ideas.values_list("status").annotate(n=Count("pk")))

    assert s2.is_accepting_submissions()
    assert s2.exemptions_allowed
    assert s2.min_ideas_per_team == 1
    assert sum(by_status.values()) == 325
    assert by_status[Idea.Status.SUBMITTED] > 250
    assert by_status[Idea.Status.DRAFT] >= 10
    assert by_status[Idea.Status.RETURNED] >= 3
    assert by_status[Idea.Status.WITHDRAWN] >= 2
    assert not s2.ideas.filter(status=Idea.Status.DRAFT, reference_number__isnull=False).exists()
    assert not s2.ideas.exclude(status=Idea.Status.DRAFT).filter(reference_number=None).exists()
    assert {IdeaAction.SUBMITTED, IdeaAction.SENT_BACK} <= actions(
        Idea, season=s2, status=Idea.Status.RETURNED
    )
    sent_back = HistoryEntry.objects.filter(action=IdeaAction.SENT_BACK)
    assert not sent_back.filter(reason="").exists()
    assert sent_back.first().actor.username == "planner"


def test_season_2_has_missing_teams_exempt_teams_and_a_pending_request_in_the_first_bureau(loaded):
    s2 = season("S2")
    quota = Counter(team.quota_status for team in selectors.team_quota(season=s2))
    director = User.objects.get(username="director")

    assert quota[QuotaStatus.SUBMITTED] > 200
    assert quota[QuotaStatus.MISSING] >= 5
    assert quota[QuotaStatus.EXEMPT] >= 3
    assert quota[QuotaStatus.PENDING_EXEMPTION] >= 2
    assert director.bureau.name == "기업유치지원실"
    pending = selectors.pending_exemptions(bureau=director.bureau, season=s2)
    assert pending.exists()
    assert services.exemption_decide(exemption=pending.first(), by=director, approve=True)
    assert {IdeaAction.EXEMPTION_FILED, IdeaAction.EXEMPTION_APPROVED} <= actions(
        Exemption, season=s2
    )


def test_the_demo_leaders_team_has_a_submitted_idea_and_a_draft_and_can_still_submit(loaded):
    leader = User.objects.get(username="leader")
    s2 = season("S2")
    ideas = {i.status: i for i in Idea.objects.filter(season=s2, team=leader.team)}
    quota = selectors.team_quota(season=s2).get(pk=leader.team_id)

    assert set(ideas) == {Idea.Status.SUBMITTED, Idea.Status.DRAFT}
    assert quota.quota_status == QuotaStatus.SUBMITTED  # not exempt, not missing
    assert not Exemption.objects.filter(season=s2, team=leader.team).exists()

    submitted = services.idea_submit(idea=ideas[Idea.Status.DRAFT], by=leader)

    last = s2.ideas.exclude(pk=submitted.pk).aggregate(last=Max("sequence"))["last"]
    assert submitted.reference_number == f"S2-{last + 1:04d}"
    assert submitted.submitted_at <= timezone.now()


def test_the_work_reduction_project_has_291_tasks_and_one_representative_at_most_per_division(
    loaded,
):
    w1 = season("W1")
    tasks = w1.ideas.all()
    divisions = tasks.values("division").distinct().count()

    assert w1.kind == Season.Kind.WORK_REDUCTION
    assert w1.status == Season.Status.BRIEFING
    assert w1.representative_per_division
    assert w1.exemptions_allowed
    assert tasks.count() == 291
    assert not tasks.filter(action="").exists()
    assert not tasks.filter(hours_saved_per_year=None).exists()
    assert {Idea.Action.ABOLISH, Idea.Action.REDUCE, Idea.Action.IMPROVE} == set(
        tasks.values_list("action", flat=True)
    )
    representatives = tasks.filter(is_representative=True)
    counted = representatives.values("division").annotate(n=Count("pk"))
    assert all(row["n"] == 1 for row in counted)
    assert len(counted) > divisions * 0.7  # picked in most divisions
    assert representatives.filter(title="지방건설 기술심의 대상 사업 축소").exists()


def test_a_division_of_the_directors_bureau_still_waits_for_its_representative(loaded):
    director = User.objects.get(username="director")
    tasks = Idea.objects.filter(season__code="W1", bureau=director.bureau)
    waiting = tasks.values("division").annotate(
        n=Count("pk"), picked=Count("pk", filter=Q(is_representative=True))
    )

    assert any(row["n"] >= 2 and row["picked"] == 0 for row in waiting)
    task = tasks.filter(division__name="기업유치과").first()
    assert services.idea_mark_representative(idea=task, by=director).is_representative


def test_a_season_2_near_duplicate_finds_its_season_1_original_first(loaded):
    again = Idea.objects.get(season__code="S2", title="스마트민원 안내챗봇 구축")

    found = search.similar_ideas(title=again.title, exclude_pk=again.pk)

    assert found[0].idea.title == "스마트 민원 안내 챗봇 도입"
    assert found[0].idea.reference_number.startswith("S1-")
    draft = Idea.objects.get(season__code="S2", title="기업 유치 관리 시스템 도입")
    found = search.similar_ideas(title=draft.title, exclude_pk=draft.pk)
    assert found[0].idea.title == "기업유치 관리시스템 구축"
    linked = Idea.objects.get(title=demo.LINKED_DUPLICATE)
    assert linked.duplicate_of.season.code == "S1"


def test_the_same_seed_gives_the_same_titles_and_reference_numbers(loaded):
    first = {code: numbered(code) for code in demo.SEASON_CODES}
    forget_reviews()
    Idea.objects.update(duplicate_of=None)
    Idea.objects.all().delete()
    Exemption.objects.all().delete()
    Season.objects.all().delete()
    HistoryEntry.objects.all().delete()

    demo.build(seed=7)

    assert {code: numbered(code) for code in demo.SEASON_CODES} == first


def test_running_load_demo_again_changes_nothing(loaded):
    before = (
        Idea.objects.count(),
        Exemption.objects.count(),
        HistoryEntry.objects.count(),
        numbered("S2"),
    )
    out = StringIO()

    call_command("load_demo", "--seed", "99", stdout=out)

    assert "시즌과 아이디어: 이미 있어 건너뜁니다." in out.getvalue()
    after = (
        Idea.objects.count(),
        Exemption.objects.count(),
        HistoryEntry.objects.count(),
        numbered("S2"),
    )
    assert after == before


def test_no_demo_title_says_a_word_twice(loaded):
    titles = list(Idea.objects.values_list("title", flat=True))
    assert titles
    assert [t for t in titles if undoubled(t) != t] == []


def test_a_benchmarking_summary_says_what_it_proposes_for_its_own_target(loaded):
    """Not the benchmarked practice's whole name: in a short summary it outweighed the
    target, and ideas on unrelated targets citing one practice were listed as duplicates."""
    practices = [i[3] for i in demo.INSTITUTIONS]
    targets = sorted({t for ts in demo.THEMES.values() for t in ts}, key=len, reverse=True)
    checked = 0
    for title, summary in Idea.objects.filter(
        season__kind=Season.Kind.BENCHMARKING, reference_number__isnull=False
    ).values_list("title", "summary"):
        target = next((t for t in targets if t in title), None)
        if target is None:
            continue  # an idea the articles name, with the article's own summary
        checked += 1
        assert not [p for p in practices if p in summary and p not in title], summary
        words = target.split()
        assert sum(word in summary for word in words) * 2 >= len(words), (title, summary)
    assert checked > 400
