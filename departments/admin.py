from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from core.errors import BusinessRuleError
from departments import permissions, services
from departments.models import Bureau, Division, Role, Team, User


@admin.action(description=_("선택한 조직 폐지(비활성화)"))
def deactivate_units(modeladmin, request, queryset):
    done = 0
    for unit in queryset:
        try:
            services.unit_deactivate(unit=unit)
            done += 1
        except BusinessRuleError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%d개 조직을 폐지했습니다.") % done, messages.SUCCESS)


@admin.action(description=_("선택한 조직 다시 운영"))
def reactivate_units(modeladmin, request, queryset):
    for unit in queryset:
        try:
            services.unit_reactivate(unit=unit)
        except BusinessRuleError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)


class OrgUnitAdmin(ObjectPermissionsModelAdmin):
    actions = [deactivate_units, reactivate_units]
    readonly_fields = ["deactivated_at", "created_at", "updated_at"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Activity changes go through the services, which check the rules of 조직개편.
        return [*self.readonly_fields, "is_active"]


@admin.register(Bureau)
class BureauAdmin(OrgUnitAdmin):
    list_display = ["name", "code", "kind", "display_order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["display_order"]


@admin.register(Division)
class DivisionAdmin(OrgUnitAdmin):
    list_display = ["name", "code", "bureau", "display_order", "is_active"]
    list_filter = ["is_active", "bureau"]
    list_select_related = ["bureau"]
    autocomplete_fields = ["bureau"]
    search_fields = ["name", "code", "bureau__name"]


@admin.register(Team)
class TeamAdmin(OrgUnitAdmin):
    list_display = ["name", "code", "division", "bureau_name", "is_active"]
    list_filter = ["is_active", "division__bureau"]
    list_select_related = ["division__bureau"]
    autocomplete_fields = ["division"]
    search_fields = ["name", "code", "division__name", "division__bureau__name"]

    @admin.display(description=_("실·국"), ordering="division__bureau__name")
    def bureau_name(self, obj):
        return obj.division.bureau.name


@admin.action(description=_("선택한 직원에게 비밀번호 설정 링크 보내기"))
def send_password_reset(modeladmin, request, queryset):
    sent = 0
    for user in queryset:
        try:
            services.user_send_password_reset(user=user, by=request.user)
            sent += 1
        except BusinessRuleError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
    if sent:
        modeladmin.message_user(
            request, _("%d명에게 비밀번호 설정 링크를 보냈습니다.") % sent, messages.SUCCESS
        )


@admin.register(User)
class UserAdmin(ObjectPermissionsModelAdmin):
    actions = [send_password_reset]
    list_display = [
        "full_name",
        "employee_number",
        "username",
        "position",
        "team",
        "bureau",
        "is_active",
    ]
    list_filter = ["is_active", "position", "groups", "bureau"]
    list_select_related = ["team", "bureau"]
    search_fields = ["full_name", "employee_number", "username", "email"]
    autocomplete_fields = ["bureau", "division", "team"]
    filter_horizontal = ["groups"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "employee_number", "full_name", "email"]}),
        (_("소속"), {"fields": ["position", "bureau", "division", "team"]}),
        (_("역할과 권한"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("기록"), {"fields": ["last_login", "date_joined"]}),
    ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.grants_privileges(request.user):
            actions.pop("send_password_reset", None)
        return actions

    def get_queryset(self, request):
        # Nobody but a superuser opens (or even lists) a superuser's row.
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.exclude(is_superuser=True)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.grants_privileges(request.user):
            fields += ["is_staff", "is_superuser"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not permissions.grants_privileges(request.user):
            kwargs["queryset"] = db_field.remote_field.model.objects.exclude(name=Role.SYSTEM_ADMIN)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
