"""Pages of the team: drafting, attaching, submitting, withdrawing, filing exemptions.

Every view gets the idea scoped to the user (a draft of another team is a 404: its
existence is the team's business), checks the ``rules`` permission, validates with a form
and calls ``ideas.services``. A refused business rule comes back as form errors at their
fields (``apply_rule_error``); the page is re-rendered with what the user typed.
"""

from __future__ import annotations

import uuid

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods

from core import refusals
from core.actions import PageAction, require
from core.errors import EditConflict
from departments.models import Team
from ideas import permissions, search, selectors, services
from ideas.attachments import download_response
from ideas.filters import IdeaFilter
from ideas.forms.team import (
    AttachmentForm,
    ExemptionForm,
    IdeaConflictForm,
    IdeaForm,
    WithdrawForm,
)
from ideas.models import Idea, IdeaAttachment, QuotaStatus, Season

IDEAS_PER_PAGE = 20
# The create page remembers which draft its autosave made (form key → idea id), so a
# second autosave or the plain "임시 저장" updates that draft instead of making another.
DRAFT_KEYS_SESSION = "ideas_draft_keys"
DRAFT_KEYS_KEPT = 20

# Helpers -----------------------------------------------------------------------------


def _visible_idea(request, pk: int) -> Idea:
    """The idea if the user may read it; a draft of another team does not exist for them."""
    try:
        idea = selectors.idea_detail(pk=pk)
    except Idea.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("ideas.view_idea", idea):
        raise Http404
    return idea


def _deadline(season: Season) -> str:
    return timezone.localtime(season.submission_closes_at).strftime("%Y-%m-%d %H:%M")


def _closed_page(request, season: Season, idea: Idea | None = None):
    return render(
        request,
        "ideas/idea_closed.html",
        {"season": season, "idea": idea, "message": permissions.closed_reason(season)},
    )


def _closed_for_team(user, idea: Idea) -> bool:
    """The team's own draft, past the deadline: say so rather than refuse."""
    return (
        idea.team_id == user.team_id
        and idea.status == Idea.Status.DRAFT
        and not idea.season.is_accepting_submissions()
    )


def _submit_refusal(user, season: Season, idea: Idea | None) -> str | None:
    """Why the 제출 button is disabled for this user, or None (the rule's own reason)."""
    probe = idea or Idea(season=season, team_id=user.team_id, status=Idea.Status.DRAFT)
    return refusals.why_not("ideas.submit_idea", user, probe)


def _status_fragment(request, *, idea=None, error="", conflict=False):
    """The small autosave status (and the new hidden version, swapped out of band)."""
    return render(
        request,
        "ideas/partials/autosave_status.html",
        {
            "idea": idea,
            "saved_at": timezone.localtime() if idea and not error else None,
            "error": error,
            "conflict": conflict,
        },
    )


def _conflict(form) -> bool:
    """Whether the form failed because somebody else saved first (EditConflict)."""
    return any(e.code == "conflict" for e in form.errors.as_data().get("__all__", []))


def _first_error(form) -> str:
    if form.non_field_errors():
        return form.non_field_errors()[0]
    return _(
        "입력 내용에 확인할 곳이 있어 자동 저장하지 못했습니다. ‘임시 저장’을 눌러 확인하세요."
    )


def _render_form(
    request, *, form, season, idea=None, attachment_form=None, draft_key="", conflict_form=None
):
    user = request.user
    context = {
        "conflict_form": conflict_form,
        "form": form,
        "season": season,
        "idea": idea,
        "draft_key": draft_key,
        "deadline": _deadline(season),
        "submit_refusal": _submit_refusal(user, season, idea),
        "conflict": _conflict(form),
        "attachment_form": attachment_form or AttachmentForm(),
        "attachments": IdeaAttachment.objects.filter(idea=idea) if idea else [],
        "can_edit": True,
    }
    return render(request, "ideas/idea_form.html", context)


