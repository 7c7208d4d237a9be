import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import BusinessRuleError, EditConflict, PermissionRefused
from core.models import HistoryEntry
from departments.models import Team
from ideas import services
from ideas.models import Idea, Season
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory, complete_content

pytestmark = pytest.mark.django_db


def draft(season, by, **content):
    return services.idea_create_draft(season=season, by=by, **content)


def test_a_team_member_can_save_an_incomplete_draft(season, member):
    idea = draft(season, member, title="골목상권")
    assert idea.status == Idea.Status.DRAFT
    assert idea.team == member.team
    assert idea.reference_number is None


def test_the_draft_remembers_the_unit_names_after_a_reorganisation(season, leader):
    idea = draft(season, leader, **complete_content())
    services.idea_submit(idea=idea, by=leader)
    old_name = leader.team.name
    Team.objects.filter(pk=leader.team_id).update(name="새이름팀")
    idea.refresh_from_db()
    assert idea.team_name == old_name
    assert idea.bureau_name == leader.team.division.bureau.name
    assert idea.team.name == "새이름팀"


def test_the_team_leader_submits_and_the_idea_gets_a_reference_number(season, leader):
    first = draft(season, leader, **complete_content())
    second = draft(season, leader, **complete_content(title="1기업 1공무원 매뉴얼 제작"))
    services.idea_submit(idea=first, by=leader)
    services.idea_submit(idea=second, by=leader)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reference_number == f"{season.code}-0001"
    assert second.reference_number == f"{season.code}-0002"
    assert first.status == Idea.Status.SUBMITTED
    assert first.submitted_by == leader
    assert HistoryEntry.objects.for_object(first).filter(action="submitted").exists()


def test_a_team_member_who_is_not_the_leader_cannot_submit(season, member):
    idea = draft(season, member, **complete_content())
    with pytest.raises(BusinessRuleError, match="팀장만"):
        services.idea_submit(idea=idea, by=member)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DRAFT


def test_submission_lists_every_missing_field_and_changes_nothing(season, leader):
    idea = draft(season, leader, title="제목만 있음")
    with pytest.raises(BusinessRuleError) as caught:
        services.idea_submit(idea=idea, by=leader)
    assert {"summary", "problem", "proposal", "source_institution"} <= set(caught.value.errors)
    assert "요약을 입력하세요." in caught.value.errors["summary"]
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DRAFT
    assert idea.reference_number is None


def test_a_budget_idea_needs_an_estimate(season, leader):
    idea = draft(season, leader, **complete_content(implementation_path=Idea.Path.BUDGET))
    with pytest.raises(BusinessRuleError) as caught:
        services.idea_submit(idea=idea, by=leader)
    assert set(caught.value.errors) == {"budget_estimate_krw"}


def test_a_work_reduction_task_needs_its_action_and_hours(leader):
    season = SeasonFactory(kind=Season.Kind.WORK_REDUCTION)
    content = complete_content(Season.Kind.WORK_REDUCTION)
    del content["hours_saved_per_year"]
    idea = draft(season, leader, **content)
    with pytest.raises(BusinessRuleError) as caught:
        services.idea_submit(idea=idea, by=leader)
    assert set(caught.value.errors) == {"hours_saved_per_year"}


