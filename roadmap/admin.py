from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from roadmap.models import Question, RoadmapVersion, Survey


@admin.register(RoadmapVersion)
class RoadmapVersionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "number", "status", "created_at"]
    readonly_fields = ["previous", "created_by"]


class QuestionInline(admin.TabularInline):
    """A survey's questions, written with the survey (the task force has no other page
    that makes a survey; answering and results are on the survey's own pages)."""

    model = Question
    extra = 3
    fields = ["order", "text", "kind"]


@admin.register(Survey)
class SurveyAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "version", "status", "created_at"]
    inlines = [QuestionInline]