def _after_save(request, idea: Idea, *, submitted: bool):
    idea.refresh_from_db()
    if submitted:
        messages.success(
            request,
            _("제출했습니다. 접수번호는 %(number)s입니다.") % {"number": idea.reference_number},
        )
        return redirect(idea)
    messages.success(request, _("임시 저장했습니다."))
    return redirect("ideas:idea_edit", pk=idea.pk)


def _remember_draft(request, key: str, idea: Idea) -> None:
    keys = request.session.get(DRAFT_KEYS_SESSION, {})
    keys[key] = idea.pk
    request.session[DRAFT_KEYS_SESSION] = dict(list(keys.items())[-DRAFT_KEYS_KEPT:])


def _remembered_draft(request, key: str) -> Idea | None:
    pk = request.session.get(DRAFT_KEYS_SESSION, {}).get(key)
    if pk is None:
        return None
    idea = Idea.objects.filter(pk=pk, created_by=request.user).first()
    return selectors.idea_detail(pk=idea.pk) if idea else None


# My team's ideas -------------------------------------------------------------------------


@require_GET
def team_ideas(request):
    """우리 팀 아이디어: every season, drafts included, with the quota of each open season."""
    user = request.user
    if not user.team_id:
        return render(request, "ideas/team_ideas.html", {"no_team": True}, status=403)
    team = Team.objects.select_related("division__bureau").get(pk=user.team_id)
    open_seasons = list(Season.objects.filter(status=Season.Status.OPEN))
    quotas = []
    for season in open_seasons:  # one query per open season; there are one or two
        quota = selectors.team_quota(season=season).filter(pk=team.pk).first()
        quotas.append(
            {
                "season": season,
                "team": quota,
                "label": QuotaStatus(quota.quota_status).label if quota else "",
                "accepting": season.is_accepting_submissions(),
                "deadline": _deadline(season),
                "can_exempt": user.has_perm("ideas.file_exemption", season),
            }
        )
    filterset = IdeaFilter(request.GET, queryset=selectors.team_ideas(team_id=team.pk))
    # One team is in one bureau; a representative is a bureau's pick, shown as a badge.
    del filterset.filters["bureau"]
    del filterset.filters["is_representative"]
    for name, field in filterset.form.fields.items():
        field.widget.attrs["class"] = "krds-input" if name == "q" else "krds-form-select"
        if hasattr(field, "empty_label"):
            field.empty_label = _("최근 수정순") if name == "ordering" else _("전체")
            if not hasattr(field, "queryset"):  # re-list the choices under the new label
                field.choices = [c for c in field.choices if c[0] != ""]
    ideas = filterset.qs if filterset.is_valid() else Idea.objects.none()
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/team_ideas.html",
        {
            "team": team,
            "quotas": quotas,
            "filter": filterset,
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "can_draft": any(q["accepting"] for q in quotas),
        },
    )


# Writing an idea -------------------------------------------------------------------------


