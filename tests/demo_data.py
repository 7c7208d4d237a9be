"""Helpers for tests on the demo data (the fixtures are in tests/conftest.py)."""

from reviews.models import Assignment, Decision, Directive, Evaluation, ReviewRound


def forget_reviews() -> None:
    """Delete the review step's rows; they refer to the ideas (PROTECT), newest first.
    The rollout step's rows, the awards step's outcome measurements and the roadmap's links
    go first: they refer to decisions, ideas and plans."""
    from awards.models import OutcomeMeasurement
    from roadmap.models import TaskIdea, TaskRolloutPlan
    from rollout.models import BudgetRound, CouncilSession, RolloutPlan

    OutcomeMeasurement.objects.all().delete()
    TaskRolloutPlan.objects.all().delete()
    TaskIdea.objects.all().delete()
    RolloutPlan.objects.all().delete()
    BudgetRound.objects.all().delete()
    CouncilSession.objects.all().delete()
    Decision.objects.filter(previous__isnull=False).delete()
    for model in (Decision, Evaluation, Assignment, Directive, ReviewRound):
        model.objects.all().delete()
