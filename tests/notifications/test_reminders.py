"""Who is reminded of what, on which day: deadlines, briefings, reviews, the rollout hook.

Every run goes through the Celery task (``send_reminders``) with the day it runs on, as
beat runs it each working morning."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from briefings import services as briefing_services
from ideas.models import Exemption, Idea, Season
from notifications import reminders
from notifications.models import Notification, ReminderDispatch
from notifications.reminders import Reminder
from notifications.tasks import send_reminders
from tests.briefings.factories import BriefingSessionFactory, with_agenda
from tests.departments.factories import TeamFactory, UserFactory, bureau_director, team_leader
from tests.ideas.factories import IdeaFactory, SeasonFactory
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db
K = Notification.Kind
SEOUL = ZoneInfo("Asia/Seoul")


def run(kind, day: dt.date) -> int:
    return send_reminders.delay(kind, day.isoformat()).get()


def reminded(kind) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for username in Notification.objects.filter(kind=kind).values_list(
        "recipient__username", flat=True
    ):
        counts[username] += 1
    return dict(counts)


# Submission deadline -------------------------------------------------------------------


@pytest.fixture
def deadline_season():
    def make(closes: dt.date) -> Season:
        return SeasonFactory(
            submission_opens_at=dt.datetime(2025, 8, 1, 9, tzinfo=SEOUL),
            submission_closes_at=dt.datetime.combine(closes, dt.time(18), tzinfo=SEOUL),
        )

    return make


@pytest.fixture
def teams_by_quota():
    """Leaders of teams that submitted, are exempt, wait for an exemption, or are missing."""

    def make(season) -> dict[str, object]:
        leaders = {}
        for name in ("submitted", "exempt", "pending", "missing", "draft_only"):
            leaders[name] = team_leader(team=TeamFactory(), username=f"leader_{name}")
        rf.submitted_idea(season, leader=leaders["submitted"])
        IdeaFactory(season=season, created_by=leaders["draft_only"], status=Idea.Status.DRAFT)
        for name, status in (("exempt", "approved"), ("pending", "pending")):
            leader = leaders[name]
            Exemption.objects.create(
                season=season,
                team=leader.team,
                team_name=leader.team.name,
                bureau=leader.team.division.bureau,
                reason=Exemption.Reason.NEW_UNIT,
                status=status,
                filed_by=leader,
                decided_at=season.submission_opens_at if status == "approved" else None,
            )
        UserFactory(team=leaders["missing"].team, username="member_of_missing")
        return leaders

    return make


def test_the_deadline_reminder_goes_to_leaders_of_teams_with_neither_idea_nor_exemption(
    deadline_season, teams_by_quota, django_capture_on_commit_callbacks
):
    season = deadline_season(dt.date(2025, 9, 26))  # a Friday: D-3 is Tuesday the 23rd
    teams_by_quota(season)

    with django_capture_on_commit_callbacks(execute=True):
        assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, 22)) == 0
        assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, 23)) == 2

    assert reminded(K.SUBMISSION_DEADLINE) == {"leader_missing": 1, "leader_draft_only": 1}
    notice = Notification.objects.filter(recipient__username="leader_missing").get()
    assert notice.title == f"[제출 마감 D-3] {season.name}"
    assert "2025-09-26" in notice.body
    assert len(mail.outbox) == 2


def test_d3_and_d1_each_go_out_once_however_often_the_task_runs(deadline_season, teams_by_quota):
    season = deadline_season(dt.date(2025, 9, 26))
    teams_by_quota(season)

    for day in (23, 23, 24, 24, 25, 25, 26):
        run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, day))

    assert reminded(K.SUBMISSION_DEADLINE) == {"leader_missing": 2, "leader_draft_only": 2}
    due = set(ReminderDispatch.objects.values_list("due_date", flat=True))
    assert due == {dt.date(2025, 9, 23), dt.date(2025, 9, 25)}


def test_a_reminder_day_on_a_weekend_moves_to_the_friday_before(deadline_season, teams_by_quota):
    season = deadline_season(dt.date(2025, 9, 24))  # Wednesday: D-3 is Sunday the 21st
    teams_by_quota(season)

    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, 19)) == 2
    assert set(ReminderDispatch.objects.values_list("due_date", flat=True)) == {
        dt.date(2025, 9, 19)
    }


def test_reminder_days_in_chuseok_move_to_the_working_day_before_and_become_one(
    deadline_season, teams_by_quota
):
    # Deadline Friday 10 October 2025: D-3 (7 Oct, 추석) and D-1 (9 Oct, 한글날) both move
    # back over 추석 연휴 and 개천절 to Thursday 2 October.
    season = deadline_season(dt.date(2025, 10, 10))
    teams_by_quota(season)

    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 10, 1)) == 0
    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 10, 2)) == 2
    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 10, 10)) == 0

    assert reminded(K.SUBMISSION_DEADLINE) == {"leader_missing": 1, "leader_draft_only": 1}


def test_a_run_missed_on_the_day_is_caught_up_and_an_overtaken_one_is_skipped(
    deadline_season, teams_by_quota
):
    season = deadline_season(dt.date(2025, 9, 26))
    teams_by_quota(season)

    # No run on the 23rd (worker down): the 24th sends the D-3 reminder late.
    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, 24)) == 2
    # Nothing ran between the 24th and the deadline day: only D-1 is due by then.
    Notification.objects.all().delete()
    ReminderDispatch.objects.all().delete()
    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, 26)) == 2
    assert set(ReminderDispatch.objects.values_list("due_date", flat=True)) == {
        dt.date(2025, 9, 25)
    }


def test_no_deadline_reminder_for_a_season_that_is_not_open_or_has_closed(
    deadline_season, teams_by_quota
):
    season = deadline_season(dt.date(2025, 9, 26))
    teams_by_quota(season)
    Season.objects.filter(pk=season.pk).update(status=Season.Status.BRIEFING)

    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, 25)) == 0
    Season.objects.filter(pk=season.pk).update(status=Season.Status.OPEN)
    assert run(K.SUBMISSION_DEADLINE, dt.date(2025, 9, 27)) == 0  # after the deadline


# Briefing sessions ---------------------------------------------------------------------


@pytest.fixture
def session():
    """Published, Tuesday 30 September 2025: D-7 is the 23rd, D-1 the 29th."""
    session = BriefingSessionFactory(date=dt.date(2025, 9, 30))
    items = with_agenda(session, ideas=2)
    items[0].idea.co_authors.add(UserFactory(team=items[0].idea.team, username="coauthor"))
    bureau_director(session.bureaus.get(), username="director_of_bureau")
    return session


def test_a_briefing_reminds_presenting_teams_and_the_bureau_director_at_d7_and_d1(session):
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 22)) == 0
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 23)) == 4
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 24)) == 0
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 29)) == 4

    leaders = [i.idea.submitted_by.username for i in session.items.all()]
    assert reminded(K.BRIEFING_UPCOMING) == dict.fromkeys(
        [*leaders, "coauthor", "director_of_bureau"], 2
    )
    notice = Notification.objects.filter(kind=K.BRIEFING_UPCOMING).first()
    assert notice.title == f"[보고회 D-1] {session.title}"
    assert notice.url == session.get_absolute_url()
    assert "2025-09-30" in notice.body
    assert "10:00–12:00" in notice.body


def test_an_unpublished_session_reminds_nobody(session):
    type(session).objects.filter(pk=session.pk).update(published_at=None)

    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 29)) == 0


def test_a_moved_session_is_reminded_again_for_its_new_date(session, planner, monkeypatch):
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 23)) == 4
    # The planning office moves it to Thursday 2 October: its D-7 is now the 25th.
    monkeypatch.setattr("notifications.events.session_moved", lambda **kw: [])
    briefing_services.session_move(
        session=session, by=planner, date=dt.date(2025, 10, 2), start_time=dt.time(14)
    )

    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 24)) == 0
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 25)) == 4
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 9, 29)) == 0
    assert run(K.BRIEFING_UPCOMING, dt.date(2025, 10, 1)) == 4


# Review --------------------------------------------------------------------------------


def test_reviewers_with_unscored_assignments_are_reminded_every_working_morning():
    review_round = rf.ReviewRoundFactory()
    behind, done = rf.reviewer(username="behind"), rf.reviewer(username="done")
    for reviewer in (behind, done):
        for _ in range(2):
            assignment = rf.AssignmentFactory(round=review_round, reviewer=reviewer)
            if reviewer is done:
                rf.evaluate(assignment, 8, 8, 8, 8, 8)
    rf.evaluate(
        rf.AssignmentFactory(round=review_round, reviewer=behind), 5, 5, 5, 5, 5, submitted=False
    )

    assert run(K.REVIEWS_PENDING, dt.date(2025, 9, 22)) == 1
    assert run(K.REVIEWS_PENDING, dt.date(2025, 9, 22)) == 0
    assert run(K.REVIEWS_PENDING, dt.date(2025, 9, 23)) == 1
    assert run(K.REVIEWS_PENDING, dt.date(2025, 10, 6)) == 0  # 추석
    assert run(K.REVIEWS_PENDING, dt.date(2025, 9, 27)) == 0  # Saturday
    assert reminded(K.REVIEWS_PENDING) == {"behind": 2}

    review_round.status = "closed"
    review_round.save()
    assert run(K.REVIEWS_PENDING, dt.date(2025, 9, 24)) == 0


# The rollout's hook ---------------------------------------------------------------------


def test_the_rollout_work_plugs_in_its_progress_reports_and_gets_the_same_guarantees(
    member, monkeypatch
):
    monkeypatch.setattr(reminders, "_providers", defaultdict(list))
    subject = SeasonFactory()  # stands in for an adopted idea's rollout plan

    def progress_reports_due(today):
        yield Reminder(
            kind=K.PROGRESS_REPORT_DUE,
            subject=subject,
            due_date=today,
            recipients=[member.pk],
            title="[추진 상황 보고] 3분기 보고 기한",
        )

    reminders.register(K.PROGRESS_REPORT_DUE, progress_reports_due)
    reminders.register(K.PROGRESS_REPORT_DUE, progress_reports_due)  # once is enough

    assert reminders.providers(K.PROGRESS_REPORT_DUE) == [progress_reports_due]
    assert run(K.PROGRESS_REPORT_DUE, dt.date(2025, 9, 30)) == 1
    assert run(K.PROGRESS_REPORT_DUE, dt.date(2025, 9, 30)) == 0
    assert reminded(K.PROGRESS_REPORT_DUE) == {member.username: 1}


def test_a_kind_nobody_provides_for_sends_nothing(monkeypatch):
    monkeypatch.setattr(reminders, "_providers", defaultdict(list))
    assert run(K.PROGRESS_REPORT_DUE, dt.date(2025, 9, 30)) == 0