class IdeaFormPage(PageAction):
    """The idea page: save what the team typed (and submit it), or autosave it by htmx.

    ``self.object`` is the draft being edited, or None for a new one; either way the one
    service is ``ideas.services.idea_save``.
    """

    form_class = IdeaForm
    template_name = "ideas/idea_form.html"
    draft_key = ""

    @property
    def season(self) -> Season:
        return self.object.season

    def get_form_kwargs(self):
        idea = self.object
        if idea is None:
            user = self.request.user
            extra = {"season": self.season, "team_id": user.team_id, "author_id": user.pk}
        else:
            extra = {"season": idea.season, "team_id": idea.team_id, "idea": idea}
        return {**super().get_form_kwargs(), **extra}

    def submitting(self) -> bool:
        return "submit" in self.request.POST and not self.request.htmx

    def perform(self, form):
        data = form.cleaned_data
        return services.idea_save(
            season=self.season,
            idea=self.object,
            by=self.request.user,
            version=data.get("version") or 0,
            submit=self.submitting(),
            co_authors=data["co_authors"],
            **form.content(),
        )

    conflict_form = None

    def refused(self, form, exc):
        if isinstance(exc, EditConflict):
            # What the person typed stays in the form; the page puts it beside the latest
            # saved version, field by field, to merge or to save on top of it.
            if self.object is not None and not self.request.htmx:
                self.conflict_form = IdeaConflictForm(typed=form, latest=self.object)
            form.add_error(None, ValidationError(exc.message, code="conflict"))
            return self.failed(form)
        return super().refused(form, exc)

    def succeeded(self, form, result):
        if self.object is None:
            _remember_draft(self.request, self.draft_key, result)
        if self.request.htmx:
            if self.object is not None:
                result.refresh_from_db()
            return _status_fragment(self.request, idea=result)
        return _after_save(self.request, result, submitted=self.submitting())

    def failed(self, form):
        if self.request.htmx:
            if self.object is None:
                return _status_fragment(self.request, error=_first_error(form))
            return _status_fragment(
                self.request, idea=self.object, error=_first_error(form), conflict=_conflict(form)
            )
        return self.render(form)

    def render(self, form, status=200):
        return _render_form(
            self.request,
            form=form,
            season=self.season,
            idea=self.object,
            draft_key=self.draft_key,
            conflict_form=self.conflict_form,
        )


class IdeaEdit(IdeaFormPage):
    permission = "ideas.change_idea"

    def get_object(self):
        return _visible_idea(self.request, self.kwargs["pk"])

    def denied(self):
        user, idea = self.request.user, self.object
        if _closed_for_team(user, idea):
            return _closed_page(self.request, self.season, idea)
        if idea.team_id == user.team_id and idea.status != Idea.Status.DRAFT:
            # The team's own submitted (or withdrawn) idea: say what it is, on the idea.
            messages.info(self.request, refusals.why_not("ideas.change_idea", user, idea) or "")
            return redirect(idea.get_absolute_url())
        return super().denied()


class IdeaAutosave(IdeaEdit):
    """htmx: save the draft while the team types; the reply is a small status line."""

    http_method_names = ["post"]

    def denied(self):
        if not self.season.is_accepting_submissions():
            return _status_fragment(self.request, error=permissions.closed_reason(self.season))
        return _status_fragment(
            self.request,
            error=refusals.why_not("ideas.change_idea", self.request.user, self.object),
        )


class IdeaCreate(IdeaFormPage):
    """A new draft in an open season (?season=); with several open, the user picks one."""

    permission = "ideas.draft_in_season"

    @property
    def season(self) -> Season:
        return self.object.season if self.object is not None else self.chosen_season

    def dispatch(self, request, *args, **kwargs):
        if not request.user.team_id:
            raise PermissionDenied
        season_id = request.GET.get("season", "")
        if season_id.isdigit():
            self.chosen_season = get_object_or_404(
                Season.objects.exclude(status=Season.Status.DRAFT), pk=season_id
            )
        else:
            seasons = list(Season.objects.accepting_submissions().order_by("submission_closes_at"))
            if len(seasons) != 1:
                return render(request, "ideas/idea_season_choice.html", {"seasons": seasons})
            self.chosen_season = seasons[0]
        if not rules.has_perm(self.permission, request.user, self.chosen_season):
            if request.htmx:
                return _status_fragment(
                    request, error=permissions.closed_reason(self.chosen_season)
                )
            return _closed_page(request, self.chosen_season)
        self.object = None
        self.draft_key = request.POST.get("draft_key", "")
        existing = _remembered_draft(request, self.draft_key) if self.draft_key else None
        if existing is not None:
            # The autosave already made this draft: save into it (and keep the one draft).
            self.object = existing
            require(request, "ideas.change_idea", existing)
            return self.post(request, *args, **kwargs)
        self.draft_key = self.draft_key or uuid.uuid4().hex
        return View.dispatch(self, request, *args, **kwargs)


