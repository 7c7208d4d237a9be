"""Award rounds, nominations, grades, the points ledger and outcome measurements in the
admin: read only, for the planning office and system admins (``awards.manage_awards``).

Every change goes through the pages or the API (``awards.services``): the ledger is
written once at announcement, from an org snapshot, and corrected by new entries only.
"""

from django.contrib import admin

from awards.models import (
    AwardCriterion,
    AwardGrade,
    AwardRound,
    Nomination,
    OutcomeMeasurement,
    PointEntry,
)
from core.admin import ReadOnlyByRule


class AwardsAdmin(ReadOnlyByRule):
    permission = "awards.manage_awards"


class AwardCriterionInline(admin.TabularInline):
    model = AwardCriterion
    fields = ["order", "name", "weight", "max_score"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AwardGrade)
class AwardGradeAdmin(AwardsAdmin):
    list_display = ["name", "rank", "unit_points", "personal_points", "is_active"]


@admin.register(AwardRound)
class AwardRoundAdmin(AwardsAdmin):
    list_display = ["title", "status", "nomination_deadline", "award_date", "imported"]
    list_filter = ["status", "imported"]
    inlines = [AwardCriterionInline]


@admin.register(Nomination)
class NominationAdmin(AwardsAdmin):
    list_display = ["unit_name", "round", "grade", "score", "nominated_at"]
    list_filter = ["round", "grade"]
    list_select_related = ["round", "grade"]


@admin.register(PointEntry)
class PointEntryAdmin(AwardsAdmin):
    list_display = ["awarded_on", "kind", "unit_name", "person_name", "points", "reason"]
    list_filter = ["kind", "year"]
    search_fields = ["unit_name", "person_name", "employee_number", "reason"]


@admin.register(OutcomeMeasurement)
class OutcomeMeasurementAdmin(AwardsAdmin):
    list_display = ["idea", "year", "half", "measured_hours", "status", "verified_hours"]
    list_filter = ["status", "year"]
    list_select_related = ["idea"]
