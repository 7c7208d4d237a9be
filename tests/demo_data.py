"""Helpers for tests on the demo data (the fixtures are in tests/conftest.py)."""

from reviews.models import Assignment, Decision, Directive, Evaluation, ReviewRound


def forget_reviews() -> None:
    """Delete the review step's rows; they refer to the ideas (PROTECT), newest first.
    The awards step's outcome measurements refer to ideas too, so they go first."""
    from awards.models import OutcomeMeasurement

    OutcomeMeasurement.objects.all().delete()
    Decision.objects.filter(previous__isnull=False).delete()
    for model in (Decision, Evaluation, Assignment, Directive, ReviewRound):
        model.objects.all().delete()