# Reading, submitting, withdrawing ---------------------------------------------------------


@require_GET
def idea_detail(request, pk: int):
    idea = _visible_idea(request, pk)
    user = request.user
    can = {
        name: user.has_perm(f"ideas.{name}", idea)
        for name in (
            "change_idea",
            "submit_idea",
            "withdraw_idea",
            "send_back_idea",
            "mark_representative",
            "link_duplicate",
            "see_proposer",
        )
    }
    own_team = idea.team_id == user.team_id
    pending = idea.status in (Idea.Status.DRAFT, Idea.Status.RETURNED)
    context = {
        "idea": idea,
        "can": can,
        "own_team": own_team,
        "submit_refusal": refusals.why_not("ideas.submit_idea", user, idea)
        if own_team and pending
        else None,
        "closed_message": permissions.closed_reason(idea.season)
        if _closed_for_team(user, idea)
        else "",
        "deadline": _deadline(idea.season),
        "budget": f"{idea.budget_estimate_krw:,}" if idea.budget_estimate_krw else "",
    }
    return render(request, "ideas/idea_detail.html", context)


class IdeaSubmit(PageAction):
    """GET: what a submission still needs (or why it cannot be made); POST: submit."""

    template_name = "ideas/idea_submit.html"
    success_message = gettext_lazy("제출했습니다. 접수번호는 %(number)s입니다.")

    def get_object(self):
        return _visible_idea(self.request, self.kwargs["pk"])

    def perform(self, form):
        return services.idea_submit(idea=self.object, by=self.request.user)

    def message_values(self, form, result):
        return {"number": result.reference_number}

    def refused(self, form, exc):
        return self.render(form, errors=_labelled(self.object, exc.errors))

    def render(self, form, status=200, errors=None):
        idea, user = self.object, self.request.user
        refusal = refusals.why_not("ideas.submit_idea", user, idea)
        if errors is None:
            errors = _labelled(idea, services.submission_errors(idea)) if refusal is None else []
        context = {
            "idea": idea,
            "refusal": refusal,
            "errors": errors,
            "deadline": _deadline(idea.season),
            "closed": refusal is not None and not idea.season.is_accepting_submissions(),
            "can_edit": user.has_perm("ideas.change_idea", idea),
        }
        return render(self.request, self.template_name, context)


def _labelled(idea: Idea, errors: dict) -> list[tuple[str, str]]:
    """[(field label, message)] for a page that lists what a submission lacks."""
    result = []
    for field, field_messages in errors.items():
        label = str(Idea._meta.get_field(field).verbose_name) if field else ""
        result.extend((label, message) for message in field_messages)
    return result


