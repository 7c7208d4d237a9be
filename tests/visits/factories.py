import datetime as dt

from ideas.models import Idea
from tests.departments.factories import UserFactory
from visits import services
from visits.models import VisitProgramme


def programme(year=2022):
    return VisitProgramme.objects.create(
        name=f"{year} 우수정책 벤치마킹",
        year=year,
        window_start=dt.date(year, 8, 1),
        window_end=dt.date(year, 8, 31),
        report_due_days=14,
    )


def plan(by, *, members=None, kind=Idea.SourceType.LOCAL_GOVERNMENT, prog=None, **kwargs):
    prog = prog or programme()
    members = members if members is not None else [by]
    fields = {
        "institution": "경상남도",
        "institution_kind": kind,
        "location": "창원",
        "policy_area": "기업유치",
        "purpose": "기업 전담 공무원 제도",
        "starts_on": dt.date(prog.year, 8, 10),
        "ends_on": dt.date(prog.year, 8, 11),
        "budget_krw": 400_000,
    } | kwargs
    return services.visit_plan(programme=prog, by=by, members=members, **fields)


def group_of(leader, n):
    return [leader] + [UserFactory(team=leader.team) for _ in range(n - 1)]
