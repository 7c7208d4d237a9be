"""The team's pages of idea intake: drafting, autosave, submitting, conflicts, deadlines."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas import services
from ideas.models import Exemption, Idea, Season
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory, complete_content

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def form_data(idea=None, **fields):
    """What the browser posts: every content field of a benchmarking idea, and the version."""
    data = {
        "title": "",
        "summary": "",
        "problem": "",
        "proposal": "",
        "expected_effect": "",
        "source_type": "",
        "source_institution": "",
        "source_location": "",
        "visited_on": "",
        "lessons_learned": "",
        "implementation_path": "",
        "budget_estimate_krw": "",
    }
    if idea is not None:
        data |= {name: getattr(idea, name) or "" for name in data if name not in ("visited_on",)}
        data["version"] = idea.version
    return data | fields


def field_group(html: str, name: str) -> str:
    """The markup of one field's form-group (label, input, hints and errors)."""
    match = re.search(
        rf'<div class="form-group idea-field[^"]*" id="group-{name}">(.*?)\n</div>', html, re.S
    )
    assert match, f"no field {name}"
    return match.group(1)


@pytest.fixture
def draft(season, member):
    return services.idea_create_draft(season=season, by=member, title="공유 사무실 운영 개선")


# Drafting and autosave -----------------------------------------------------------------


def test_a_member_drafts_an_idea_and_it_is_saved_automatically_while_typing(client, season, member):
    client.force_login(member)
    page = client.get(reverse("ideas:idea_create"))
    assert page.status_code == 200
    assert 'hx-trigger="input delay:2s"' in page.content.decode()

    created = client.post(
        reverse("ideas:idea_create") + f"?season={season.pk}",
        form_data(title="민원 서식 간소화"),
    )
    idea = Idea.objects.get(title="민원 서식 간소화")
    assert created.url == reverse("ideas:idea_edit", args=[idea.pk])

    saved = client.post(
        reverse("ideas:idea_autosave", args=[idea.pk]),
        form_data(idea, summary="서식 12종을 4종으로 줄입니다."),
        **HTMX,
    )
    body = saved.content.decode()
    assert saved.status_code == 200
    assert "자동 저장됨" in body
    idea.refresh_from_db()
    assert idea.summary == "서식 12종을 4종으로 줄입니다."
    # The next autosave must start from the new version, swapped into the form.
    assert f'name="version" value="{idea.version}" id="id_version" hx-swap-oob="true"' in body


def test_autosave_on_the_new_idea_page_makes_one_draft_however_often_it_saves(
    client, season, member
):
    client.force_login(member)
    page = client.get(reverse("ideas:idea_create") + f"?season={season.pk}")
    key = re.search(r'name="draft_key" value="(\w+)"', page.content.decode()).group(1)
    url = reverse("ideas:idea_create") + f"?season={season.pk}"

    client.post(url, form_data(title="민원", draft_key=key), **HTMX)
    idea = Idea.objects.get()
    client.post(url, form_data(idea, title="민원 서식 간소화", draft_key=key), **HTMX)
    # Without JavaScript, "임시 저장" on the same page also saves into that draft.
    idea.refresh_from_db()
    response = client.post(url, form_data(idea, title="민원 서식 간소화 방안", draft_key=key))

    assert Idea.objects.count() == 1
    assert Idea.objects.get().title == "민원 서식 간소화 방안"
    assert response.url == reverse("ideas:idea_edit", args=[idea.pk])


def test_an_incomplete_draft_is_saved_with_the_plain_save_button(client, season, member):
    client.force_login(member)
    response = client.post(
        reverse("ideas:idea_create") + f"?season={season.pk}",
        form_data(title="제목만 적은 초안", save="1"),
        follow=True,
    )
    idea = Idea.objects.get()
    assert idea.status == Idea.Status.DRAFT
    assert idea.title == "제목만 적은 초안"
    assert idea.summary == ""
    assert "임시 저장했습니다" in response.content.decode()


