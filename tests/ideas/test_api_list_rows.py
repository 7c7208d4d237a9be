"""The idea list API writes its rows by hand (``IdeaListSerializer.to_representation``, for
speed: issue 17); they must stay what DRF's generic path gives for the declared fields,
for every kind of row: a draft, a submitted idea with its choices made, a duplicate, one
with attachments and one whose proposer is hidden from a reviewer."""

import pytest
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from ideas.models import Idea, IdeaAttachment
from ideas.serializers import IdeaListSerializer
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory
from tests.ideas.test_api_ideas import submitted
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


def generic_rows(serializer: IdeaListSerializer, ideas) -> list[dict]:
    """What DRF's field-by-field path gives for the same rows."""
    return [
        serializer._hide_proposer(serializers.ModelSerializer.to_representation(serializer, idea))
        for idea in ideas
    ]


@pytest.fixture
def rows_of_every_kind(member):
    review_round = rf.ReviewRoundFactory()
    season = review_round.season
    season.blind_to_proposer = True
    season.save()
    other = f.team_leader()
    original = submitted(season, other, "원본 과제", "요약", implementation_path="budget")
    duplicate = submitted(season, other, "중복 과제", duplicate_of=original)
    IdeaAttachment.objects.create(
        idea=duplicate,
        file="attachments/a.pdf",  # the row counts files; none is read
        original_name="a.pdf",
        size=1,
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=other,
    )
    IdeaFactory(season=season, team=member.team, created_by=member, title="우리 팀 초안")
    return season


@pytest.mark.parametrize("who", ["member", "reviewer"])
def test_a_hand_written_row_is_what_the_declared_fields_give(rows_of_every_kind, member, who):
    user = member if who == "member" else rf.reviewer()
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(reverse("idea-list"), {"page_size": 50})
    view = response.renderer_context["view"]
    ideas = list(view.paginator.page.object_list)
    serializer = IdeaListSerializer(context=view.get_serializer_context())
    assert response.json()["results"] == generic_rows(serializer, ideas)
    kinds = {
        (row["status"], row["proposer_hidden"], row["attachment_count"], bool(row["duplicate_of"]))
        for row in response.json()["results"]
    }
    if who == "member":  # a draft (no number, no submission time), a duplicate with a file
        assert ("draft", False, 0, False) in kinds
        assert ("submitted", False, 1, True) in kinds
    else:
        assert {hidden for _, hidden, _, _ in kinds} == {True}
    assert Idea.objects.count() == 3
