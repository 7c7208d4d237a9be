"""DRF glue: API permission classes that ask the same ``rules`` as the pages."""

from rest_framework.permissions import BasePermission


class HasRulesPermission(BasePermission):
    """Checks ``view.permission_required`` (a rules permission name) for the caller.

    ``permission_required`` may be a string or a dict mapping DRF actions to permission
    names; object-level checks pass the object to the same rule.
    """

    def _perm_for(self, view) -> str | None:
        required = getattr(view, "permission_required", None)
        if isinstance(required, dict):
            return required.get(getattr(view, "action", None) or view.request.method.lower())
        return required

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        perm = self._perm_for(view)
        return perm is None or request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj) -> bool:
        perm = self._perm_for(view)
        return perm is None or request.user.has_perm(perm, obj)


def _register_rules() -> None:
    """The calendar of extra holidays: kept by the planning office and system admins."""
    import rules

    from departments.permissions import manages_organisation

    rules.add_perm("core", manages_organisation)
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"core.{action}_calendarday", manages_organisation)

    # django-axes' log-in lockouts: a system administrator reads them and unlocks an
    # account by deleting its row (접속 시도) in the admin.
    from departments.permissions import is_system_admin

    rules.add_perm("axes", is_system_admin)
    for model in ("accessattempt", "accessfailurelog", "accesslog"):
        rules.add_perm(f"axes.view_{model}", is_system_admin)
        rules.add_perm(f"axes.delete_{model}", is_system_admin)
