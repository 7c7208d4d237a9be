"""Intake and review events notify through the inbox and e-mail, after their commit, and
an action still succeeds when the broker is down."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from ideas import services as idea_services
from ideas.models import Exemption, Idea
from notifications.models import Notification, Outbox
from notifications.tasks import drain_outbox
from reviews import services as review_services
from reviews.models import Decision, ReviewRound
from tests.departments.factories import UserFactory, bureau_director, team_leader
from tests.ideas.factories import SeasonFactory
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db
K = Notification.Kind


def inbox(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


@pytest.fixture
def idea(leader):
    """A submitted idea written by a member of the leader's team, with a co-author."""
    season = SeasonFactory()
    idea = rf.submitted_idea(season, leader=leader)
    idea.created_by = UserFactory(team=leader.team)
    idea.save(update_fields=["created_by"])
    idea.co_authors.add(UserFactory(team=leader.team, username="coauthor"))
    return idea


def test_sending_an_idea_back_tells_the_team_leader_author_and_co_authors(
    idea, planner, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_send_back(idea=idea, by=planner, reason="예산 근거를 적어 주세요.")

    assert inbox(K.IDEA_SENT_BACK) == sorted(
        [leader.username, idea.created_by.username, "coauthor"]
    )
    notice = Notification.objects.filter(recipient=leader).get()
    assert notice.title == f"[보완 요청] {idea.reference_number} {idea.title}"
    assert "예산 근거를 적어 주세요." in notice.body
    assert notice.url == idea.get_absolute_url()
    assert len(mail.outbox) == 3


def test_a_decided_exemption_tells_whoever_filed_it_and_the_team_leader(
    leader, django_capture_on_commit_callbacks
):
    season = SeasonFactory()
    filer = team_leader(team=leader.team, username="filer")
    director = bureau_director(leader.team.division.bureau)
    exemption = idea_services.exemption_file(season=season, by=filer, reason="new_unit")

    with django_capture_on_commit_callbacks(execute=True):
        idea_services.exemption_decide(
            exemption=exemption, by=director, approve=False, note="안 됩니다"
        )

    assert inbox(K.EXEMPTION_DECIDED) == sorted(["filer", leader.username])
    notice = Notification.objects.get(recipient=leader)
    assert notice.title.startswith("[제출 예외 반려]")
    assert "안 됩니다" in notice.body
    assert exemption.status == Exemption.Status.REJECTED


def test_an_assignment_by_hand_tells_the_reviewer(planner, django_capture_on_commit_callbacks):
    review_round = rf.ReviewRoundFactory()
    idea, reviewer = rf.submitted_idea(review_round.season), rf.reviewer()

    with django_capture_on_commit_callbacks(execute=True):
        review_services.assignment_create(
            review_round=review_round, idea=idea, reviewer=reviewer, by=planner
        )

    notice = Notification.objects.get(kind=K.REVIEW_ASSIGNED)
    assert notice.recipient == reviewer
    assert notice.title.endswith(": 1건")
    assert notice.url == f"{reverse('reviews:queue')}?round={review_round.pk}"
    assert mail.outbox[0].to == [reviewer.email]


def test_automatic_assignment_tells_each_reviewer_once_with_their_count(planner):
    review_round = rf.ReviewRoundFactory(reviewers_per_idea=2)
    for _ in range(3):
        rf.submitted_idea(review_round.season)
    reviewers = [rf.reviewer() for _ in range(3)]

    created = review_services.assignments_auto(review_round=review_round, by=planner)

    notices = Notification.objects.filter(kind=K.REVIEW_ASSIGNED)
    assert sorted(n.recipient_id for n in notices) == sorted(r.pk for r in reviewers)
    assert sum(int(n.title.rsplit(" ", 1)[1].rstrip("건")) for n in notices) == len(created) == 6


def test_publishing_decisions_tells_each_decided_ideas_team(
    idea, planner, leader, django_capture_on_commit_callbacks
):
    review_round = rf.ReviewRoundFactory(season=idea.season, status=ReviewRound.Status.CLOSED)
    other = rf.submitted_idea(idea.season)
    for each, outcome in ((idea, Decision.Outcome.ADOPT), (other, Decision.Outcome.NOT_ADOPTED)):
        review_services.decision_record(
            review_round=review_round,
            idea=each,
            by=planner,
            outcome=outcome,
            reason="심사 결과",
            implementation_path=Idea.Path.IMMEDIATE,
        )
    assert not Notification.objects.exists()  # decided, not yet published

    with django_capture_on_commit_callbacks(execute=True):
        review_services.decisions_publish(review_round=review_round, by=planner)

    notices = Notification.objects.filter(kind=K.DECISIONS_PUBLISHED)
    assert notices.count() == 3 + 1  # leader, author, co-author; the other idea's leader
    mine = notices.get(recipient=leader)
    assert mine.title == f"[심사 결과] {idea.reference_number} {idea.title}: 채택"


# The broker is down --------------------------------------------------------------------


# Real commits: the after-commit hand-over to the broker runs inside the request.
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_action_succeeds_and_the_notice_goes_out_once_it_is_back(
    client, idea, planner, leader, broker_down
):
    client.force_login(planner)
    started = time.monotonic()
    response = client.post(
        reverse("ideas:idea_send_back", args=[idea.pk]), {"reason": "예산 근거를 적어 주세요."}
    )
    took = time.monotonic() - started

    # The action is saved and the notices are in the inboxes; the e-mails wait.
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.RETURNED
    assert Notification.objects.filter(kind=K.IDEA_SENT_BACK).count() == 3
    assert Outbox.objects.unsent().count() == 3
    assert mail.outbox == []
    assert took < 5, f"the request waited {took:.1f}s for the broker"

    broker_down()  # the broker is back: beat's drain_outbox runs on a worker

    assert drain_outbox.delay().get() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (leader, idea.created_by, idea.co_authors.get())
    )
    assert not Outbox.objects.unsent().exists()
    assert drain_outbox.delay().get() == 0  # and only once
    assert len(mail.outbox) == 3
