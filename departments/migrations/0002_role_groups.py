"""Create one Django group per cross-cutting role (departments.models.Role).

What each role may do is decided by the rules in <app>/permissions.py; the groups only
say who holds the role, so they carry no model permissions of their own.
"""

from django.db import migrations

ROLES = ["reviewer", "planning_office", "system_admin"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
