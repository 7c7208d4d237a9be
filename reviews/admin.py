"""Review rounds, assignments, evaluations, decisions and directives in the admin.

Read only, for the planning office and system admins (``reviews.manage_reviews``): every
change goes through the pages or the API (``reviews.services``), which keep the rounds'
states, the scores' totals and the decisions' history.
"""

from django.contrib import admin

from core.admin import ReadOnlyByRule
from reviews.models import (
    Assignment,
    Criterion,
    Decision,
    Directive,
    Evaluation,
    ReviewRound,
    Score,
)


class ReviewsAdmin(ReadOnlyByRule):
    permission = "reviews.manage_reviews"


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["order", "name", "weight", "max_score"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ["criterion", "value"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReviewsAdmin):
    list_display = ["name", "season", "order", "status", "opened_at", "closed_at"]
    list_filter = ["status", "season"]
    list_select_related = ["season"]
    inlines = [CriterionInline]


@admin.register(Assignment)
class AssignmentAdmin(ReviewsAdmin):
    list_display = ["round", "idea", "reviewer", "method", "assigned_at"]
    list_filter = ["method", "round"]
    list_select_related = ["round", "idea", "reviewer"]


@admin.register(Evaluation)
class EvaluationAdmin(ReviewsAdmin):
    list_display = ["round", "idea", "reviewer", "status", "total", "submitted_at"]
    list_filter = ["status", "round"]
    list_select_related = ["round", "idea", "reviewer"]
    inlines = [ScoreInline]


@admin.register(Decision)
class DecisionAdmin(ReviewsAdmin):
    list_display = ["round", "idea", "outcome", "is_current", "decided_by", "decided_at"]
    list_filter = ["outcome", "is_current", "round"]
    list_select_related = ["round", "idea", "decided_by"]


@admin.register(Directive)
class DirectiveAdmin(ReviewsAdmin):
    list_display = ["idea", "responsible_bureau", "due_date", "recorded_by", "recorded_at"]
    list_select_related = ["idea", "responsible_bureau", "recorded_by"]
    date_hierarchy = "due_date"
