"""Participation's page actions: each posts a form, calls one service and goes back to the
target's panel (#participation); a refused rule comes back as a message at the panel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import BusinessRuleError
from participation import selectors, services
from participation.models import Comment
from participation.targets import resolve


def _target(kind: str, pk: int):
    target = resolve(kind, pk)
    if target is None:
        raise Http404
    return target


def _back(target) -> str:
    return target.get_absolute_url() + "#participation"


def _act(request, action, success: str, back: str):
    try:
        action()
    except BusinessRuleError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


@require_POST
def comment_create(request, kind: str, pk: int):
    target = _target(kind, pk)
    parent = None
    if request.POST.get("parent"):
        parent = (
            Comment.objects.filter(pk=request.POST["parent"]).first()
            if request.POST["parent"].isdigit()
            else None
        )
        if parent is None:
            raise Http404
    return _act(
        request,
        lambda: services.comment_post(
            target=target, body=request.POST.get("body", ""), by=request.user, parent=parent
        ),
        _("의견을 남겼습니다."),
        _back(target),
    )


@require_POST
def endorse(request, kind: str, pk: int):
    target = _target(kind, pk)
    if request.POST.get("undo"):
        action = lambda: services.endorsement_remove(target=target, by=request.user)  # noqa: E731
        done = _("공감을 거두었습니다.")
    else:
        action = lambda: services.endorsement_add(target=target, by=request.user)  # noqa: E731
        done = _("공감했습니다.")
    return _act(request, action, done, _back(target))


def _comment(pk: int) -> Comment:
    return get_object_or_404(Comment, pk=pk)


@require_POST
def comment_edit(request, pk: int):
    comment = _comment(pk)
    return _act(
        request,
        lambda: services.comment_edit(
            comment=comment, body=request.POST.get("body", ""), by=request.user
        ),
        _("의견을 고쳤습니다."),
        services.target_url(comment),
    )


@require_POST
def comment_delete(request, pk: int):
    comment = _comment(pk)
    return _act(
        request,
        lambda: services.comment_delete(comment=comment, by=request.user),
        _("의견을 지웠습니다."),
        services.target_url(comment),
    )


@require_POST
def comment_hide(request, pk: int):
    comment = _comment(pk)
    return _act(
        request,
        lambda: services.comment_hide(
            comment=comment, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("의견을 숨겼습니다."),
        services.target_url(comment),
    )


@require_POST
def comment_report(request, pk: int):
    comment = _comment(pk)
    return _act(
        request,
        lambda: services.comment_report(
            comment=comment, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("의견을 신고했습니다. 기획조정실이 살펴봅니다."),
        services.target_url(comment),
    )


@require_GET
def moderation(request):
    if not request.user.has_perm("participation.moderate"):
        raise PermissionDenied
    return render(
        request, "participation/moderation.html", {"comments": selectors.reported_comments()[:200]}
    )


app_name = "participation"
urlpatterns = [
    path("moderation/", moderation, name="moderation"),
    path("<slug:kind>/<int:pk>/comments/", comment_create, name="comment_create"),
    path("<slug:kind>/<int:pk>/endorse/", endorse, name="endorse"),
    path("comments/<int:pk>/edit/", comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comment_delete, name="comment_delete"),
    path("comments/<int:pk>/hide/", comment_hide, name="comment_hide"),
    path("comments/<int:pk>/report/", comment_report, name="comment_report"),
]
