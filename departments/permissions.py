"""Who may do what with the organisation, and the role predicates other apps build on.

Every rule is a ``rules`` predicate registered as a Django permission, so pages
(``user.has_perm``), templates (``{% has_perm %}``), the API (``core.permissions``) and the
admin (``ObjectPermissionsModelAdmin``) all ask the same question in the same place.
"""

import rules

from departments.models import Position, Role


@rules.predicate
def is_system_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.SYSTEM_ADMIN)))


@rules.predicate
def is_planning_office(user) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.PLANNING_OFFICE))


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.REVIEWER))


@rules.predicate
def is_team_leader(user) -> bool:
    return bool(user.is_authenticated and user.position == Position.TEAM_LEADER)


@rules.predicate
def is_bureau_director(user) -> bool:
    return bool(user.is_authenticated and user.position == Position.BUREAU_DIRECTOR)


@rules.predicate
def is_division_head(user) -> bool:
    return bool(user.is_authenticated and user.position == Position.DIVISION_HEAD)


@rules.predicate
def belongs_to_a_team(user) -> bool:
    return bool(user.is_authenticated and user.team_id)


@rules.predicate
def is_director_of_bureau(user, bureau) -> bool:
    return bool(bureau is not None and is_bureau_director(user) and user.bureau_id == bureau.pk)


is_staff_member = rules.is_authenticated
manages_organisation = is_system_admin | is_planning_office


@rules.predicate
def is_privileged_account(user, target) -> bool:
    """A superuser or system administrator: only system administrators may change one."""
    return bool(target is not None and (target.is_superuser or target.has_role(Role.SYSTEM_ADMIN)))


# The planning office keeps ordinary staff records (and appoints reviewers); superuser, staff,
# the system-administrator group and tokens are granted by system administrators only.
grants_privileges = is_system_admin
changes_user = is_system_admin | (is_planning_office & ~is_privileged_account)

# Reading the org chart: every member of staff (no silos).
rules.add_perm("departments.view_orgchart", is_staff_member)
# Employee numbers are log-in names: only those who keep the organisation see or search them.
rules.add_perm("departments.view_employee_number", manages_organisation)
# Importing the HR sheet: the planning office and system admins.
rules.add_perm("departments.import_orgchart", manages_organisation)
# Django admin for the org models and people.
rules.add_perm("departments", manages_organisation)
for _model in ("bureau", "division", "team", "user"):
    rules.add_perm(f"departments.view_{_model}", manages_organisation)
    rules.add_perm(f"departments.add_{_model}", manages_organisation)
    rules.add_perm(
        f"departments.change_{_model}",
        changes_user if _model == "user" else manages_organisation,
    )
    # Units are deactivated, not deleted; the admin may delete only what nothing refers to.
    rules.add_perm(f"departments.delete_{_model}", is_system_admin)
# Issuing and revoking API tokens (in the admin): system admins only.
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"authtoken.{_action}_tokenproxy", is_system_admin)
    rules.add_perm(f"authtoken.{_action}_token", is_system_admin)
rules.add_perm("authtoken", is_system_admin)
