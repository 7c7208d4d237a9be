"""The planning office's calendars and season settings in the admin; plans read-only (they
change through the pages and the API, whose services keep the history)."""

from __future__ import annotations

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from rollout.models import BudgetRound, CouncilSession, RolloutPlan, SeasonRolloutSetting


@admin.register(SeasonRolloutSetting)
class SeasonRolloutSettingAdmin(ObjectPermissionsModelAdmin):
    list_display = ["season", "plan_due_months", "report_cadence", "report_due_days"]


@admin.register(BudgetRound)
class BudgetRoundAdmin(ObjectPermissionsModelAdmin):
    list_display = ["__str__", "submission_date", "decision_date", "available_on"]
    readonly_fields = ["available_on"]

    def save_model(self, request, obj, form, change):
        obj.available_on = obj.compute_available_on()
        super().save_model(request, obj, form, change)


@admin.register(CouncilSession)
class CouncilSessionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["__str__", "starts_on", "ends_on", "submission_deadline"]


@admin.register(RolloutPlan)
class RolloutPlanAdmin(ObjectPermissionsModelAdmin):
    list_display = ["__str__", "season", "bureau", "lead_team", "status", "due_date", "target_date"]
    list_filter = ["season", "status"]
    list_select_related = ["idea", "season", "bureau", "lead_team"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
