"""The ranking: weighted totals, per-reviewer z-scores, missing evaluations, disagreement.

The hand-computed round (default criteria 25/25/25/15/10, every maximum 10, so an
evaluation scoring ``s`` on every criterion totals ``10·s``):

    reviewer A (three ideas): I1 80   I2 60   I3 40     mean 60, sd √(800/3) = 16.33
    reviewer B (lenient):     I1 100  I2 90   I4 80     mean 90, sd √(200/3) = 8.165
                              and assigned I3, not submitted
    reviewer C (one idea):    I2 70                     sd 0 → contributes 0
                              and a draft on I1, assigned I5 and never started

    idea  totals        mean    z-scores                 normalised  spread  missing
    I1    80, 100       90.00   +1.2247, +1.2247          1.2247     10.00   1 (C's draft)
    I2    60, 90, 70    73.33    0, 0, 0                  0          12.47   0
    I3    40            40.00   -1.2247                  -1.2247      0.00   1 (B)
    I4    80            80.00   -1.2247                  -1.2247      0.00   0
    I5    —             —        —                        —           —      1 (C)

(z = (total − reviewer's mean) / reviewer's population sd; 20 / 16.33 = 10 / 8.165 = 1.2247;
the spread is the population sd of the idea's totals: √(466.67 / 3) = 12.47 for I2.)
"""

from decimal import Decimal

import pytest

from ideas.models import Idea, Season
from reviews.models import DEFAULT_CRITERIA
from reviews.selectors import ranking
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_round():
    review_round = rf.ReviewRoundFactory(disagreement_threshold=Decimal("12"))
    season = review_round.season
    i1, i2, i3, i4, i5 = (rf.submitted_idea(season) for _ in range(5))
    a, b, c = rf.reviewer(), rf.reviewer(), rf.reviewer()

    def give(reviewer, idea, score=None, *, submitted=True):
        assignment = rf.AssignmentFactory(round=review_round, idea=idea, reviewer=reviewer)
        if score is not None:
            rf.evaluate(assignment, *[score] * 5, submitted=submitted)

    give(a, i1, 8), give(a, i2, 6), give(a, i3, 4)
    give(b, i1, 10), give(b, i2, 9), give(b, i4, 8), give(b, i3)
    give(c, i2, 7), give(c, i1, 3, submitted=False), give(c, i5)
    return review_round, {"I1": i1, "I2": i2, "I3": i3, "I4": i4, "I5": i5}


def by_name(rows, ideas):
    names = {idea.pk: name for name, idea in ideas.items()}
    return {names[row.idea_id]: row for row in rows}


def test_it_weights_each_criterion_by_its_weight_over_its_maximum():
    # 8/10·25 + 6/10·25 + 7/10·25 + 5/10·15 + 9/10·10 = 20 + 15 + 17.5 + 7.5 + 9 = 69.
    # With a sixth criterion of weight 50 scored 13 out of 20:
    # (69 + 50·13/20) / 150 · 100 = 101.5 / 1.5 = 67.67
    assignment = rf.AssignmentFactory()
    assert rf.evaluate(assignment, 8, 6, 7, 5, 9).total == Decimal("69.00")
    wider = rf.ReviewRoundFactory(criteria=[*DEFAULT_CRITERIA, ("파급력", "", 50, 20)])
    assignment = rf.AssignmentFactory(round=wider)
    assert rf.evaluate(assignment, 8, 6, 7, 5, 9, 13).total == Decimal("67.67")
    assert ranking(review_round=wider)[0].mean_total == Decimal("67.67")


def test_it_averages_the_totals_of_submitted_evaluations_only(scored_round):
    review_round, ideas = scored_round
    rows = by_name(ranking(review_round=review_round), ideas)
    assert rows["I1"].mean_total == Decimal("90.00")  # C's draft on I1 does not count
    assert rows["I2"].mean_total == Decimal("73.33")
    assert rows["I3"].mean_total == Decimal("40.00")
    assert rows["I4"].mean_total == Decimal("80.00")
    assert rows["I5"].mean_total is None


