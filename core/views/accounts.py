"""Signing in and out, the lockout page and passwords."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from core.forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    # POST only (Django 5); then a page of its own rather than straight back to log-in,
    # so that whoever shares the PC sees the session has ended.
    next_page = "core:logged_out"


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out log-in (AXES_LOCKOUT_CALLABLE), in Korean."""
    from django.conf import settings

    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@login_not_required
def logged_out(request):
    return render(request, "registration/logged_out.html")


# Passwords: each member of staff changes their own; a system administrator sends a one-time
# reset link from the admin (departments.services.user_send_password_reset). Routes in
# config/urls.py beside log-in and log-out.
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_form.html"
    success_url = reverse_lazy("password_reset_complete")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_done.html"
