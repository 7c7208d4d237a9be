"""The admin for seasons, ideas and exemptions (planning office and system admins).

Changes of state (submitting, sending back, deciding an exemption, moving a season) go
through the pages, which call ``ideas.services``; here those fields are read-only, and so
are the names an idea keeps from the time it was made.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from ideas.models import Exemption, Idea, IdeaAttachment, Season


@admin.register(Season)
class SeasonAdmin(ObjectPermissionsModelAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "status",
        "submission_opens_at",
        "submission_closes_at",
        "min_ideas_per_team",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["name", "code"]
    # The state moves only along the service's transitions (시즌 화면의 버튼).
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    date_hierarchy = "submission_opens_at"


class IdeaAttachmentInline(admin.TabularInline):
    model = IdeaAttachment
    extra = 0
    can_delete = False
    fields = ["original_name", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # files are checked and stored by ideas.services.attachment_add


@admin.register(Idea)
class IdeaAdmin(ObjectPermissionsModelAdmin):
    list_display = [
        "reference_number",
        "title",
        "season",
        "bureau_name",
        "team_name",
        "status",
        "is_representative",
        "submitted_at",
    ]
    list_filter = ["season", "status", "bureau", "implementation_path", "is_representative"]
    list_select_related = ["season"]
    search_fields = ["reference_number", "title"]
    show_full_result_count = False  # the library can hold thousands of ideas
    readonly_fields = [
        "season",
        "reference_number",
        "sequence",
        "status",
        "team",
        "division",
        "bureau",
        "team_name",
        "division_name",
        "bureau_name",
        "created_by",
        "submitted_by",
        "submitted_at",
        "is_representative",
        "duplicate_of",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [IdeaAttachmentInline]
    fieldsets = [
        (
            _("접수"),
            {"fields": ["season", "reference_number", "sequence", "status", "submitted_at"]},
        ),
        (
            _("제출 당시 소속"),
            {"fields": ["team", "division", "bureau", "team_name", "division_name", "bureau_name"]},
        ),
        (
            _("내용"),
            {
                "fields": [
                    "title",
                    "summary",
                    "problem",
                    "proposal",
                    "expected_effect",
                    "implementation_path",
                    "budget_estimate_krw",
                ]
            },
        ),
        (
            _("벤치마킹"),
            {
                "fields": [
                    "source_type",
                    "source_institution",
                    "source_location",
                    "visited_on",
                    "lessons_learned",
                ]
            },
        ),
        (_("업무 혁신"), {"fields": ["action", "hours_saved_per_year"]}),
        (
            _("기록"),
            {
                "fields": [
                    "co_authors",
                    "created_by",
                    "submitted_by",
                    "is_representative",
                    "duplicate_of",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    # Read only: teams write ideas through the services (version lock, history), and
    # "ideas.change_idea" is the team's editing rule, which must not open the admin form.
    def has_view_permission(self, request, obj=None):
        if not request.user.has_perm("ideas.view_idea_in_admin"):
            return False
        # A team's draft is the team's own here as on the pages and in the API.
        return obj is None or request.user.has_perm("ideas.view_idea", obj)

    def get_queryset(self, request):
        return super().get_queryset(request).readable_by(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Exemption)
class ExemptionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["team_name", "season", "bureau", "reason", "status", "filed_at", "decided_at"]
    list_filter = ["season", "status", "bureau", "reason"]
    list_select_related = ["season", "bureau"]
    search_fields = ["team_name", "reason_text"]
    # Filed by the team leader and decided by the bureau director on their pages.
    readonly_fields = [
        "season",
        "team",
        "team_name",
        "bureau",
        "reason",
        "reason_text",
        "status",
        "filed_by",
        "filed_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def has_add_permission(self, request):
        return False
