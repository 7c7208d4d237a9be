"""List pages, list endpoints and exports read a fixed number of queries, however many
rows there are (pinned on data big enough to show an N+1)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from openpyxl import load_workbook

from awards import services
from tests.awards.factories import adopted_task, grade, open_round
from tests.departments import factories as f
from tests.visits.factories import plan, programme
from visits import services as visit_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_rounds(planner):
    """Eight announced rounds of three winning divisions with five people each."""
    top = grade()
    divisions = [f.DivisionFactory() for _ in range(6)]
    for division in divisions:
        for _ in range(5):
            f.UserFactory(team=f.TeamFactory(division=division))
    for month in range(1, 9):
        award_round = open_round(
            planner,
            title=f"2024년 {month}월",
            period_start=dt.date(2024, month, 1),
            period_end=dt.date(2024, month, 20),
        )
        nominations = [
            services.nomination_create(
                award_round=award_round, by=planner, division=division, citation="성과"
            )
            for division in divisions[month % 3 : month % 3 + 3]
        ]
        for n in nominations:  # screening closes the nominations
            services.nomination_score(nomination=n, by=planner, scores={}, grade=top)
        services.round_announce(
            award_round=award_round,
            by=planner,
            award_date=dt.date(2024, month, 25),
            notify_staff=False,
        )
    return divisions


def test_the_round_list_reads_a_fixed_number_of_queries(
    many_rounds, member, client, django_assert_max_num_queries
):
    client.force_login(member)
    # session, user, groups (menu), rounds with their nomination count, winners with grades,
    # unread notifications (header)
    with django_assert_max_num_queries(8):
        response = client.get("/awards/")
    assert response.content.decode().count("최우수") >= 24


def test_my_points_reads_a_fixed_number_of_queries(
    many_rounds, client, django_assert_max_num_queries
):
    person = many_rounds[0].people.first()
    client.force_login(person)
    # session, user, groups, yearly totals, entries, unread notifications
    with django_assert_max_num_queries(7):
        response = client.get("/awards/my-points/")
    assert "2024" in response.content.decode()


def test_the_hr_ledger_workbook_reads_two_queries_for_the_rows(
    many_rounds, planner, client, django_assert_max_num_queries
):
    client.force_login(planner)
    # session, user, groups (the permission), per-person totals, every entry
    with django_assert_max_num_queries(6):
        response = client.get("/awards/ledger.xlsx?year=2024")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    totals = book.worksheets[0]
    assert totals.max_row >= 3 + 25  # a title, a blank and the header, then people


def test_the_point_entries_endpoint_reads_a_fixed_number_of_queries(
    many_rounds, planner, client, django_assert_max_num_queries
):
    client.force_login(planner)
    # session, user, groups, count, page of entries (correction flag as a subquery)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/point-entries/?page_size=200")
    assert response.json()["count"] > 100


def test_the_outcomes_page_reads_a_fixed_number_of_queries(
    director, client, django_assert_max_num_queries
):
    for _ in range(8):
        leader = f.team_leader()
        services.outcome_measure(
            idea=adopted_task(leader=leader), by=leader, year=2024, half=1, measured_hours=10
        )
    client.force_login(director)
    # session, user, groups, measurements with ideas, by bureau, government, notifications
    with django_assert_max_num_queries(9):
        response = client.get("/awards/outcomes/")
    assert response.status_code == 200


def test_the_visit_list_and_year_report_read_a_fixed_number_of_queries(
    member, client, django_assert_max_num_queries
):
    prog = programme(2022)
    for _ in range(6):
        leader = f.team_leader()
        group = [leader] + [f.UserFactory(team=leader.team) for _ in range(3)]
        visit = plan(leader, prog=prog, members=group)
        head = f.division_head(leader.team.division)
        visit_services.visit_decide(visit=visit, by=head, approve=True)
        visit_services.visit_report(visit=visit, by=leader, seen="a", fit="b", proposals="c")
    client.force_login(member)
    # session, user, groups, visits, members with people, notifications
    with django_assert_max_num_queries(7):
        client.get("/visits/")
    # … and the report: visits with programme, members, derived ideas with decisions
    with django_assert_max_num_queries(9):
        client.get("/visits/report/?year=2022")
    with django_assert_max_num_queries(9):
        client.get("/api/v1/visits/")


def test_yearly_totals_count_a_correction_instead_of_the_entry_it_corrects(
    many_rounds, planner, django_assert_num_queries
):
    from awards import selectors
    from awards.models import PointEntry

    person = many_rounds[0].people.first()
    entry = PointEntry.objects.personal().filter(person=person).first()
    services.point_entry_correct(entry=entry, by=planner, points="0.05", reason="정정")
    expected = list(
        PointEntry.objects.current()
        .personal()
        .filter(person=person)
        .values("year")
        .annotate(points=Sum("points"), wins=Count("pk"))
        .order_by("-year")
    )
    # one query: the totals, compiled once and run with the person's id
    with django_assert_num_queries(1):
        totals = selectors.yearly_totals_of(person_id=person.pk)
    assert totals == expected
    assert totals[0]["year"] == 2024
    assert isinstance(totals[0]["points"], Decimal)
    assert selectors.yearly_totals_of(person_id=planner.pk) == []


def test_the_visit_page_reads_a_fixed_number_of_queries(
    planner, settings, tmp_path, client, django_assert_max_num_queries
):
    """A reported visit with files, derived ideas and nominations in several rounds, seen
    by its bureau director (who also gets the nominate and link forms)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.ideas.factories import SeasonFactory

    settings.MEDIA_ROOT = tmp_path
    leader = f.team_leader()
    head = f.division_head(leader.team.division)
    director = f.bureau_director(leader.team.division.bureau)
    visit = plan(leader, members=[leader] + [f.UserFactory(team=leader.team) for _ in range(3)])
    visit_services.visit_decide(visit=visit, by=head, approve=True)
    for i in range(4):
        visit_services.visit_attachment_add(
            visit=visit, by=leader, uploaded=SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.7\n%%EOF\n")
        )
    visit_services.visit_report(visit=visit, by=leader, seen="a", fit="b", proposals="c")
    SeasonFactory()
    for _ in range(4):
        visit_services.visit_derive_idea(visit=visit, by=leader)
    for month in (1, 2, 3):
        award_round = open_round(planner, title=f"2024년 {month}월")
        services.nomination_create(
            award_round=award_round,
            by=planner,
            division=f.DivisionFactory(bureau=visit.bureau),
            citation="성과",
            visit=visit,
        )
    client.force_login(director)
    # session, user, the visit with its programme and bureau, members with people, files,
    # derived ideas, their current decisions, nominations with rounds and grades, groups
    # (menu), open rounds, unread notifications (header), the link form's nominations
    with django_assert_max_num_queries(12):
        response = client.get(visit.get_absolute_url())
    page = response.content.decode()
    assert page.count("2024년") >= 3
    assert page.count(".pdf") == 4
