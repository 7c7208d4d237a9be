"""Participation's page actions (core.actions.PageAction): each a button or small form
posted from the target's page; one service; back to the target's panel (#participation),
a refusal as a message there."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.actions import PageAction
from participation import selectors, services
from participation.forms import BodyForm, CommentForm, EndorseForm, ReasonForm
from participation.models import Comment
from participation.targets import resolve


class _OnTarget(PageAction):
    """An action on a target named in the URL by kind (idea, task) and id."""

    def get_object(self):
        target = resolve(self.kwargs["kind"], self.kwargs["pk"])
        if target is None:
            raise Http404
        return target

    def get_success_url(self, result=None):
        return self.object.get_absolute_url() + "#participation"


class CommentCreate(_OnTarget):
    form_class = CommentForm
    success_message = _("의견을 남겼습니다.")

    def perform(self, form):
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                raise Http404
        return services.comment_post(
            target=self.object, body=form.cleaned_data["body"], by=self.request.user, parent=parent
        )

    def get_success_message(self, form, result):
        return str(self.success_message)


class Endorse(_OnTarget):
    form_class = EndorseForm

    def perform(self, form):
        if form.cleaned_data["undo"]:
            services.endorsement_remove(target=self.object, by=self.request.user)
            return _("공감을 거두었습니다.")
        services.endorsement_add(target=self.object, by=self.request.user)
        return _("공감했습니다.")

    def get_success_message(self, form, result):
        return str(result)


class _OnComment(PageAction):
    queryset = Comment.objects.all()
    object_argument = "comment"

    def get_success_url(self, result=None):
        return services.target_url(self.object)

    def get_success_message(self, form, result):
        return str(self.success_message)


class CommentEdit(_OnComment):
    form_class = BodyForm
    success_message = _("의견을 고쳤습니다.")
    service = services.comment_edit


class CommentDelete(_OnComment):
    success_message = _("의견을 지웠습니다.")
    service = services.comment_delete


class CommentHide(_OnComment):
    form_class = ReasonForm
    permission = "participation.hide_comment"
    success_message = _("의견을 숨겼습니다.")
    service = services.comment_hide


class CommentReport(_OnComment):
    form_class = ReasonForm
    success_message = _("의견을 신고했습니다. 기획조정실이 살펴봅니다.")
    service = services.comment_report


@require_GET
def moderation(request):
    if not request.user.has_perm("participation.moderate"):
        raise PermissionDenied
    return render(
        request, "participation/moderation.html", {"comments": selectors.reported_comments()[:200]}
    )