def test_it_refuses_a_submission_after_the_deadline_and_says_when_it_closed(season, leader):
    idea = draft(season, leader, **complete_content())
    Season.objects.filter(pk=season.pk).update(
        submission_closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    idea.refresh_from_db()
    with pytest.raises(BusinessRuleError, match="제출 마감"):
        services.idea_submit(idea=idea, by=leader)


def test_no_new_draft_after_the_deadline(leader):
    season = SeasonFactory(
        submission_opens_at=timezone.now() - dt.timedelta(days=9),
        submission_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    with pytest.raises(BusinessRuleError, match="접수 기간이 아닙니다"):
        draft(season, leader, title="늦은 아이디어")


def test_a_second_save_from_a_stale_version_is_refused(season, member, leader):
    idea = draft(season, member, title="처음")
    loaded_by_a = idea.version
    loaded_by_b = idea.version
    services.idea_update_draft(idea=idea, by=member, version=loaded_by_a, title="A가 고침")
    with pytest.raises(EditConflict, match=f"{member.full_name}님이 .* 먼저 저장했습니다"):
        services.idea_update_draft(idea=idea, by=leader, version=loaded_by_b, title="B가 고침")
    idea.refresh_from_db()
    assert idea.title == "A가 고침"


def test_a_member_of_another_team_cannot_edit_a_draft(season, member):
    idea = draft(season, member, title="우리 팀 초안")
    outsider = f.UserFactory()
    with pytest.raises(PermissionRefused):
        services.idea_update_draft(idea=idea, by=outsider, version=idea.version, title="남의 수정")


def test_a_team_member_who_is_neither_author_nor_co_author_cannot_edit(season, member, team):
    idea = draft(season, member, title="초안")
    colleague = f.UserFactory(team=team)
    with pytest.raises(PermissionRefused):
        services.idea_update_draft(idea=idea, by=colleague, version=idea.version, title="x")
    idea = services.idea_update_draft(
        idea=idea, by=member, version=idea.version, co_authors=[colleague]
    )
    services.idea_update_draft(idea=idea, by=colleague, version=idea.version, title="함께 고침")
    idea.refresh_from_db()
    assert idea.title == "함께 고침"


def test_co_authors_must_come_from_the_team(season, member):
    outsider = f.UserFactory()
    with pytest.raises(BusinessRuleError) as caught:
        draft(season, member, co_authors=[outsider])
    assert "co_authors" in caught.value.errors


def test_a_submitted_idea_is_read_only_for_the_team(season, leader):
    idea = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    with pytest.raises(PermissionRefused):
        services.idea_update_draft(idea=idea, by=leader, version=idea.version, title="제출 후 수정")


def test_the_planning_office_sends_back_with_a_reason_and_the_team_resubmits(
    season, leader, planner
):
    idea = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    number = idea.reference_number
    with pytest.raises(BusinessRuleError, match="사유"):
        services.idea_send_back(idea=idea, by=planner, reason=" ")
    services.idea_send_back(idea=idea, by=planner, reason="기대 효과를 수치로 적어 주세요.")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.RETURNED
    services.idea_update_draft(
        idea=idea, by=leader, version=idea.version, expected_effect="상담 기간 30% 단축"
    )
    idea = services.idea_submit(idea=idea, by=leader)
    assert idea.reference_number == number
    actions = list(HistoryEntry.objects.for_object(idea).values_list("action", flat=True))
    # The team's correction between the send-back and the resubmission is "edited".
    assert actions == ["created", "submitted", "sent_back", "edited", "resubmitted"]
    assert HistoryEntry.objects.for_object(idea).get(action="sent_back").actor == planner


def test_only_the_planning_office_sends_back(season, leader, director):
    idea = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    with pytest.raises(PermissionRefused):
        services.idea_send_back(idea=idea, by=director, reason="다시")


def test_the_leader_withdraws_before_the_deadline_but_not_after(season, leader):
    idea = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    services.idea_withdraw(idea=idea, by=leader)
    assert idea.status == Idea.Status.WITHDRAWN
    other = services.idea_submit(
        idea=draft(season, leader, **complete_content(title="둘째")), by=leader
    )
    Season.objects.filter(pk=season.pk).update(
        submission_closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    other.refresh_from_db()
    with pytest.raises(PermissionRefused):
        services.idea_withdraw(idea=other, by=leader)


class TestRepresentativeTasks:
    @pytest.fixture
    def wr_season(self):
        return SeasonFactory(kind=Season.Kind.WORK_REDUCTION, representative_per_division=True)

    def submitted(self, season, leader, title):
        idea = draft(season, leader, **complete_content(Season.Kind.WORK_REDUCTION, title=title))
        return services.idea_submit(idea=idea, by=leader)

    def test_the_bureau_director_marks_one_task_per_division(self, wr_season, leader, director):
        first = self.submitted(wr_season, leader, "전시실 운영 개선")
        second = self.submitted(wr_season, leader, "지방건설 기술심의 대상 축소")
        services.idea_mark_representative(idea=first, by=director)
        services.idea_mark_representative(idea=second, by=director)
        first.refresh_from_db()
        assert not first.is_representative
        assert second.is_representative
        assert Idea.objects.filter(season=wr_season, is_representative=True).count() == 1

    def test_the_database_allows_only_one_representative_per_division(self, wr_season, leader):
        first = self.submitted(wr_season, leader, "가")
        second = self.submitted(wr_season, leader, "나")
        Idea.objects.filter(pk=first.pk).update(is_representative=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Idea.objects.filter(pk=second.pk).update(is_representative=True)

    def test_a_director_of_another_bureau_cannot_mark(self, wr_season, leader):
        idea = self.submitted(wr_season, leader, "가")
        stranger = f.bureau_director(f.BureauFactory())
        with pytest.raises(PermissionRefused):
            services.idea_mark_representative(idea=idea, by=stranger)

    def test_no_representative_where_the_season_does_not_ask_for_one(
        self, season, leader, director
    ):
        idea = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
        with pytest.raises(PermissionRefused):
            services.idea_mark_representative(idea=idea, by=director)


def test_the_planning_office_links_a_duplicate_and_the_history_says_so(season, leader, planner):
    original = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    copy = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    services.idea_link_duplicate(idea=copy, original=original, by=planner)
    copy.refresh_from_db()
    assert copy.duplicate_of == original
    with pytest.raises(BusinessRuleError):
        services.idea_link_duplicate(idea=original, original=copy, by=planner)
    entry = HistoryEntry.objects.for_object(copy).get(action="linked_duplicate")
    assert entry.data == {"original": original.reference_number}


def test_a_reference_number_is_unique_in_its_season(season, leader):
    a = services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    b = IdeaFactory(season=season, created_by=leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=b.pk).update(
            reference_number=a.reference_number, status=Idea.Status.SUBMITTED
        )


def test_the_season_code_is_fixed_once_ideas_are_numbered(season, leader, planner):
    services.idea_submit(idea=draft(season, leader, **complete_content()), by=leader)
    with pytest.raises(BusinessRuleError) as caught:
        services.season_update(season=season, by=planner, code="X9")
    assert "code" in caught.value.errors
    season.refresh_from_db()
    assert season.code != "X9"