class IdeaWithdraw(PageAction):
    """Confirm, then withdraw a submitted idea (the team leader, before the deadline)."""

    permission = "ideas.withdraw_idea"
    form_class = WithdrawForm
    template_name = "ideas/idea_withdraw.html"
    success_message = gettext_lazy("아이디어를 철회했습니다.")

    def get_object(self):
        return _visible_idea(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(idea=self.object, **kwargs)

    def perform(self, form):
        return services.idea_withdraw(idea=self.object, by=self.request.user, **form.cleaned_data)


# Attachments ---------------------------------------------------------------------------


def _attachments_response(request, idea: Idea, form: AttachmentForm, notice: str = ""):
    if not request.htmx and notice:
        messages.success(request, notice)
    if request.htmx:
        return render(
            request,
            "ideas/partials/attachments.html",
            {
                "idea": idea,
                "attachments": IdeaAttachment.objects.filter(idea=idea),
                "attachment_form": form,
                "can_edit": True,
                "notice": notice,
            },
        )
    if form.errors:
        edit_form = IdeaForm(season=idea.season, team_id=idea.team_id, idea=idea)
        return _render_form(
            request, form=edit_form, season=idea.season, idea=idea, attachment_form=form
        )
    return redirect(reverse("ideas:idea_edit", args=[idea.pk]) + "#attachments")


class AttachmentUpload(PageAction):
    permission = "ideas.change_idea"
    form_class = AttachmentForm

    def get_object(self):
        return _visible_idea(self.request, self.kwargs["pk"])

    def perform(self, form):
        return services.attachment_add(
            idea=self.object, by=self.request.user, uploaded=form.cleaned_data["file"]
        )

    def succeeded(self, form, result):
        notice = _("%(name)s 파일을 올렸습니다.") % {"name": result.original_name}
        return _attachments_response(self.request, self.object, AttachmentForm(), notice)

    def failed(self, form):
        return _attachments_response(self.request, self.object, form)


class AttachmentDelete(PageAction):
    lookup_url_kwarg = "attachment_id"
    queryset = IdeaAttachment.objects.all()

    def has_permission(self):
        self.idea = _visible_idea(self.request, self.object.idea_id)
        require(self.request, "ideas.change_idea", self.idea)
        return True

    def perform(self, form):
        return services.attachment_remove(attachment=self.object, by=self.request.user)

    def succeeded(self, form, result):
        notice = _("%(name)s 파일을 지웠습니다.") % {"name": self.object.original_name}
        return _attachments_response(self.request, self.idea, AttachmentForm(), notice)


@require_GET
def attachment_download(request, attachment_id: int):
    """The file under its original name, to those who may read the idea (never /media/)."""
    attachment = get_object_or_404(IdeaAttachment.objects.select_related("idea"), pk=attachment_id)
    if not request.user.has_perm("ideas.view_attachment", attachment.idea):
        raise Http404
    return download_response(attachment)


# Similar ideas ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def similar_ideas(request):
    """htmx: up to five submitted ideas like the title (and summary) being typed: the same
    list as POST /api/v1/ideas/similar/.

    The form POSTs (a long summary does not fit in a URL); GET works for links and tests.
    """
    data = request.POST if request.method == "POST" else request.GET
    exclude = data.get("exclude", "")
    # What is typed is cut to search.TYPED_LIMITS there, as for the API.
    found = search.similar_ideas(
        title=data.get("title", ""),
        summary=data.get("summary", ""),
        exclude_pk=int(exclude) if exclude.isdigit() else None,
    )
    return render(request, "ideas/partials/similar_ideas.html", {"similar": found})


# Exemptions ----------------------------------------------------------------------------


class ExemptionCreate(PageAction):
    """The team leader asks that the team be exempt from submitting in a season."""

    form_class = ExemptionForm
    template_name = "ideas/exemption_form.html"
    success_message = gettext_lazy(
        "제출 예외를 신청했습니다. 실·국장이 승인하면 제출 현황에 ‘제출 예외’로 표시됩니다."
    )
    success_url = "ideas:team_ideas"

    def dispatch(self, request, *args, **kwargs):
        season_id = request.GET.get("season", "")
        if season_id.isdigit():
            self.season = get_object_or_404(
                Season.objects.exclude(status=Season.Status.DRAFT), pk=season_id
            )
        else:
            seasons = list(
                Season.objects.accepting_submissions()
                .filter(exemptions_allowed=True)
                .order_by("submission_closes_at")
            )
            if len(seasons) != 1:
                context = {"seasons": seasons, "exemption": True}
                return render(request, "ideas/idea_season_choice.html", context)
            self.season = seasons[0]
        self.refusal = refusals.why_not("ideas.file_exemption", request.user, self.season)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.refusal is not None:
            return self.render(self.get_form(), status=403)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.exemption_file(
            season=self.season, by=self.request.user, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        season = self.season
        context = {"season": season, "refusal": self.refusal, "deadline": _deadline(season)}
        return super().get_context_data(**context, **kwargs)
