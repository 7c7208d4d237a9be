import datetime as dt

import factory
from django.utils import timezone

from ideas.models import Idea, Season
from tests.departments.factories import UserFactory


class SeasonFactory(factory.django.DjangoModelFactory):
    """An open benchmarking season whose window runs from yesterday to next week."""

    class Meta:
        model = Season

    name = factory.Sequence(lambda n: f"도정혁신 벤치마킹 시즌{n}")
    code = factory.Sequence(lambda n: f"T{n}")
    kind = Season.Kind.BENCHMARKING
    status = Season.Status.OPEN
    submission_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    submission_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    exemptions_allowed = True


def complete_content(kind=Season.Kind.BENCHMARKING, **overrides) -> dict:
    content = {
        "title": "기업유치 관리시스템 구축",
        "summary": "유치 기업 정보를 한곳에서 관리합니다.",
        "problem": "기업 정보가 부서마다 흩어져 있습니다.",
        "proposal": "통합 관리시스템을 구축합니다.",
        "expected_effect": "유치 상담 기간 단축",
        "implementation_path": Idea.Path.IMMEDIATE,
    }
    if kind == Season.Kind.BENCHMARKING:
        content |= {
            "source_type": Idea.SourceType.LOCAL_GOVERNMENT,
            "source_institution": "경상남도",
            "source_location": "창원",
            "lessons_learned": "기업 전담 공무원 제도",
        }
    else:
        content |= {"action": Idea.Action.REDUCE, "hours_saved_per_year": 120}
    return content | overrides


class IdeaFactory(factory.django.DjangoModelFactory):
    """A draft of the author's team; pass ``created_by`` to choose the team."""

    class Meta:
        model = Idea

    season = factory.SubFactory(SeasonFactory)
    created_by = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda i: i.created_by.team)
    division = factory.LazyAttribute(lambda i: i.team.division)
    bureau = factory.LazyAttribute(lambda i: i.team.division.bureau)
    team_name = factory.LazyAttribute(lambda i: i.team.name)
    division_name = factory.LazyAttribute(lambda i: i.division.name)
    bureau_name = factory.LazyAttribute(lambda i: i.bureau.name)
    title = factory.Sequence(lambda n: f"아이디어 {n}")