def test_it_counts_submitted_and_missing_evaluations(scored_round):
    review_round, ideas = scored_round
    rows = by_name(ranking(review_round=review_round), ideas)
    counts = {name: (r.submitted_count, r.missing_count) for name, r in rows.items()}
    assert counts == {"I1": (2, 1), "I2": (3, 0), "I3": (1, 1), "I4": (1, 0), "I5": (0, 1)}
    assert rows["I1"].assigned_count == 3


def test_it_normalises_each_evaluation_within_its_reviewers_own_evaluations(scored_round):
    review_round, ideas = scored_round
    rows = by_name(ranking(review_round=review_round, order="normalised"), ideas)
    assert rows["I1"].normalised == Decimal("1.2247")
    assert rows["I2"].normalised == Decimal("0")  # C scored one idea only: no spread, 0
    assert rows["I3"].normalised == Decimal("-1.2247")
    assert rows["I4"].normalised == Decimal("-1.2247")
    assert rows["I5"].normalised is None


def test_it_ranks_by_the_raw_mean_with_unscored_ideas_last(scored_round):
    review_round, ideas = scored_round
    rows = ranking(review_round=review_round)
    named = by_name(rows, ideas)
    assert [named[n].rank for n in ["I1", "I4", "I2", "I3", "I5"]] == [1, 2, 3, 4, 5]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5]


def test_the_normalised_order_keeps_a_lenient_reviewer_from_lifting_an_idea(scored_round):
    review_round, ideas = scored_round
    named = by_name(ranking(review_round=review_round, order="normalised"), ideas)
    # I4 is second on raw totals only because lenient B scored it, and B scored it lowest.
    assert {n: r.rank for n, r in named.items()} == {"I1": 1, "I2": 2, "I3": 3, "I4": 3, "I5": 5}


def test_it_flags_disagreement_when_the_spread_exceeds_the_rounds_threshold(scored_round):
    review_round, ideas = scored_round
    named = by_name(ranking(review_round=review_round), ideas)
    assert (named["I2"].spread, named["I2"].disagreement) == (Decimal("12.47"), True)
    assert (named["I1"].spread, named["I1"].disagreement) == (Decimal("10.00"), False)
    assert (named["I3"].spread, named["I3"].disagreement) == (Decimal("0.00"), False)
    assert (named["I5"].spread, named["I5"].disagreement) == (None, False)
    review_round.disagreement_threshold = Decimal("9.5")
    assert by_name(ranking(review_round=review_round), ideas)["I1"].disagreement is True


def test_filters_narrow_the_rows_but_keep_the_rank_in_the_whole_round(scored_round):
    review_round, ideas = scored_round
    Idea.objects.filter(pk=ideas["I2"].pk).update(implementation_path=Idea.Path.BUDGET)
    rows = ranking(review_round=review_round, path=Idea.Path.BUDGET)
    assert [(r.idea_id, r.rank) for r in rows] == [(ideas["I2"].pk, 3)]
    rows = ranking(review_round=review_round, bureau=ideas["I4"].bureau)
    assert [(r.idea_id, r.rank) for r in rows] == [(ideas["I4"].pk, 2)]
    assert len(ranking(review_round=review_round, kind=Season.Kind.BENCHMARKING)) == 5
    assert ranking(review_round=review_round, kind=Season.Kind.WORK_REDUCTION) == []


def test_it_leaves_out_ideas_not_assigned_in_the_round(scored_round):
    review_round, _ideas = scored_round
    rf.submitted_idea(review_round.season)
    assert len(ranking(review_round=review_round)) == 5


def test_it_refuses_an_unknown_order(scored_round):
    review_round, _ideas = scored_round
    with pytest.raises(ValueError, match="order"):
        ranking(review_round=review_round, order="best")
