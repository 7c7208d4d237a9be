"""The season's likely duplicate pairs are stored as ideas are submitted and edited, and the
planning office's list reads them: its cost does not grow with the season."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from ideas.models import Idea
from similarity import selectors, services
from similarity.models import IdeaTerms, SuggestedPair
from tests.ideas.factories import IdeaFactory, SeasonFactory
from tests.roles import MANAGERS, ROLES
from tests.similarity.test_library_search import all_pairs, submitted

pytestmark = pytest.mark.django_db

CORP = (
    "기업유치 관리시스템 구축",
    "투자 상담부터 협약, 입주까지 유치 기업 정보를 한 시스템에서 통합 관리",
)
AGAIN = ("기업 유치 관리 시스템 도입", "유치 기업의 상담과 협약 정보를 한 시스템에서 통합 관리")
PETS = ("반려동물 등록 비대면 신청", "반려동물 등록을 모바일로 신청")


def listed(client, season) -> list[set[int]]:
    body = client.get(reverse("duplicate-pair-list"), {"season": season.pk}).json()
    return [{p["idea"]["id"], p["other"]["id"]} for p in body["results"]]


def test_the_task_run_after_a_submission_stores_the_ideas_likely_duplicates(
    django_capture_on_commit_callbacks, season, leader
):
    from similarity.tasks import idea_terms_refresh_task

    earlier = submitted(season, leader, *CORP)
    submitted(season, leader, *PETS)
    again = IdeaFactory(
        season=season, created_by=leader, title=AGAIN[0], summary=AGAIN[1],
        status=Idea.Status.SUBMITTED, sequence=900, reference_number=f"{season.code}-0900",
    )  # fmt: skip
    assert not SuggestedPair.objects.filter(idea=again).exists()

    with django_capture_on_commit_callbacks(execute=True):
        idea_terms_refresh_task.delay(again.pk)

    stored = SuggestedPair.objects.get(idea=again)
    assert stored.other == earlier
    assert 0.75 <= stored.score <= 1
    assert {"기업", "유치", "관리", "시스템"} <= set(stored.shared_words.split())
    assert not selectors.pairs_pending(season).exists()


def test_the_list_reads_stored_pairs_in_the_same_queries_however_many_ideas_the_season_has(
    client, django_assert_num_queries, planner, season, leader
):
    earlier = submitted(season, leader, *CORP)
    submitted(season, leader, *AGAIN)
    client.force_login(planner)
    url = reverse("similarity:duplicate_pairs", args=[season.pk])
    # session, user, groups, season; the pairs' count (on PostgreSQL under its own time
    # limit: the timeout read and set, a savepoint, the count, its release, the timeout
    # set back), the page's rows, their ideas, decisions (rollout plans only for adopted
    # ideas); the pending count; the unread notices of the header.
    queries = 15 if connection.vendor == "postgresql" else 10
    with django_assert_num_queries(queries):
        first = client.get(url)
    assert earlier.title in first.content.decode()

    for n in range(20):  # more ideas, and more pairs, in the season
        submitted(season, leader, f"{CORP[0]} {n}차", CORP[1])
    with django_assert_num_queries(queries):
        again = client.get(url)
    assert again.context["page"].paginator.count > 20


def test_editing_an_earlier_idea_compares_again_the_ideas_whose_pairs_name_it(
    django_capture_on_commit_callbacks, season, leader
):
    earlier = submitted(season, leader, *CORP)
    again = submitted(season, leader, *AGAIN)
    later_season = SeasonFactory()
    later = submitted(later_season, leader, *CORP)
    assert SuggestedPair.objects.filter(idea__in=[again, later], other=earlier).count() == 2

    earlier.title, earlier.summary = "해양 쓰레기 수거 어선 지원", "어선이 건진 쓰레기 수매"
    earlier.save()
    with django_capture_on_commit_callbacks() as queued:
        services.idea_similarity_refresh(ideas=[earlier], with_vectors=False)
    # Marked, and each season's task queued: not compared in the edit's own task.
    assert set(selectors.pairs_pending(season)) == {again}
    assert set(selectors.pairs_pending(later_season)) == {later}
    assert len(queued) == 2
    for callback in queued:
        callback()

    assert not SuggestedPair.objects.filter(other=earlier).exists()
    listed = all_pairs(season)
    assert earlier not in {p.idea for p in listed} | {p.other for p in listed}
    assert not selectors.pairs_pending(season).exists()


def test_a_pair_found_from_both_sides_is_listed_once_at_its_best_score(season, leader):
    earlier = submitted(season, leader, *CORP)
    again = submitted(season, leader, *AGAIN)
    services.suggested_pairs_refresh(ideas=[earlier])  # now earlier's search finds again too
    scores = dict(
        SuggestedPair.objects.filter(idea__in=[earlier, again]).values_list("idea_id", "score")
    )
    assert set(scores) == {earlier.pk, again.pk}

    pairs = all_pairs(season)
    assert len(pairs) == 1
    assert {pairs[0].idea, pairs[0].other} == {earlier, again}
    assert pairs[0].score == round(max(scores.values()), 3)


def test_a_later_seasons_duplicate_is_listed_on_the_earlier_seasons_page_too(season, leader):
    earlier = submitted(season, leader, *CORP)
    later_season = SeasonFactory()
    again = submitted(later_season, leader, *AGAIN)

    [on_earlier] = all_pairs(season)
    [on_later] = all_pairs(later_season)
    # Each page puts its own season's idea first.
    assert (on_earlier.idea, on_earlier.other) == (earlier, again)
    assert (on_later.idea, on_later.other) == (again, earlier)


def test_linked_duplicates_and_ideas_no_longer_in_the_library_are_not_listed(season, leader):
    earlier = submitted(season, leader, *CORP)
    again = submitted(season, leader, *AGAIN)
    assert len(all_pairs(season)) == 1

    Idea.objects.filter(pk=again.pk).update(duplicate_of=earlier)
    assert all_pairs(season) == []

    Idea.objects.filter(pk=again.pk).update(duplicate_of=None, status=Idea.Status.DRAFT)
    assert all_pairs(season) == []


def test_ideas_not_yet_compared_are_counted_and_the_planning_office_compares_them(
    client, django_capture_on_commit_callbacks, planner, season, leader
):
    earlier = submitted(season, leader, *CORP)
    again = IdeaFactory(
        season=season, created_by=leader, title=AGAIN[0], summary=AGAIN[1],
        status=Idea.Status.SUBMITTED, sequence=900, reference_number=f"{season.code}-0900",
    )  # made outside the services (an import, say): no terms, never compared  # fmt: skip
    client.force_login(planner)
    url = reverse("similarity:duplicate_pairs", args=[season.pk])
    page = client.get(url).content.decode()
    assert "이 시즌 아이디어 1건은 아직 다른 아이디어와 비교하지 않았습니다" in page
    assert "중복 의심 아이디어가 없습니다." in page

    with django_capture_on_commit_callbacks(execute=True):  # the task, after the commit
        response = client.post(reverse("similarity:pairs_check", args=[season.pk]))
    assert response["Location"] == url
    response = client.get(url)
    assert [str(m) for m in response.context["messages"]] == [
        "아이디어 1건의 비교를 시작했습니다. 끝나는 대로 이 목록에 나옵니다."
    ]
    page = response.content.decode()
    assert "아직 다른 아이디어와 비교하지 않았습니다" not in page
    assert earlier.title in page
    assert again.title in page
    assert IdeaTerms.objects.filter(idea=again).exists()

    # Nothing left to compare: said so, not an error.
    response = client.post(reverse("similarity:pairs_check", args=[season.pk]), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "이 시즌의 아이디어는 모두 비교했습니다."
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_starts_a_comparison(client, roles, role, season, leader):
    IdeaFactory(
        season=season, created_by=leader, title=CORP[0], status=Idea.Status.SUBMITTED,
        sequence=901, reference_number=f"{season.code}-0901",
    )  # fmt: skip
    client.force_login(roles[role])
    response = client.post(reverse("similarity:pairs_check", args=[season.pk]))
    assert response.status_code == (302 if role in MANAGERS else 403)


def test_pairs_stored_under_another_scoring_are_compared_again(monkeypatch, season, leader):
    submitted(season, leader, *CORP)
    submitted(season, leader, *AGAIN)
    assert not selectors.pairs_pending(season).exists()
    monkeypatch.setattr(selectors, "PAIRS_VERSION", "refitted")
    assert selectors.pairs_pending(season).count() == 2

    call_command("similarity_pairs", "--season", str(season.pk), stdout=io.StringIO())
    assert not selectors.pairs_pending(season).exists()
    assert set(IdeaTerms.objects.values_list("pairs_version", flat=True)) == {"refitted"}


def test_the_command_compares_what_is_pending_and_says_how_much(capsys, season, leader):
    earlier = submitted(season, leader, *CORP)
    IdeaTerms.objects.update(pairs_checked_at=None)
    again = submitted(season, leader, *AGAIN)
    SuggestedPair.objects.all().delete()

    call_command("similarity_pairs")
    out = capsys.readouterr().out
    assert "아이디어 1건 비교, 중복 의심 쌍 1건 저장" in out  # earlier only: again was compared
    assert SuggestedPair.objects.filter(idea=earlier, other=again).exists()
    with pytest.raises(CommandError, match="시즌 999999이\\(가\\) 없습니다"):
        call_command("similarity_pairs", "--season", "999999")


def test_the_api_lists_pairs_a_page_at_a_time(client, planner, season, leader):
    earlier = submitted(season, leader, *CORP)
    for n in range(3):
        submitted(season, leader, f"{CORP[0]} {n}차", CORP[1])
    client.force_login(planner)
    body = client.get(reverse("duplicate-pair-list"), {"season": season.pk, "page_size": 2}).json()
    assert body["count"] >= 3
    assert len(body["results"]) == 2
    assert body["next"]
    scores = [p["score"] for p in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert earlier.pk in {p["other"]["id"] for p in body["results"]} | {
        p["idea"]["id"] for p in body["results"]
    }


def test_the_api_says_how_many_ideas_wait_and_starts_their_comparison(
    client, django_capture_on_commit_callbacks, roles, planner, season, leader
):
    earlier = submitted(season, leader, *CORP)
    again = IdeaFactory(
        season=season, created_by=leader, title=AGAIN[0], summary=AGAIN[1],
        status=Idea.Status.SUBMITTED, sequence=900, reference_number=f"{season.code}-0900",
    )  # fmt: skip
    for role in ROLES:
        client.force_login(roles[role])
        refused = client.post(reverse("duplicate-pair-compare"), {"season": season.pk})
        assert refused.status_code == (202 if role in MANAGERS else 403)
    client.force_login(planner)
    body = client.get(reverse("duplicate-pair-list"), {"season": season.pk}).json()
    assert (body["pending"], body["results"]) == (1, [])

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("duplicate-pair-compare"), {"season": season.pk})
    assert (started.status_code, started.json()) == (202, {"waiting": 1})
    body = client.get(reverse("duplicate-pair-list"), {"season": season.pk}).json()
    assert body["pending"] == 0
    assert [{p["idea"]["id"], p["other"]["id"]} for p in body["results"]] == [
        {earlier.pk, again.pk}
    ]

    nothing = client.post(reverse("duplicate-pair-compare"), {"season": season.pk})
    assert nothing.status_code == 400
    assert "모두 비교했습니다" in str(nothing.json())


def test_the_nightly_sweep_compares_every_seasons_waiting_ideas(season, leader):
    from django_celery_beat.models import PeriodicTask

    from similarity.tasks import pending_pairs_refresh_task

    schedule = PeriodicTask.objects.get(task="similarity.tasks.pending_pairs_refresh_task")
    assert (schedule.crontab.hour, schedule.crontab.minute) == ("2", "30")
    assert schedule.enabled

    earlier = submitted(season, leader, *CORP)
    later_season = SeasonFactory()
    again = submitted(later_season, leader, *AGAIN)
    SuggestedPair.objects.all().delete()
    IdeaTerms.objects.update(pairs_checked_at=None)  # an import, say, or a lost task
    assert pending_pairs_refresh_task() == 2  # both seasons, each by its task (eager here)
    assert not selectors.pairs_pending().exists()
    assert SuggestedPair.objects.filter(idea=again, other=earlier).exists()
    assert pending_pairs_refresh_task() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an advisory lock of PostgreSQL")
def test_a_seasons_comparison_runs_once_at_a_time(season, leader):
    """The nightly sweep and the planning office's button may each start a chain of runs:
    a run that finds another comparing the season leaves the work to it, instead of
    comparing the same batch twice."""
    import psycopg

    from similarity.tasks import season_pairs_refresh_task

    submitted(season, leader, *CORP)
    submitted(season, leader, *AGAIN)
    IdeaTerms.objects.update(pairs_checked_at=None)
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
        port=settings["PORT"] or 5432, autocommit=True,
    ) as other:  # fmt: skip
        other.execute(
            "SELECT pg_advisory_lock(hashtext('similarity.season_pairs'), %s)", [season.pk]
        )
        assert season_pairs_refresh_task(season.pk) == 0
        assert selectors.pairs_pending(season).count() == 2
        other.execute(
            "SELECT pg_advisory_unlock(hashtext('similarity.season_pairs'), %s)", [season.pk]
        )
    assert season_pairs_refresh_task(season.pk) == 2
    assert not selectors.pairs_pending(season).exists()


def test_a_stored_pair_shows_a_shared_verb_as_it_is_read(season, leader):
    earlier = submitted(
        season, leader, "민원 구비서류 줄이기", "민원인이 내는 구비서류를 줄이고 처리 기간을 단축"
    )
    again = submitted(season, leader, "민원 구비서류 간소화", "민원 구비서류를 줄여 처리 기간 단축")
    services.suggested_pairs_refresh(ideas=[again])
    stored = SuggestedPair.objects.get(idea=again)
    assert stored.other == earlier
    assert "줄이다" in stored.shared_words.split()
    assert "줄이" not in stored.shared_words.split()