def test_the_form_of_a_work_reduction_season_asks_for_action_and_hours(client, member):
    season = SeasonFactory(kind=Season.Kind.WORK_REDUCTION)
    client.force_login(member)
    html = client.get(reverse("ideas:idea_create") + f"?season={season.pk}").content.decode()
    assert 'name="action"' in html
    for label in ("폐지", "축소", "개선"):
        assert label in html
    assert 'name="hours_saved_per_year"' in html
    assert 'name="source_institution"' not in html


def test_the_benchmarking_form_asks_where_the_idea_was_learned(client, season, member):
    client.force_login(member)
    html = client.get(reverse("ideas:idea_create") + f"?season={season.pk}").content.decode()
    for name in ("source_type", "source_institution", "source_location", "visited_on"):
        assert f'name="{name}"' in html
    assert 'name="lessons_learned"' in html
    assert 'name="action"' not in html


def test_the_budget_is_typed_with_separators_and_shown_with_them(client, season, leader):
    client.force_login(leader)
    client.post(
        reverse("ideas:idea_create") + f"?season={season.pk}",
        form_data(
            **complete_content(implementation_path="budget"), budget_estimate_krw="1,200,000"
        ),
    )
    idea = Idea.objects.get()
    assert idea.budget_estimate_krw == 1_200_000
    edit = client.get(reverse("ideas:idea_edit", args=[idea.pk])).content.decode()
    assert 'value="1,200,000"' in edit
    assert "1,200,000원" in client.get(idea.get_absolute_url()).content.decode()


def test_co_authors_are_offered_from_the_team_only(client, season, member, leader):
    outsider = f.UserFactory(full_name="다른팀사람")
    f.UserFactory(team=member.team, full_name="퇴직한사람", is_active=False)
    client.force_login(member)
    html = client.get(reverse("ideas:idea_create") + f"?season={season.pk}").content.decode()
    assert leader.full_name in html
    assert outsider.full_name not in html
    assert "퇴직한사람" not in html

    client.post(
        reverse("ideas:idea_create") + f"?season={season.pk}",
        form_data(title="함께 쓴 아이디어", co_authors=[leader.pk]),
    )
    assert list(Idea.objects.get().co_authors.all()) == [leader]


# Submitting ---------------------------------------------------------------------------


def test_the_team_leader_submits_from_the_form_and_gets_a_reference_number(client, season, leader):
    idea = services.idea_create_draft(season=season, by=leader, title="초안")
    client.force_login(leader)
    response = client.post(
        reverse("ideas:idea_edit", args=[idea.pk]),
        form_data(idea, **complete_content(), submit="1"),
        follow=True,
    )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.reference_number == f"{season.code}-0001"
    html = response.content.decode()
    assert f"접수번호는 {idea.reference_number}입니다" in html
    assert response.redirect_chain[-1][0] == idea.get_absolute_url()


def test_the_team_leader_submits_from_the_idea_page(client, season, leader):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    client.force_login(leader)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert reverse("ideas:idea_submit", args=[idea.pk]) in page
    client.post(reverse("ideas:idea_submit", args=[idea.pk]))
    idea.refresh_from_db()
    assert idea.reference_number == f"{season.code}-0001"


def test_a_members_submit_button_is_disabled_and_says_why(client, season, member):
    idea = services.idea_create_draft(season=season, by=member, **complete_content())
    client.force_login(member)
    html = client.get(reverse("ideas:idea_edit", args=[idea.pk])).content.decode()
    assert 'name="submit"' not in html
    assert "disabled" in html
    assert "제출은 팀장만 할 수 있습니다" in html


