"""The ideas endpoints: drafting, editing with versions, submitting, the planning office's
and directors' actions, Korean search, similar ideas and pinned query counts."""

import itertools

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import HistoryEntry
from ideas import services
from ideas.models import Idea
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, complete_content

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def submitted(season, author, title, summary="", **fields):
    number = next(_numbers)
    return IdeaFactory(
        season=season,
        created_by=author,
        title=title,
        summary=summary,
        status=Idea.Status.SUBMITTED,
        sequence=number,
        reference_number=f"{season.code}-{number:04d}",
        **fields,
    )


# Drafting and editing --------------------------------------------------------------


def test_a_member_starts_a_draft_for_their_own_team(season, member):
    response = as_user(member).post(
        reverse("idea-list"),
        {"season": season.pk, "title": "골목상권 활성화", "source_type": "local_government"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["status_label"] == "작성 중"
    assert body["team"] == member.team_id
    assert body["team_name"] == member.team.name
    assert body["reference_number"] is None
    assert body["version"] == 1
    assert body["created_by"] == {"id": member.pk, "full_name": member.full_name}
    # Unchosen choices are blank (documented as such), the detail counts its attachments.
    assert (body["implementation_path"], body["action"]) == ("", "")
    assert body["attachment_count"] == 0


def test_the_team_cannot_be_chosen_by_the_caller(season, member):
    other_team = f.TeamFactory()
    response = as_user(member).post(
        reverse("idea-list"), {"season": season.pk, "team": other_team.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["team"] == member.team_id


def test_a_stale_version_is_refused_with_409_and_the_stored_text_is_kept(season, member, leader):
    mine = as_user(member)
    idea = mine.post(
        reverse("idea-list"), {"season": season.pk, "title": "처음 제목"}, format="json"
    ).json()
    url = reverse("idea-detail", args=[idea["id"]])

    first = as_user(leader).patch(url, {"version": 1, "title": "팀장이 고친 제목"}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2

    stale = mine.patch(url, {"version": 1, "title": "내가 고친 제목"}, format="json")
    assert stale.status_code == 409
    assert f"{leader.full_name}님이" in stale.json()["detail"]
    assert "이 아이디어를 먼저 저장했습니다" in stale.json()["detail"]
    stored = Idea.objects.get(pk=idea["id"])
    assert stored.title == "팀장이 고친 제목"
    assert stored.version == 2


def test_an_update_without_a_version_is_refused_at_the_version_field(season, member):
    idea = services.idea_create_draft(season=season, by=member, title="제목")
    response = as_user(member).patch(
        reverse("idea-detail", args=[idea.pk]), {"title": "새 제목"}, format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()
    idea.refresh_from_db()
    assert idea.title == "제목"


def test_co_authors_must_be_in_the_same_team(season, member, leader):
    idea = services.idea_create_draft(season=season, by=member, title="제목")
    outsider = f.UserFactory()
    url = reverse("idea-detail", args=[idea.pk])
    client = as_user(member)
    refused = client.patch(url, {"version": 1, "co_authors": [outsider.pk]}, format="json")
    assert refused.status_code == 400
    assert outsider.full_name in refused.json()["co_authors"][0]
    accepted = client.patch(url, {"version": 1, "co_authors": [leader.pk]}, format="json")
    assert accepted.status_code == 200
    assert accepted.json()["co_authors"] == [{"id": leader.pk, "full_name": leader.full_name}]


def test_a_field_too_long_or_a_wrong_choice_is_a_400_at_that_field(season, member):
    response = as_user(member).post(
        reverse("idea-list"),
        {"season": season.pk, "title": "가" * 201, "implementation_path": "someday"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "implementation_path"}


# Submitting ------------------------------------------------------------------------


def test_submission_errors_come_back_per_field_in_korean(season, leader):
    idea = services.idea_create_draft(season=season, by=leader, title="제목만 있음")
    response = as_user(leader).post(reverse("idea-submit", args=[idea.pk]))
    assert response.status_code == 400
    body = response.json()
    assert body["summary"] == ["요약을 입력하세요."]
    assert body["source_institution"] == ["벤치마킹한 기관을 입력하세요."]
    assert "title" not in body
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DRAFT


def test_the_leader_submits_and_the_idea_gets_its_reference_number(season, leader):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    response = as_user(leader).post(reverse("idea-submit", args=[idea.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted"
    assert body["reference_number"] == f"{season.code}-0001"
    assert body["submitted_by"]["id"] == leader.pk
    assert body["allowed_actions"]["withdraw"] is True


def test_the_history_lists_each_change_in_order(season, leader, planner):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    services.idea_submit(idea=idea, by=leader)
    response = as_user(planner).post(
        reverse("idea-send-back", args=[idea.pk]), {"reason": "근거 자료 보완"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    history = as_user(leader).get(reverse("idea-history", args=[idea.pk])).json()
    assert [h["action"] for h in history] == ["created", "submitted", "sent_back"]
    assert history[-1]["reason"] == "근거 자료 보완"
    assert history[-1]["actor"]["id"] == planner.pk


def test_a_send_back_needs_a_reason(season, leader, planner):
    idea = submitted(season, leader, "제목")
    response = as_user(planner).post(
        reverse("idea-send-back", args=[idea.pk]), {"reason": "  "}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["보완 요청 사유를 입력하세요."]}


def test_the_leader_withdraws_before_the_deadline(season, leader):
    idea = submitted(season, leader, "제목")
    response = as_user(leader).post(
        reverse("idea-withdraw", args=[idea.pk]), {"reason": "중복"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_the_director_picks_one_representative_task_per_division(leader, director):
    from tests.ideas.factories import SeasonFactory

    season = SeasonFactory(representative_per_division=True)
    first = submitted(season, leader, "첫째")
    second = submitted(season, leader, "둘째")
    client = as_user(director)
    assert client.post(reverse("idea-representative", args=[first.pk])).status_code == 200
    assert client.post(reverse("idea-representative", args=[second.pk])).status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_representative, second.is_representative) == (False, True)


# Duplicates ------------------------------------------------------------------------


def test_a_duplicate_is_linked_by_reference_number_or_id_and_unlinked(season, leader, planner):
    original = submitted(season, leader, "원본")
    copy = submitted(season, leader, "사본")
    client = as_user(planner)
    url = reverse("idea-duplicate-of", args=[copy.pk])

    by_reference = client.post(url, {"original": original.reference_number}, format="json")
    assert by_reference.status_code == 200
    assert by_reference.json()["duplicate_of"] == {
        "id": original.pk,
        "reference_number": original.reference_number,
        "title": "원본",
    }
    assert client.post(url, {"original": str(original.pk)}, format="json").status_code == 200
    cleared = client.post(url, {"original": None, "reason": "중복 아님"}, format="json")
    assert cleared.json()["duplicate_of"] is None


@pytest.mark.parametrize("which", ["itself", "unknown", "a draft of another team"])
def test_a_bad_original_is_refused_at_the_original_field(season, leader, planner, which):
    copy = submitted(season, leader, "사본")
    original = {
        "itself": copy.reference_number,
        "unknown": "ZZ-9999",
        "a draft of another team": str(IdeaFactory(season=season).pk),
    }[which]
    response = as_user(planner).post(
        reverse("idea-duplicate-of", args=[copy.pk]), {"original": original}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["original"]
    copy.refresh_from_db()
    assert copy.duplicate_of is None


# Search, filters and similar ideas -------------------------------------------------


@pytest.fixture
def library(season, leader):
    ideas = {
        "corp": submitted(season, leader, "기업유치 관리시스템 구축", "유치 기업 통합 관리"),
        "alley": submitted(season, leader, "골목상권 활성화 지원사업", "소상공인 혁신 지원"),
        "welfare": submitted(season, leader, "찾아가는 복지 상담소", "복지사각지대 발굴"),
    }
    IdeaFactory(season=season, title="혁신 초안: 다른 팀의 것")
    return ideas


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("혁신", {"골목상권 활성화 지원사업"}),
        ("관리시스", {"기업유치 관리시스템 구축"}),
        ("복지 상담", {"찾아가는 복지 상담소"}),
        ("우주", set()),
    ],
)
def test_korean_search_finds_any_part_of_a_word(library, member, q, expected):
    assert titles(as_user(member).get(reverse("idea-list"), {"q": q})) == expected


def test_the_callers_own_drafts_are_searched_too(library, season, member):
    services.idea_create_draft(season=season, by=member, title="우리 팀 혁신 초안")
    found = titles(as_user(member).get(reverse("idea-list"), {"q": "혁신"}))
    assert found == {"골목상권 활성화 지원사업", "우리 팀 혁신 초안"}


def test_a_search_counts_at_most_ten_thousand_matches_and_reads_only_the_pages_rows(
    season, leader, member, django_assert_num_queries
):
    for n in range(5):
        submitted(season, leader, f"혁신 과제 {n}", "현장 혁신")
    submitted(season, leader, "다른 과제", "관계없음")
    client = as_user(member)
    url = reverse("idea-list")
    # 1 the token with its user, 2-6 the count, part by part: the title and the summary
    # tiers each as the team's drafts and the library, then the rest (ideas.search; it
    # stops after 10,000 matches; beyond, the planner's estimate stands in; on PostgreSQL
    # each part's estimate is asked first), 7 the page's ids (of the title tier's library
    # part; the empty drafts part is skipped by its size), 8 only those rows in full
    # (core.pagination.LargeListPaginator).
    with django_assert_num_queries(13 if connection.vendor == "postgresql" else 8):
        first = client.get(url, {"q": "혁신", "page_size": 2}).json()
    assert (first["count"], first["count_is_estimate"]) == (5, False)
    assert len(first["results"]) == 2
    assert first["next"] is not None
    last = client.get(url, {"q": "혁신", "page_size": 2, "page": 3}).json()
    assert (len(last["results"]), last["next"]) == (1, None)
    assert client.get(url, {"q": "혁신", "page_size": 2, "page": 4}).status_code == 404
    assert client.get(url, {"q": "혁신", "page": "x"}).status_code == 404
    empty = client.get(url, {"q": "우주선"}).json()
    assert (empty["count"], empty["results"]) == (0, [])


def test_filters_and_ordering_are_those_of_the_pages(library, season, member):
    client = as_user(member)
    rows = client.get(reverse("idea-list"), {"ordering": "title", "season": season.pk}).json()
    assert [r["title"] for r in rows["results"]] == sorted(
        ["기업유치 관리시스템 구축", "골목상권 활성화 지원사업", "찾아가는 복지 상담소"]
    )
    assert client.get(reverse("idea-list"), {"status": "bogus"}).status_code == 400


def test_similar_ideas_come_with_season_team_state_and_score(library, member):
    response = as_user(member).get(
        reverse("idea-similar"), {"title": "기업 유치 관리 시스템", "summary": "기업 관리"}
    )
    assert response.status_code == 200
    best = response.json()[0]
    corp = library["corp"]
    assert best["id"] == corp.pk
    assert best["reference_number"] == corp.reference_number
    assert best["season_name"] == corp.season.name
    assert best["team_name"] == corp.team_name
    assert best["status"] == "submitted"
    assert 0 < best["score"] <= 1


def test_similar_ideas_leave_out_the_idea_being_edited(library, member):
    corp = library["corp"]
    response = as_user(member).get(
        reverse("idea-similar"), {"title": corp.title, "exclude": corp.pk}
    )
    assert corp.pk not in [row["id"] for row in response.json()]


def test_similar_ideas_need_a_title(member):
    response = as_user(member).get(reverse("idea-similar"))
    assert response.status_code == 400
    assert "title" in response.json()


# Query counts ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 30])
def test_the_idea_list_query_count_does_not_grow_with_rows(
    season, member, django_assert_max_num_queries, n
):
    authors = [f.team_leader() for _ in range(3)]
    for i in range(n):
        idea = submitted(season, authors[i % 3], f"아이디어 {i}", "혁신 요약")
        idea.co_authors.add(member)
    for _ in range(3):
        services.idea_create_draft(season=season, by=member, title="우리 팀 초안")
    client = as_user(member)
    # 1. the token and its user (one join)
    # 2-6. the count, part by part: the title and summary tiers each as the team's drafts
    #      and the library, then the rest (on PostgreSQL each part's estimate first)
    # 7. the page's ids, from the one part that holds rows (the count sized the others)
    # 8. the page: ideas with season joined, attachment counts grouped
    with django_assert_max_num_queries(13 if connection.vendor == "postgresql" else 8):
        body = client.get(reverse("idea-list"), {"page_size": 200, "q": "혁신"}).json()
    assert body["count"] == n
    # The token and its user, the count (on PostgreSQL its estimate first), the page.
    with django_assert_max_num_queries(4 if connection.vendor == "postgresql" else 3):
        body = client.get(reverse("idea-list"), {"page_size": 200}).json()
    assert body["count"] == n + 3


def test_reading_one_idea_costs_a_fixed_number_of_queries(
    season, leader, member, django_assert_max_num_queries, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    idea = services.idea_create_draft(season=season, by=leader, co_authors=[member], title="x")
    for i in range(5):
        services.attachment_add(
            idea=idea, by=leader, uploaded=SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.7 x")
        )
    client = as_user(leader)
    # 1. token and user; 2. the idea with season, authors and duplicate joined;
    # 3. attachments with their uploaders; 4. co-authors; 5. the caller's groups (the
    # rules behind allowed_actions ask for the planning-office role once).
    with django_assert_max_num_queries(5):
        body = client.get(reverse("idea-detail", args=[idea.pk])).json()
    assert len(body["attachments"]) == 5
    assert HistoryEntry.objects.for_object(idea).count() == 6
