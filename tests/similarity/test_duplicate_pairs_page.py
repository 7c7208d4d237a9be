import pytest
from django.urls import reverse

from ideas.models import Idea
from similarity.models import DismissedPair
from tests.roles import MANAGERS, ROLES
from tests.similarity.test_library_search import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(season, leader):
    earlier = submitted(
        season, leader, "기업유치 관리시스템 구축", "유치 기업 정보를 한 시스템에서 통합 관리"
    )
    again = submitted(
        season, leader, "기업 유치 관리 시스템 도입", "유치 기업 정보를 한 시스템에서 관리"
    )
    submitted(season, leader, "반려동물 등록 비대면 신청", "모바일로 신청")
    return earlier, again


def stored_pairs(idea, count: int) -> None:
    """``count`` more ideas of ``idea``'s season stored as its pairs, best first from 0.98."""
    from similarity.models import SuggestedPair
    from tests.ideas.factories import IdeaFactory

    season = idea.season
    others = [
        IdeaFactory(
            season=season, created_by=idea.created_by, title=f"비슷한 아이디어 {n}",
            status=Idea.Status.SUBMITTED, sequence=500 + n,
            reference_number=f"{season.code}-{500 + n:04d}",
        )
        for n in range(count)
    ]  # fmt: skip
    SuggestedPair.objects.bulk_create(
        SuggestedPair(idea=idea, other=other, score=round(0.98 - n / 1000, 3))
        for n, other in enumerate(others)
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_opens_the_duplicate_pairs_page(client, roles, role, season):
    client.force_login(roles[role])
    response = client.get(reverse("similarity:duplicate_pairs", args=[season.pk]))
    assert response.status_code == (200 if role in MANAGERS else 403)


def test_the_planning_office_dismisses_a_pair_and_it_does_not_come_back(
    client, planner, season, pair
):
    earlier, again = pair
    client.force_login(planner)
    url = reverse("similarity:duplicate_pairs", args=[season.pk])
    html = client.get(url).content.decode()
    assert earlier.title in html
    assert again.title in html
    assert "반려동물" not in html

    response = client.post(
        reverse("similarity:pair_dismiss", args=[season.pk]),
        {"idea": again.pk, "other": earlier.pk},
    )
    assert response.status_code == 302
    assert DismissedPair.objects.filter(first=earlier, second=again).exists()
    assert "중복 의심 아이디어가 없습니다." in client.get(url).content.decode()


def test_an_idea_dismissed_against_itself_or_a_missing_one_is_a_message_not_an_error(
    client, planner, season, pair
):
    earlier, _again = pair
    client.force_login(planner)
    url = reverse("similarity:pair_dismiss", args=[season.pk])
    for other in (earlier.pk, 999_999):
        response = client.post(url, {"idea": earlier.pk, "other": other}, follow=True)
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not DismissedPair.objects.exists()


@pytest.mark.parametrize("role", sorted(set(ROLES) - MANAGERS))
def test_only_the_planning_office_dismisses_a_pair(client, roles, role, season, pair):
    earlier, again = pair
    client.force_login(roles[role])
    response = client.post(
        reverse("similarity:pair_dismiss", args=[season.pk]),
        {"idea": again.pk, "other": earlier.pk},
    )
    assert response.status_code == 403
    assert not DismissedPair.objects.exists()


def test_a_pair_found_by_meaning_alone_says_so_and_shows_the_earlier_ideas_stage(
    client, planner, season, pair, monkeypatch
):
    from similarity import selectors

    earlier, again = pair
    found = selectors.LikelyPair(
        idea=again,
        other=earlier,
        score=0.81,
        shared_words=[],
        outcome=selectors.Outcome(label="채택", rollout_status_label="추진 중"),
    )
    # The one stored pair, shown as found by meaning alone for an adopted idea in rollout.
    monkeypatch.setattr(selectors, "likely_pairs_of", lambda keys, season: [found])
    client.force_login(planner)
    html = client.get(reverse("similarity:duplicate_pairs", args=[season.pk])).content.decode()
    assert "없음: 뜻이 비슷합니다" in html
    assert "채택 · 추진 중" in html


def test_many_pairs_come_a_page_at_a_time_and_a_dismissal_returns_to_its_page(
    client, planner, season, leader, pair
):
    from similarity import views

    earlier, again = pair
    stored_pairs(again, views.PER_PAGE + 2)
    client.force_login(planner)
    url = reverse("similarity:duplicate_pairs", args=[season.pk])
    first = client.get(url).content.decode()
    assert first.count('name="other"') == views.PER_PAGE
    assert f"중복 의심 쌍 {views.PER_PAGE + 3}건 · 1/2쪽" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('name="other"') == 3
    assert "0.93" in second  # the lowest scores come last

    response = client.post(
        reverse("similarity:pair_dismiss", args=[season.pk]),
        {"idea": again.pk, "other": earlier.pk, "page": "2"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=2"


@pytest.fixture
def no_kept_counts():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_a_long_list_shows_its_counted_size_and_counts_it_once_while_paging(
    client, planner, season, leader, pair, monkeypatch, no_kept_counts
):
    """Past EXACT_BELOW the size is counted, not the planner's estimate (which put 208,476
    pairs at 55,900), shown as "약 N건", and kept while the planner pages through."""
    from core import pagination
    from similarity import selectors

    _earlier, again = pair
    stored_pairs(again, 54)
    monkeypatch.setattr(pagination, "EXACT_BELOW", 20)
    monkeypatch.setattr(selectors, "EXACT_BELOW", 20)
    counted = []
    count_within = selectors.count_within
    monkeypatch.setattr(
        selectors, "count_within", lambda qs, s: counted.append(s) or count_within(qs, s)
    )
    client.force_login(planner)
    url = reverse("similarity:duplicate_pairs", args=[season.pk])
    assert "중복 의심 쌍 약 55건 · 1/2쪽" in client.get(url).content.decode()
    assert "중복 의심 쌍 약 55건 · 2/2쪽" in client.get(url, {"page": 2}).content.decode()
    assert counted == [selectors.PAIRS_COUNT_SECONDS]

    # A count given up at its time limit: the page still answers, with the planner's
    # estimate on PostgreSQL (an exact count elsewhere).
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(selectors, "count_within", lambda qs, s: None)
    response = client.get(url)
    assert response.status_code == 200
    assert "중복 의심 쌍 " in response.content.decode()
