import pytest

from ideas import selectors, services
from ideas.models import Exemption, Idea, QuotaStatus
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau_teams():
    bureau = f.BureauFactory(name="기업유치지원실")
    division = f.DivisionFactory(bureau=bureau)
    teams = [f.TeamFactory(division=division, name=f"{n}팀") for n in "가나다라"]
    return bureau, teams


def submit_for(season, team, n=1):
    leader = f.team_leader(team=team)
    for _ in range(n):
        IdeaFactory(
            season=season,
            created_by=leader,
            status=Idea.Status.SUBMITTED,
            reference_number=f"X{Idea.objects.count()}",
        )
    return leader


def test_each_team_gets_its_quota_status(bureau_teams):
    bureau, (done, exempt, pending, missing) = bureau_teams
    season = SeasonFactory(min_ideas_per_team=1)
    submit_for(season, done)
    services.exemption_decide(
        exemption=services.exemption_file(
            season=season, by=f.team_leader(team=exempt), reason=Exemption.Reason.NEW_UNIT
        ),
        by=f.bureau_director(bureau),
        approve=True,
    )
    services.exemption_file(
        season=season, by=f.team_leader(team=pending), reason=Exemption.Reason.STATUTORY_DUTIES
    )
    IdeaFactory(season=season, created_by=f.team_leader(team=missing))  # a draft only
    status = {t.name: t.quota_status for t in selectors.team_quota(season=season, bureau=bureau)}
    assert status == {
        "가팀": QuotaStatus.SUBMITTED,
        "나팀": QuotaStatus.EXEMPT,
        "다팀": QuotaStatus.PENDING_EXEMPTION,
        "라팀": QuotaStatus.MISSING,
    }
    counts = selectors.quota_counts_by_bureau(season=season)[bureau.pk]
    assert counts == {"submitted": 1, "exempt": 1, "pending_exemption": 1, "missing": 1}


def test_a_team_below_the_minimum_is_still_missing(bureau_teams):
    bureau, teams = bureau_teams
    season = SeasonFactory(min_ideas_per_team=2)
    submit_for(season, teams[0], n=1)
    submit_for(season, teams[1], n=2)
    status = {t.name: t.quota_status for t in selectors.team_quota(season=season, bureau=bureau)}
    assert status["가팀"] == QuotaStatus.MISSING
    assert status["나팀"] == QuotaStatus.SUBMITTED


def test_the_quota_list_is_one_query_however_many_teams(bureau_teams, django_assert_num_queries):
    bureau, teams = bureau_teams
    season = SeasonFactory()
    for team in teams:
        submit_for(season, team)
    # 1 query: teams with their division and bureau, counts and exemption as subqueries.
    with django_assert_num_queries(1):
        rows = list(selectors.team_quota(season=season))
        assert [r.division.bureau.name for r in rows if r.division.bureau_id == bureau.pk]
