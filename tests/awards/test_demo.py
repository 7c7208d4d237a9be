import pytest

from awards.models import AwardRound, Nomination, OutcomeMeasurement, PointEntry
from departments.models import Bureau
from visits.models import DerivedIdea, Visit

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_2021_january_february_round_as_the_article_tells_it(loaded):
    award_round = AwardRound.objects.get(title="2021년 1~2월 이달의 으뜸 도정상")
    assert award_round.status == AwardRound.Status.ANNOUNCED
    winners = set(
        Nomination.objects.filter(round=award_round).values_list("grade__name", "unit_name")
    )
    assert winners == {
        ("최우수", "투자금융과"),
        ("최우수", "일자리경제정책관"),
        ("우수", "법무행정과"),
        ("우수", "인재개발원"),
        ("우수", "수산기술연구소"),
        ("공로상", "자원봉사센터"),
    }
    assert Bureau.objects.count() == 19
    agency_staff = PointEntry.objects.personal().filter(unit_name="인재개발원")
    assert agency_staff.exists()
    assert AwardRound.objects.filter(status=AwardRound.Status.OPEN).exists()


def test_the_demo_has_a_singapore_visit_with_a_derived_idea_and_verified_hours(loaded):
    singapore = Visit.objects.get(location="싱가포르")
    assert singapore.status == Visit.Status.REPORTED
    assert singapore.members.count() == 4
    assert DerivedIdea.objects.filter(visit=singapore).exists()
    assert Visit.objects.filter(status=Visit.Status.PLANNED).exists()
    assert OutcomeMeasurement.objects.exclude(status="measured").count() >= 10
