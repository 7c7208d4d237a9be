"""What every page shows about the signed-in person: the menu and who they are.

Costs per page: nothing for the menu (rules and the cached ``user.role_names``), one query
for the person's place in the org chart, made only when a template shows it. The 500 page
renders without these (``core.views.server_error``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from core.navigation import visible_groups, visible_items
from departments.models import Position, Role

# What a person does by their position in the org chart (no group needed): a team leader
# is not "without a role" because submitting is theirs by position.
POSITION_ROLES = {
    Position.TEAM_MEMBER: _("아이디어 작성(팀원)"),
    Position.TEAM_LEADER: _("아이디어 제출(팀장)"),
    Position.BUREAU_DIRECTOR: _("실·국 현황 보기(실·국장)"),
}


@dataclass(frozen=True)
class Person:
    """The signed-in person as the header and the home page describe them."""

    full_name: str
    position: str
    bureau: str
    division: str
    team: str
    roles: list[str] = field(default_factory=list)
    # What the position gives (the home page shows it; the header, short, does not).
    position_role: str = ""

    @property
    def all_roles(self) -> list[str]:
        return [self.position_role, *self.roles] if self.position_role else self.roles

    @property
    def unit(self) -> str:
        """The unit at the level of the position: the team, else the division, else the bureau."""
        return self.team or self.division or self.bureau

    @property
    def org_path(self) -> list[str]:
        return [name for name in (self.bureau, self.division, self.team) if name]


def role_labels(user) -> list[str]:
    names = set(user.role_names)
    if user.is_superuser:
        names.add(Role.SYSTEM_ADMIN)
    return [role.label for role in Role if role in names]


def signed_in_person(request) -> Person | None:
    """The person behind ``request.user``, read once per request (one query)."""
    user = request.user
    if not user.is_authenticated:
        return None
    if not hasattr(request, "_signed_in_person"):
        # The auth backend loads the user with the units (departments.backends.get_user);
        # a user loaded otherwise costs one query here.
        placed = user
        if not {"bureau", "division", "team"} <= set(user._state.fields_cache):
            people = get_user_model()._default_manager
            placed = people.select_related("bureau", "division", "team").get(pk=user.pk)
        request._signed_in_person = Person(
            full_name=user.full_name,
            position=user.get_position_display(),
            bureau=placed.bureau.name if placed.bureau else "",
            division=placed.division.name if placed.division else "",
            team=placed.team.name if placed.team else "",
            roles=role_labels(user),
            position_role=str(POSITION_ROLES.get(user.position, "")),
        )
    return request._signed_in_person


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "utility_items": [], "person": None}
    return {
        "nav_groups": visible_groups(user, request.path),
        "utility_items": visible_items(user, request.path, utility=True),
        "person": SimpleLazyObject(lambda: signed_in_person(request)),
    }
