"""Helpers shared by the review pages."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def require(request, perm: str, obj=None) -> None:
    # rules.has_perm, not user.has_perm: the ModelBackend would first query the database
    # for the user's Django permissions, which never grant these.
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def can(request, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def back(request, default: str) -> HttpResponseRedirect:
    """Back to ``next`` when it points into this site, else to ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)
