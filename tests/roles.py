"""The roles every permission matrix walks, named as the ``roles`` fixture and the demo
data name them (tests/conftest.py)."""

ROLES = [
    "team_member",
    "team_leader",
    "division_head",
    "bureau_director",
    "reviewer",
    "planning_office",
    "system_admin",
]
# Those who manage seasons and reviews: the planning office and system admins.
MANAGERS = {"planning_office", "system_admin"}
