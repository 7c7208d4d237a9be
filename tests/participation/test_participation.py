import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from notifications.models import Notification
from participation import services
from participation.models import Comment, Endorsement
from reviews.models import ReviewRound
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import AssignmentFactory, submitted_idea
from tests.roadmap.factories import TaskFactory
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(leader):
    return submitted_idea(SeasonFactory(), leader=leader)


def test_one_endorsement_per_person(idea, member):
    services.endorsement_add(target=idea, by=member)
    services.endorsement_add(target=idea, by=member)
    assert Endorsement.objects.count() == 1
    first = Endorsement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(
            content_type=first.content_type, object_id=first.object_id, user=member
        )


def test_the_team_hears_once_a_day_however_busy_the_idea(idea, leader, roles):
    for role in ("team_member", "division_head", "reviewer", "planning_office"):
        services.endorsement_add(target=idea, by=roles[role])
        services.comment_post(target=idea, body="좋은 생각입니다", by=roles[role])
    notices = Notification.objects.filter(recipient=leader, kind=Notification.Kind.PARTICIPATION)
    assert notices.count() == 1
    assert notices.get().url.endswith("#participation")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_comments_and_endorses_on_the_library_page(client, idea, roles, role):
    client.force_login(roles[role])
    url = reverse("participation:comment_create", args=["idea", idea.pk])
    assert client.post(url, {"body": "<script>alert(1)</script> 의견"}).status_code == 302
    assert client.post(reverse("participation:endorse", args=["idea", idea.pk])).status_code == 302
    page = client.get(reverse("ideas:idea_detail", args=[idea.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 의견" in page
    assert "<script>alert(1)" not in page
    assert Endorsement.objects.filter(user=roles[role]).exists()


def test_a_draft_cannot_be_commented_on_by_another_team(idea, member, roles):
    idea.status = idea.Status.DRAFT
    idea.reference_number = None
    idea.save()
    with pytest.raises(PermissionRefused):
        services.comment_post(target=idea, body="x", by=roles["reviewer"])


def test_a_comment_is_at_most_three_thousand_characters_and_not_empty(idea, member):
    with pytest.raises(BusinessRuleError, match="3,000자"):
        services.comment_post(target=idea, body="가" * 3001, by=member)
    with pytest.raises(BusinessRuleError, match="적어 주세요"):
        services.comment_post(target=idea, body="   ", by=member)
    assert not Comment.objects.exists()


def test_comments_are_rate_limited_per_person(idea, member, head):
    for i in range(5):
        services.comment_post(target=idea, body=f"의견 {i}", by=member)
    with pytest.raises(BusinessRuleError, match="너무 자주"):
        services.comment_post(target=idea, body="또", by=member)
    services.comment_post(target=idea, body="다른 사람은 됩니다", by=head)


def test_one_level_of_replies(idea, member, head):
    top = services.comment_post(target=idea, body="질문", by=member)
    reply = services.comment_post(target=idea, body="답", by=head, parent=top)
    with pytest.raises(BusinessRuleError, match="답글에는"):
        services.comment_post(target=idea, body="답의 답", by=member, parent=reply)


def test_the_author_edits_for_a_short_while_and_deletes(idea, member, head):
    comment = services.comment_post(target=idea, body="처음", by=member)
    with pytest.raises(PermissionRefused):
        services.comment_edit(comment=comment, body="남이 고침", by=head)
    services.comment_edit(comment=comment, body="고침", by=member)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    comment.refresh_from_db()
    with pytest.raises(PermissionRefused):
        services.comment_edit(comment=comment, body="늦음", by=member)
    with pytest.raises(PermissionRefused):
        services.comment_delete(comment=comment, by=head)
    services.comment_delete(comment=comment, by=member)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.DELETED


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_hides_a_comment(client, idea, head, roles, role):
    comment = services.comment_post(target=idea, body="부적절한 말", by=head)
    client.force_login(roles[role])
    response = client.post(
        reverse("participation:comment_hide", args=[comment.pk]), {"reason": "비방"}
    )
    comment.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 302
        assert comment.status == Comment.Status.HIDDEN
    else:
        assert response.status_code == 403
        assert comment.status == Comment.Status.VISIBLE


def test_a_hidden_comment_is_never_shown_but_stays_in_history(client, idea, head, member, planner):
    comment = services.comment_post(target=idea, body="부적절한 말", by=head)
    with pytest.raises(BusinessRuleError, match="사유"):
        services.comment_hide(comment=comment, reason="", by=planner)
    services.comment_hide(comment=comment, reason="비방", by=planner)
    client.force_login(member)
    page = client.get(reverse("ideas:idea_detail", args=[idea.pk])).content.decode()
    assert "부적절한 말" not in page
    assert "기획조정실이 숨긴 의견입니다. 사유: 비방" in page
    entry = HistoryEntry.objects.for_object(comment).get(action="hidden")
    assert entry.reason == "비방"
    assert entry.data["body"] == "부적절한 말"


def test_a_person_reports_a_comment_once_and_the_planner_sees_it(
    client, idea, head, member, planner
):
    comment = services.comment_post(target=idea, body="이상한 말", by=head)
    services.comment_report(comment=comment, reason="광고", by=member)
    with pytest.raises(BusinessRuleError, match="이미 신고"):
        services.comment_report(comment=comment, reason="광고", by=member)
    with pytest.raises(PermissionRefused):
        services.comment_report(comment=comment, reason="내 글", by=head)
    client.force_login(member)
    assert client.get(reverse("participation:moderation")).status_code == 403
    client.force_login(planner)
    assert "이상한 말" in client.get(reverse("participation:moderation")).content.decode()


def test_reviewers_are_blind_to_engagement_while_scoring(client, member, head):
    assignment = AssignmentFactory(round__status=ReviewRound.Status.OPEN)
    idea, reviewer = assignment.idea, assignment.reviewer
    services.endorsement_add(target=idea, by=member)
    services.comment_post(target=idea, body="아주 좋은 생각", by=head)
    client.force_login(reviewer)
    page = client.get(reverse("ideas:idea_detail", args=[idea.pk])).content.decode()
    assert "아주 좋은 생각" not in page
    assert "공감 수와 의견을 보여 드리지 않습니다" in page
    library = client.get(reverse("ideas:library")).content.decode()
    assert 'title="심사 중에는 보이지 않습니다"' in library
    with pytest.raises(PermissionRefused):
        services.endorsement_add(target=idea, by=reviewer)
    # Once the round closes the reviewer sees them.
    ReviewRound.objects.filter(pk=assignment.round_id).update(status=ReviewRound.Status.CLOSED)
    page = client.get(reverse("ideas:idea_detail", args=[idea.pk])).content.decode()
    assert "아주 좋은 생각" in page


def test_roadmap_tasks_take_comments_and_endorsements(client, member, leader):
    task = TaskFactory(responsible=leader)
    client.force_login(member)
    client.post(
        reverse("participation:comment_create", args=["task", task.pk]), {"body": "응원합니다"}
    )
    client.post(reverse("participation:endorse", args=["task", task.pk]))
    page = client.get(reverse("roadmap:task", args=[task.pk])).content.decode()
    assert "응원합니다" in page
    assert Notification.objects.filter(recipient=leader).count() == 1


def test_an_unknown_target_is_a_404(client, member):
    client.force_login(member)
    assert client.post(reverse("participation:endorse", args=["nothing", 1])).status_code == 404
    assert client.post(reverse("participation:endorse", args=["idea", 999999])).status_code == 404


def test_the_library_counts_engagement_in_a_fixed_number_of_queries(
    client, member, head, django_assert_max_num_queries
):
    season = SeasonFactory()
    ideas = [submitted_idea(season) for _ in range(12)]
    for idea in ideas:
        services.endorsement_add(target=idea, by=member)
        services.endorsement_add(target=idea, by=head)
    Comment.objects.bulk_create(
        Comment(
            content_type_id=Endorsement.objects.first().content_type_id,
            object_id=i.pk,
            author=member,
            body="x",
        )
        for i in ideas
    )
    client.force_login(member)
    # session, user, groups, seasons (filter form), bureaus (filter form), count, page rows
    # with both counts, unread badge, … — the same however many rows.
    with django_assert_max_num_queries(12):
        page = client.get(reverse("ideas:library")).content.decode()
    assert '<td class="nowrap">2</td>' in page
