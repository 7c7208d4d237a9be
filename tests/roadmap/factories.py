from decimal import Decimal

import factory

from roadmap.models import Goal, IndicatorValue, RoadmapVersion, Task


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapVersion

    number = factory.Sequence(lambda n: f"{n + 1}.0")
    title = "도정 혁신 로드맵"
    status = RoadmapVersion.Status.CURRENT


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    version = factory.SubFactory(VersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "도민과 함께하는 열린 도정혁신"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    goal = factory.SubFactory(GoalFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "원스톱 복지서비스"
    indicator_name = "원스톱 플랫폼 읍·면·동 수"
    indicator_unit = "곳"
    indicator_baseline = Decimal("0")


def with_values(task, *rows):
    for year, target, actual in rows:
        IndicatorValue.objects.create(task=task, year=year, target=target, actual=actual)
    return task
