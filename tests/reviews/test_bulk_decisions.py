"""Bulk decisions: many ideas picked on the ranking get one outcome with one reason in one
atomic action, each with its own decision version and history entry."""

import pytest
from django.urls import reverse

from core.errors import BusinessRuleError
from core.models import HistoryEntry
from reviews import services
from reviews.forms import BulkDecisionForm, DecisionForm
from reviews.models import Decision, ReviewRound
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(db):
    return rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)


def reviewed(review_round, count, **content):
    return [
        rf.AssignmentFactory(
            round=review_round, idea=rf.submitted_idea(review_round.season, **content)
        ).idea
        for _ in range(count)
    ]


def test_many_ideas_get_one_outcome_and_reason_each_with_its_own_history(planner, closed_round):
    ideas = reviewed(closed_round, 3)
    made = services.decisions_record_many(
        review_round=closed_round,
        ideas=ideas,
        by=planner,
        outcome=Decision.Outcome.NOT_ADOPTED,
        reason="예산 사정으로 이번에는 채택하지 않음",
    )
    assert {d.idea for d in made} == set(ideas)
    assert {d.reason for d in made} == {"예산 사정으로 이번에는 채택하지 않음"}
    entries = HistoryEntry.objects.filter(action="decided")
    assert sorted(e.data["idea"] for e in entries) == sorted(i.pk for i in ideas)


def test_an_adoption_takes_each_ideas_own_path_unless_one_is_chosen(planner, closed_round):
    ideas = reviewed(closed_round, 2)
    made = services.decisions_record_many(
        review_round=closed_round, ideas=ideas, by=planner, outcome="adopt", reason="효과 큼"
    )
    assert all(d.implementation_path == d.idea.implementation_path for d in made)


def test_it_is_all_or_nothing_and_names_the_ideas_that_block_it(planner, closed_round):
    ideas = reviewed(closed_round, 3)
    services.decision_record(
        review_round=closed_round,
        idea=ideas[1],
        by=planner,
        outcome="not_adopted",
        reason="첫 판단",
    )
    with pytest.raises(BusinessRuleError) as refused:
        services.decisions_record_many(
            review_round=closed_round, ideas=ideas, by=planner, outcome="adopt", reason="재검토"
        )
    assert ideas[1].reference_number in refused.value.errors["change_reason"][0]
    assert Decision.objects.count() == 1

    made = services.decisions_record_many(
        review_round=closed_round,
        ideas=ideas,
        by=planner,
        outcome="adopt",
        reason="재검토",
        change_reason="보고회 뒤 재검토",
    )
    assert len(made) == 3
    changed = Decision.objects.get(idea=ideas[1], is_current=True)
    assert changed.previous is not None
    assert changed.change_reason == "보고회 뒤 재검토"


def test_a_missing_reason_is_refused_at_its_field_on_the_page(client, planner, closed_round):
    ideas = reviewed(closed_round, 2)
    client.force_login(planner)
    url = reverse("reviews:bulk_decide", args=[closed_round.pk])
    response = client.post(
        url, {"ideas": [i.pk for i in ideas], "outcome": "not_adopted", "confirmed": "1"}
    )
    assert response.status_code == 400
    assert "결정 사유를 입력하세요." in response.content.decode()
    assert not Decision.objects.exists()


def test_the_page_lists_the_picked_ideas_first_and_decides_them_on_confirmation(
    client, planner, closed_round
):
    picked = reviewed(closed_round, 3)
    left = reviewed(closed_round, 1)[0]
    client.force_login(planner)
    url = reverse("reviews:bulk_decide", args=[closed_round.pk])

    query = "&".join(f"ideas={i.pk}" for i in picked)
    page = client.get(f"{url}?{query}").content.decode()
    assert "고른 3건에 같은 결과와 사유를 기록합니다." in page
    for idea in picked:
        assert idea.reference_number in page
    assert left.reference_number not in page

    data = {"ideas": [i.pk for i in picked], "outcome": "not_adopted", "reason": "효과가 작음"}
    assert client.post(url, data).status_code == 200  # not confirmed: the page again
    assert not Decision.objects.exists()

    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:ranking", args=[closed_round.pk])
    decided = Decision.objects.filter(is_current=True, outcome="not_adopted")
    assert set(decided.values_list("idea", flat=True)) == {i.pk for i in picked}


def test_an_idea_of_another_round_cannot_be_slipped_in(client, planner, closed_round):
    mine = reviewed(closed_round, 1)[0]
    other_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    other = reviewed(other_round, 1)[0]
    client.force_login(planner)
    url = reverse("reviews:bulk_decide", args=[closed_round.pk])
    data = {"ideas": [mine.pk, other.pk], "outcome": "not_adopted", "reason": "x"}
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_the_ranking_offers_a_pick_box_per_idea_to_the_planning_office_only(
    client, planner, reviewer, closed_round
):
    idea = reviewed(closed_round, 1)[0]
    url = reverse("reviews:ranking", args=[closed_round.pk])
    client.force_login(planner)
    assert f'name="ideas" value="{idea.pk}" form="bulk-pick"' in client.get(url).content.decode()
    client.force_login(reviewer)
    assert 'form="bulk-pick"' not in client.get(url).content.decode()


def test_the_page_reads_a_fixed_number_of_queries_however_many_are_picked(
    client, planner, closed_round, django_assert_max_num_queries
):
    picked = reviewed(closed_round, 30)
    for idea in picked[:10]:
        services.decision_record(
            review_round=closed_round, idea=idea, by=planner, outcome="not_adopted", reason="x"
        )
    client.force_login(planner)
    query = "&".join(f"ideas={i.pk}" for i in picked)
    url = reverse("reviews:bulk_decide", args=[closed_round.pk]) + f"?{query}"
    # session, user, the round, the picked ideas, their current decisions (with the idea,
    # the decider and the previous version), and what the page's frame reads
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count('name="ideas"') == 30


def test_the_form_reads_the_picked_ideas_once_to_offer_and_to_check_them(
    planner, closed_round, django_assert_num_queries
):
    picked = reviewed(closed_round, 5)
    data = {"ideas": [i.pk for i in picked[:3]], "outcome": "not_adopted", "reason": "x"}
    # the picked ideas, their current decisions; the posted choice is checked against the
    # ideas already read
    with django_assert_num_queries(2):
        form = BulkDecisionForm(data, review_round=closed_round, picked=[i.pk for i in picked])
        assert form.is_valid(), form.errors
    assert form.cleaned_data["ideas"] == picked[:3]


def test_the_form_shares_the_decision_fields_with_its_own_help(planner, closed_round):
    form = BulkDecisionForm(review_round=closed_round, picked=[])
    assert list(form.fields) == [
        "ideas",
        "outcome",
        "implementation_path",
        "conditions",
        "reason",
        "change_reason",
    ]
    assert form.fields["implementation_path"].choices[0] == ("", "각 아이디어가 제안한 방식")
    assert form.fields["reason"].help_text == "고른 아이디어 모두에 같은 사유가 기록됩니다."
    # the single decision's form keeps its own
    single = DecisionForm(changing=True)
    assert single.fields["implementation_path"].choices[0] == ("", "선택하세요")
    assert not single.fields["reason"].help_text
