"""The planning office creates, edits and moves seasons along their states."""

import datetime as dt
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ideas.models import Season
from tests.ideas.factories import SeasonFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def season_data(**overrides) -> dict:
    return {
        "name": "도정혁신 벤치마킹 시즌3",
        "code": "s3",
        "kind": Season.Kind.BENCHMARKING,
        "description": "팀별로 벤치마킹한 내용을 제출하세요.",
        "submission_opens_at": "2025-09-01T09:00",
        "submission_closes_at": "2025-09-30T18:00",
        "min_ideas_per_team": "1",
        "exemptions_allowed": "on",
    } | overrides


def test_the_planning_office_creates_a_season_with_its_window_in_seoul_time(client, planner):
    client.force_login(planner)
    response = client.post(reverse("ideas:season_create"), season_data())
    assert response.status_code == 302
    season = Season.objects.get()
    assert season.code == "S3"
    assert season.status == Season.Status.DRAFT
    assert season.submission_opens_at == dt.datetime(2025, 9, 1, 9, 0, tzinfo=SEOUL)
    assert season.submission_closes_at == dt.datetime(2025, 9, 30, 18, 0, tzinfo=SEOUL)
    assert season.exemptions_allowed is True
    assert season.representative_per_division is False
    assert season.created_by == planner


def test_a_window_that_closes_before_it_opens_is_refused_at_its_field(client, planner):
    client.force_login(planner)
    response = client.post(
        reverse("ideas:season_create"),
        season_data(submission_closes_at="2025-08-31T18:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["submission_closes_at"] == [
        "접수 마감은 접수 시작보다 뒤여야 합니다."
    ]
    assert "접수 마감은 접수 시작보다 뒤여야 합니다." in response.content.decode()
    assert not Season.objects.exists()


def test_a_code_another_season_uses_is_refused_at_its_field(client, planner):
    SeasonFactory(code="S3")
    client.force_login(planner)
    response = client.post(reverse("ideas:season_create"), season_data(code="s3"))
    assert response.context["form"].errors["code"] == [
        "이미 다른 시즌이 쓰는 접수번호 머리글입니다."
    ]
    assert Season.objects.count() == 1


def test_missing_and_malformed_fields_are_shown_in_korean_and_nothing_is_saved(client, planner):
    client.force_login(planner)
    response = client.post(
        reverse("ideas:season_create"),
        season_data(name="", code="S-3", submission_opens_at="다음 주"),
    )
    errors = response.context["form"].errors
    assert errors["name"] == ["시즌 이름을 입력하세요."]
    assert errors["code"] == ["접수번호 머리글은 영문과 숫자로만 적으세요."]
    assert errors["submission_opens_at"] == ["접수 시작 일시를 2025-09-01 09:00처럼 입력하세요."]
    assert "입력한 내용을 확인하세요" in response.content.decode()
    assert not Season.objects.exists()


def test_the_edit_form_shows_the_window_in_seoul_time_and_saves_changes(client, planner):
    season = SeasonFactory(
        code="S2",
        submission_opens_at=dt.datetime(2023, 9, 1, 0, 0, tzinfo=dt.UTC),
        submission_closes_at=dt.datetime(2023, 9, 27, 9, 0, tzinfo=dt.UTC),
    )
    client.force_login(planner)
    url = reverse("ideas:season_edit", args=[season.pk])
    html = client.get(url).content.decode()
    assert 'type="datetime-local"' in html
    assert 'value="2023-09-01T09:00"' in html  # midnight UTC is nine o'clock in Seoul
    response = client.post(
        url,
        season_data(
            name="시즌2 (연장)",
            code="S2",
            submission_opens_at="2023-09-01T09:00",
            submission_closes_at="2023-10-05T18:00",
            representative_per_division="on",
        ),
    )
    assert response.status_code == 302
    season.refresh_from_db()
    assert season.name == "시즌2 (연장)"
    assert season.submission_closes_at == dt.datetime(2023, 10, 5, 18, 0, tzinfo=SEOUL)
    assert season.representative_per_division is True


def test_editing_a_season_may_keep_its_own_code(client, planner):
    season = SeasonFactory(code="S2")
    client.force_login(planner)
    response = client.post(reverse("ideas:season_edit", args=[season.pk]), season_data(code="S2"))
    assert response.status_code == 302


def test_everyone_sees_open_seasons_but_only_the_planning_office_sees_drafts(
    client, member, planner
):
    SeasonFactory(name="열린 시즌")
    SeasonFactory(name="준비 중인 시즌", status=Season.Status.DRAFT)
    client.force_login(member)
    html = client.get(reverse("ideas:season_list")).content.decode()
    assert "열린 시즌" in html
    assert "준비 중인 시즌" not in html
    assert "새 시즌" not in html
    client.force_login(planner)
    html = client.get(reverse("ideas:season_list")).content.decode()
    assert "준비 중인 시즌" in html
    assert "새 시즌" in html


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (Season.Status.DRAFT, ["접수 시작"]),
        (Season.Status.OPEN, ["보고회 단계로", "준비로 되돌리기"]),
        (Season.Status.BRIEFING, ["심사 단계로", "접수 중으로 되돌리기"]),
        (Season.Status.REVIEW, ["시즌 종료", "보고회로 되돌리기"]),
        (Season.Status.CLOSED, ["심사로 되돌리기"]),
    ],
)
def test_the_season_list_offers_only_the_transitions_the_service_allows(
    client, planner, status, buttons
):
    season = SeasonFactory(status=status)
    client.force_login(planner)
    response = client.get(reverse("ideas:season_list"))
    (listed,) = response.context["seasons"]
    assert [str(a["label"]) for a in listed.actions] == buttons
    assert listed.pk == season.pk


def test_a_transition_asks_for_confirmation_before_it_happens(client, planner):
    season = SeasonFactory(status=Season.Status.DRAFT)
    client.force_login(planner)
    url = reverse("ideas:season_transition", args=[season.pk])
    html = unescape(client.get(url, {"to": Season.Status.OPEN}).content.decode())
    assert "'준비'에서 '접수 중' 상태로 바꿉니다" in html
    assert 'method="post"' in html
    season.refresh_from_db()
    assert season.status == Season.Status.DRAFT
    response = client.post(url, {"to": Season.Status.OPEN}, follow=True)
    season.refresh_from_db()
    assert season.status == Season.Status.OPEN
    assert "'접수 중' 상태가 되었습니다" in unescape(response.content.decode())


def test_a_transition_the_service_refuses_is_not_made(client, planner):
    season = SeasonFactory(status=Season.Status.DRAFT)
    client.force_login(planner)
    url = reverse("ideas:season_transition", args=[season.pk])
    confirm = client.get(url, {"to": Season.Status.CLOSED}, follow=True)
    assert "할 수 없는 변경입니다" in confirm.content.decode()
    response = client.post(url, {"to": Season.Status.CLOSED}, follow=True)
    assert "준비 상태에서 종료 상태로 바꿀 수 없습니다." in response.content.decode()
    season.refresh_from_db()
    assert season.status == Season.Status.DRAFT


def test_a_transition_goes_back_to_a_safe_next_page_only(client, planner):
    season = SeasonFactory(status=Season.Status.OPEN)
    client.force_login(planner)
    url = reverse("ideas:season_transition", args=[season.pk])
    overview = reverse("ideas:season_overview", args=[season.pk])
    response = client.post(url, {"to": Season.Status.BRIEFING, "next": overview})
    assert response["Location"] == overview
    response = client.post(url, {"to": Season.Status.REVIEW, "next": "https://evil.example/"})
    assert response["Location"] == reverse("ideas:season_list")