def test_a_members_submit_is_refused_with_the_reason(client, season, member):
    idea = services.idea_create_draft(season=season, by=member, **complete_content())
    client.force_login(member)
    response = client.post(reverse("ideas:idea_submit", args=[idea.pk]))
    assert "제출은 팀장만 할 수 있습니다" in response.content.decode()
    # Forcing the form's submit button changes nothing either.
    response = client.post(
        reverse("ideas:idea_edit", args=[idea.pk]), form_data(idea, title="바꾼 제목", submit="1")
    )
    assert "제출은 팀장만 할 수 있습니다" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DRAFT
    assert idea.title == "기업유치 관리시스템 구축"  # the failed submit saved nothing


def test_missing_fields_are_shown_at_their_fields_and_the_draft_is_left_as_it_was(
    client, season, leader
):
    idea = services.idea_create_draft(season=season, by=leader, title="제목만 있음")
    client.force_login(leader)
    response = client.post(
        reverse("ideas:idea_edit", args=[idea.pk]),
        form_data(idea, title="제목만 있음", summary="새로 쓴 요약", submit="1"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    for name, message in [
        ("problem", "현황 및 문제점을 입력하세요."),
        ("proposal", "개선 방안을 입력하세요."),
        ("expected_effect", "기대 효과를 입력하세요."),
        ("implementation_path", "추진 방식(즉시 시행, 예산 반영, 조례·법령 개정)을 고르세요."),
        ("source_type", "벤치마킹 기관 유형을 고르세요."),
        ("source_institution", "벤치마킹한 기관을 입력하세요."),
        ("lessons_learned", "벤치마킹에서 배운 점을 입력하세요."),
    ]:
        assert message in field_group(html, name), name
    assert "새로 쓴 요약" in html  # what was typed is still on screen
    idea.refresh_from_db()
    assert (idea.status, idea.summary, idea.version) == (Idea.Status.DRAFT, "", 1)


def test_the_submit_page_lists_what_a_draft_still_lacks(client, season, leader):
    idea = services.idea_create_draft(season=season, by=leader, title="제목만 있음")
    client.force_login(leader)
    html = client.get(reverse("ideas:idea_submit", args=[idea.pk])).content.decode()
    assert "제출하려면 아래 항목을 채워야 합니다" in html
    assert "개선 방안을 입력하세요." in html


class TestAfterTheDeadline:
    @pytest.fixture
    def closed_season(self):
        now = timezone.now()
        return SeasonFactory(
            submission_opens_at=now - dt.timedelta(days=10),
            submission_closes_at=now - dt.timedelta(hours=1),
        )

    def test_the_new_idea_page_says_submission_closed_with_the_deadline(
        self, client, closed_season, leader
    ):
        client.force_login(leader)
        response = client.get(reverse("ideas:idea_create") + f"?season={closed_season.pk}")
        html = response.content.decode()
        closes = timezone.localtime(closed_season.submission_closes_at).strftime("%Y-%m-%d %H:%M")
        assert "제출이 마감되었습니다" in html
        assert closes in html
        assert 'id="idea-form"' not in html

    def test_submitting_a_draft_is_refused_with_a_clear_message(
        self, client, closed_season, leader
    ):
        idea = IdeaFactory(season=closed_season, created_by=leader, **complete_content())
        client.force_login(leader)
        closes = timezone.localtime(closed_season.submission_closes_at).strftime("%Y-%m-%d %H:%M")

        page = client.get(reverse("ideas:idea_submit", args=[idea.pk])).content.decode()
        assert f"제출 마감({closes})이 지나 제출할 수 없습니다." in page
        assert 'type="submit"' not in page.split('id="container"')[1]

        refused = client.post(reverse("ideas:idea_submit", args=[idea.pk])).content.decode()
        assert f"제출 마감({closes})이 지나 제출할 수 없습니다." in refused
        idea.refresh_from_db()
        assert idea.status == Idea.Status.DRAFT

    def test_the_edit_and_detail_pages_say_it_closed_instead_of_offering_a_form(
        self, client, closed_season, leader
    ):
        idea = IdeaFactory(season=closed_season, created_by=leader)
        client.force_login(leader)
        edit = client.get(reverse("ideas:idea_edit", args=[idea.pk])).content.decode()
        assert "제출이 마감되었습니다" in edit
        assert 'id="idea-form"' not in edit
        detail = client.get(idea.get_absolute_url()).content.decode()
        assert "제출이 마감되었습니다" in detail
        assert reverse("ideas:idea_edit", args=[idea.pk]) not in detail


# Two people, one draft -----------------------------------------------------------------


def test_a_second_save_from_a_stale_version_is_refused_and_keeps_the_typed_text(
    client, season, member, leader
):
    idea = services.idea_create_draft(season=season, by=member, title="처음 제목")
    stale = form_data(idea)
    services.idea_update_draft(idea=idea, by=leader, version=idea.version, title="팀장이 고친 제목")

    client.force_login(member)
    response = client.post(
        reverse("ideas:idea_edit", args=[idea.pk]),
        stale | {"title": "팀원이 고친 제목", "summary": "팀원이 쓴 요약"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{leader.full_name}님이" in html
    assert "이 아이디어를 먼저 저장했습니다" in html
    assert 'value="팀원이 고친 제목"' in html
    assert "팀원이 쓴 요약" in html
    idea.refresh_from_db()
    assert idea.title == "팀장이 고친 제목"


def test_autosave_from_a_stale_version_shows_the_conflict_and_overwrites_nothing(
    client, season, member, leader
):
    idea = services.idea_create_draft(season=season, by=member, title="처음 제목")
    stale = form_data(idea)
    services.idea_update_draft(idea=idea, by=leader, version=idea.version, title="팀장이 고친 제목")

    client.force_login(member)
    response = client.post(
        reverse("ideas:idea_autosave", args=[idea.pk]), stale | {"title": "팀원 제목"}, **HTMX
    )
    html = response.content.decode()
    assert 'role="alert"' in html
    assert f"{leader.full_name}님이" in html
    assert "두 내용 비교하기" in html
    assert "hx-swap-oob" not in html  # the form keeps its version and the typed text
    idea.refresh_from_db()
    assert idea.title == "팀장이 고친 제목"


# Withdrawing ----------------------------------------------------------------------------


def test_the_leader_withdraws_after_confirming(client, season, leader):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    services.idea_submit(idea=idea, by=leader)
    client.force_login(leader)
    confirm = client.get(reverse("ideas:idea_withdraw", args=[idea.pk]))
    assert "철회하기" in confirm.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED  # asking is not doing

    client.post(reverse("ideas:idea_withdraw", args=[idea.pk]), {"reason": "중복 제출"})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN


def test_a_member_cannot_withdraw(client, season, leader, member):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    services.idea_submit(idea=idea, by=leader)
    client.force_login(member)
    assert client.post(reverse("ideas:idea_withdraw", args=[idea.pk])).status_code == 403


# The idea page -----------------------------------------------------------------------------


def test_the_idea_page_shows_the_content_names_history_and_co_authors(client, season, leader):
    co_author = f.UserFactory(team=leader.team, full_name="박공동")
    idea = services.idea_create_draft(
        season=season, by=leader, co_authors=[co_author], **complete_content()
    )
    services.idea_submit(idea=idea, by=leader)
    idea.refresh_from_db()
    reader = f.UserFactory()  # any member of staff reads a submitted idea
    client.force_login(reader)
    html = client.get(idea.get_absolute_url()).content.decode()
    for text in (
        idea.reference_number,
        idea.team_name,
        idea.bureau_name,
        "박공동",
        "통합 관리시스템을 구축합니다.",
        "작성 시작",
        "제출",
        f"접수번호: {idea.reference_number}",
    ):
        assert text in html
    assert reverse("ideas:idea_edit", args=[idea.pk]) not in html


def test_oversight_actions_appear_only_for_those_allowed(client, season, leader, planner):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    services.idea_submit(idea=idea, by=leader)
    client.force_login(leader)
    assert "검토 처리" not in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(planner)
    assert client.get(idea.get_absolute_url()).status_code == 200


# Exemptions ----------------------------------------------------------------------------


def test_the_team_leader_files_an_exemption(client, season, leader):
    client.force_login(leader)
    url = reverse("ideas:exemption_create") + f"?season={season.pk}"
    assert "법정 사무 추진" in client.get(url).content.decode()
    response = client.post(url, {"reason": "new_unit"}, follow=True)
    exemption = Exemption.objects.get()
    assert (exemption.team, exemption.reason) == (leader.team, Exemption.Reason.NEW_UNIT)
    assert "제출 예외를 신청했습니다" in response.content.decode()
    assert "예외 승인 대기" in response.content.decode()  # the quota card on my team's page


def test_an_other_reason_needs_its_text_at_the_field(client, season, leader):
    client.force_login(leader)
    url = reverse("ideas:exemption_create") + f"?season={season.pk}"
    html = client.post(url, {"reason": "other", "reason_text": " "}).content.decode()
    assert "기타 사유를 고른 경우 설명을 입력하세요." in field_group(html, "reason_text")
    assert not Exemption.objects.exists()


def test_a_member_is_told_only_the_leader_files_an_exemption(client, season, member):
    client.force_login(member)
    url = reverse("ideas:exemption_create") + f"?season={season.pk}"
    assert "팀장만 신청할 수 있습니다" in client.get(url).content.decode()
    client.post(url, {"reason": "new_unit"})
    assert not Exemption.objects.exists()


# My team's ideas -------------------------------------------------------------------------


def test_my_teams_page_lists_the_drafts_and_submissions_of_every_season_and_no_other_team(
    client, season, leader, member
):
    earlier = SeasonFactory(status=Season.Status.CLOSED, name="지난 시즌")
    IdeaFactory(season=earlier, created_by=member, title="지난 시즌 초안")
    mine = services.idea_create_draft(season=season, by=leader, **complete_content())
    services.idea_submit(idea=mine, by=leader)
    IdeaFactory(season=season, title="다른 팀 초안")
    client.force_login(member)
    html = client.get(reverse("ideas:team_ideas")).content.decode()
    assert "지난 시즌 초안" in html
    assert "기업유치 관리시스템 구축" in html
    assert "다른 팀 초안" not in html
    assert "제출 완료" in html  # the quota of the open season
    assert "1건 / 최소 1건" in html


def test_my_teams_page_filters_by_state(client, season, leader):
    draft = services.idea_create_draft(season=season, by=leader, title="아직 초안")
    done = services.idea_create_draft(season=season, by=leader, **complete_content())
    services.idea_submit(idea=done, by=leader)
    client.force_login(leader)
    html = client.get(reverse("ideas:team_ideas"), {"status": "draft"}).content.decode()
    assert draft.title in html
    assert done.title not in html


def test_someone_outside_any_team_is_told_the_page_is_for_teams(client, director):
    client.force_login(director)
    response = client.get(reverse("ideas:team_ideas"))
    assert response.status_code == 403
    assert "팀에 소속된 직원만" in response.content.decode()


def test_a_returned_idea_is_corrected_and_submitted_again(client, season, leader, planner):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    idea = services.idea_submit(idea=idea, by=leader)
    services.idea_send_back(idea=idea, by=planner, reason="기대 효과를 수치로 적어 주세요.")
    idea.refresh_from_db()
    client.force_login(leader)
    detail = client.get(idea.get_absolute_url()).content.decode()
    assert "기대 효과를 수치로 적어 주세요." in detail
    assert "보완 제출" in detail

    client.post(
        reverse("ideas:idea_edit", args=[idea.pk]),
        form_data(idea, **complete_content(expected_effect="상담 기간 30일 → 10일"), submit="1"),
    )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.expected_effect == "상담 기간 30일 → 10일"
    assert idea.reference_number == f"{season.code}-0001"  # the same number as before
