import pytest

from participation.models import Comment, Endorsement
from roadmap.models import Goal, RoadmapVersion, Task

pytestmark = pytest.mark.django_db


def test_the_demo_roadmap_has_the_articles_three_goals_and_named_tasks(loaded):
    version = RoadmapVersion.objects.get(status=RoadmapVersion.Status.CURRENT)
    assert list(Goal.objects.filter(version=version).values_list("title", flat=True)) == [
        "사회적 가치 기반의 인사·업무 혁신",
        "도민과 함께하는 열린 도정혁신",
        "지속 가능한 자율 혁신체계 구축",
    ]
    titles = " ".join(Task.objects.values_list("title", flat=True))
    for named in (
        "조인트벤처",
        "게시판 행정",
        "원스톱 복지",
        "실사구시 간부회의",
        "사전 컨설팅 감사",
        "적극행정 면책",
        "혁신담당관",
    ):
        assert named in titles
    assert Task.objects.filter(idea_links__isnull=False).exists()
    # and the rollout plans of those ideas carry the same tasks
    assert Task.objects.filter(plan_links__plan__idea__roadmap_links__isnull=False).exists()
    assert version.surveys.get().responses.count() == 40


def test_the_demo_has_talk_on_season_2s_library(loaded):
    assert Endorsement.objects.filter(content_type__model="idea").count() > 100
    assert Comment.objects.filter(content_type__model="idea").count() > 20
    assert Comment.objects.filter(status=Comment.Status.HIDDEN).count() == 1
    assert Comment.objects.filter(parent__isnull=False).count() == 1
