"""Core pages: the home page, signing in and out, passwords and the error pages.

The names stay importable from ``core.views`` (config/urls.py, AXES_LOCKOUT_CALLABLE,
handler403/404/500).
"""

from core.views.accounts import (
    LoginView,
    LogoutView,
    PasswordChangeDoneView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    locked_out,
    logged_out,
)
from core.views.errors import page_not_found, permission_denied, server_error
from core.views.home_page import home

__all__ = [
    "LoginView",
    "LogoutView",
    "PasswordChangeDoneView",
    "PasswordChangeView",
    "PasswordResetCompleteView",
    "PasswordResetConfirmView",
    "home",
    "locked_out",
    "logged_out",
    "page_not_found",
    "permission_denied",
    "server_error",
]
