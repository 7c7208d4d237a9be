from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from roadmap.models import RoadmapVersion, Survey


@admin.register(RoadmapVersion)
class RoadmapVersionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "number", "status", "created_at"]
    readonly_fields = ["previous", "created_by"]


@admin.register(Survey)
class SurveyAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "version", "status", "created_at"]
