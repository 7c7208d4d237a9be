"""Pages of the team: drafting, attaching, submitting, withdrawing, filing exemptions.

Every view gets the idea scoped to the user (a draft of another team is a 404: its
existence is the team's business), checks the ``rules`` permission, validates with a form
and calls ``ideas.services``. A refused business rule comes back as form errors at their
fields (``apply_rule_error``); the page is re-rendered with what the user typed.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import BusinessRuleError, EditConflict
from core.forms import apply_rule_error
from departments.models import Position, Team
from ideas import permissions, search, selectors, services
from ideas.filters import IdeaFilter
from ideas.forms.team import (
    AttachmentForm,
    ExemptionForm,
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


def _require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _deadline(season: Season) -> str:
    return timezone.localtime(season.submission_closes_at).strftime("%Y-%m-%d %H:%M")


def _closed_message(season: Season) -> str:
    if timezone.now() < season.submission_opens_at:
        opens = timezone.localtime(season.submission_opens_at).strftime("%Y-%m-%d %H:%M")
        return _("%(season)s은(는) 아직 접수를 시작하지 않았습니다. 접수 시작: %(opens)s") % {
            "season": season.name,
            "opens": opens,
        }
    return _(
        "%(season)s의 제출이 마감되었습니다(마감 %(closes)s). 더 이상 작성하거나 제출할 수 없습니다."
    ) % {"season": season.name, "closes": _deadline(season)}


def _closed_page(request, season: Season, idea: Idea | None = None):
    return render(
        request,
        "ideas/idea_closed.html",
        {"season": season, "idea": idea, "message": _closed_message(season)},
    )


def _closed_for_team(user, idea: Idea) -> bool:
    """The team's own draft, past the deadline: say so rather than refuse."""
    return (
        idea.team_id == user.team_id
        and idea.status == Idea.Status.DRAFT
        and not idea.season.is_accepting_submissions()
    )


def _submit_refusal(user, season: Season, idea: Idea | None) -> str | None:
    """Why the 제출 button is disabled for this user, or None (rules in ideas.permissions)."""
    probe = idea or Idea(season=season, team_id=user.team_id, status=Idea.Status.DRAFT)
    return permissions.submission_refusal(user, probe)


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


def _first_error(form) -> str:
    if form.non_field_errors():
        return form.non_field_errors()[0]
    return _(
        "입력 내용에 확인할 곳이 있어 자동 저장하지 못했습니다. ‘임시 저장’을 눌러 확인하세요."
    )


def _render_form(request, *, form, season, idea=None, attachment_form=None, draft_key=""):
    user = request.user
    conflict = any(e.code == "conflict" for e in form.errors.as_data().get("__all__", []))
    context = {
        "form": form,
        "season": season,
        "idea": idea,
        "draft_key": draft_key,
        "deadline": _deadline(season),
        "submit_refusal": _submit_refusal(user, season, idea),
        "conflict": conflict,
        "attachment_form": attachment_form or AttachmentForm(),
        "attachments": IdeaAttachment.objects.filter(idea=idea) if idea else [],
        "can_edit": True,
    }
    return render(request, "ideas/idea_form.html", context)


def _save(request, *, idea: Idea, form: IdeaForm, submit: bool) -> bool:
    """Save the draft (and submit it) in one transaction: all of it or nothing."""
    try:
        with transaction.atomic():
            saved = services.idea_update_draft(
                idea=idea,
                by=request.user,
                version=form.cleaned_data["version"] or 0,
                co_authors=form.cleaned_data["co_authors"],
                **form.content(),
            )
            if submit:
                services.idea_submit(idea=saved, by=request.user)
    except EditConflict as exc:
        form.add_error(None, _conflict_error(exc))
        return False
    except BusinessRuleError as exc:
        apply_rule_error(form, exc)
        return False
    return True


def _conflict_error(exc: EditConflict) -> ValidationError:
    return ValidationError(exc.message, code="conflict")


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
            "can_draft": any(q["accepting"] for q in quotas),
        },
    )


# Writing an idea -------------------------------------------------------------------------


def idea_create(request):
    """A new draft in an open season (?season=); with several open, the user picks one."""
    user = request.user
    if not user.team_id:
        raise PermissionDenied
    season_id = request.GET.get("season", "")
    if not season_id.isdigit():
        seasons = list(Season.objects.accepting_submissions().order_by("submission_closes_at"))
        if len(seasons) != 1:
            return render(request, "ideas/idea_season_choice.html", {"seasons": seasons})
        season = seasons[0]
    else:
        season = get_object_or_404(Season.objects.exclude(status=Season.Status.DRAFT), pk=season_id)
    if not user.has_perm("ideas.draft_in_season", season):
        if request.htmx:
            return _status_fragment(request, error=_closed_message(season))
        return _closed_page(request, season)

    draft_key = request.POST.get("draft_key", "")
    existing = _remembered_draft(request, draft_key) if draft_key else None
    if existing is not None:
        # The autosave already made this draft: save into it (and keep the one draft).
        return _edit_post(request, existing, draft_key=draft_key)

    form = IdeaForm(request.POST or None, season=season, team_id=user.team_id, author_id=user.pk)
    draft_key = draft_key or uuid.uuid4().hex
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST and not request.htmx
        try:
            with transaction.atomic():
                idea = services.idea_create_draft(
                    season=season,
                    by=user,
                    co_authors=form.cleaned_data["co_authors"],
                    **form.content(),
                )
                if submit:
                    services.idea_submit(idea=idea, by=user)
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            _remember_draft(request, draft_key, idea)
            if request.htmx:
                return _status_fragment(request, idea=idea)
            return _after_save(request, idea, submitted=submit)
    if request.htmx:
        return _status_fragment(request, error=_first_error(form))
    return _render_form(request, form=form, season=season, draft_key=draft_key)


def idea_edit(request, pk: int):
    idea = _visible_idea(request, pk)
    if not request.user.has_perm("ideas.change_idea", idea):
        if _closed_for_team(request.user, idea):
            return _closed_page(request, idea.season, idea)
        raise PermissionDenied
    if request.method == "POST":
        return _edit_post(request, idea)
    form = IdeaForm(season=idea.season, team_id=idea.team_id, idea=idea)
    return _render_form(request, form=form, season=idea.season, idea=idea)


def _edit_post(request, idea: Idea, *, draft_key: str = ""):
    _require(request, "ideas.change_idea", idea)
    form = IdeaForm(request.POST, season=idea.season, team_id=idea.team_id, idea=idea)
    submit = "submit" in request.POST and not request.htmx
    if form.is_valid() and _save(request, idea=idea, form=form, submit=submit):
        if request.htmx:
            idea.refresh_from_db()
            return _status_fragment(request, idea=idea)
        return _after_save(request, idea, submitted=submit)
    if request.htmx:
        conflict = any(e.code == "conflict" for e in form.errors.as_data().get("__all__", []))
        return _status_fragment(request, idea=idea, error=_first_error(form), conflict=conflict)
    return _render_form(request, form=form, season=idea.season, idea=idea, draft_key=draft_key)


@require_POST
def idea_autosave(request, pk: int):
    """htmx: save the draft while the team types; the reply is a small status line."""
    idea = _visible_idea(request, pk)
    if not request.user.has_perm("ideas.change_idea", idea):
        if not idea.season.is_accepting_submissions():
            return _status_fragment(request, error=_closed_message(idea.season))
        return _status_fragment(request, error=_("이 아이디어를 고칠 권한이 없습니다."))
    return _edit_post(request, idea)


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
        )
    }
    own_team = idea.team_id == user.team_id
    pending = idea.status in (Idea.Status.DRAFT, Idea.Status.RETURNED)
    context = {
        "idea": idea,
        "can": can,
        "own_team": own_team,
        "submit_refusal": permissions.submission_refusal(user, idea)
        if own_team and pending
        else None,
        "closed_message": _closed_message(idea.season) if _closed_for_team(user, idea) else "",
        "deadline": _deadline(idea.season),
        "budget": f"{idea.budget_estimate_krw:,}" if idea.budget_estimate_krw else "",
    }
    return render(request, "ideas/idea_detail.html", context)


def idea_submit(request, pk: int):
    """GET: what a submission still needs (or why it cannot be made); POST: submit."""
    idea = _visible_idea(request, pk)
    refusal = permissions.submission_refusal(request.user, idea)
    errors = []
    if request.method == "POST":
        try:
            idea = services.idea_submit(idea=idea, by=request.user)
        except BusinessRuleError as exc:
            errors = _labelled(idea, exc.errors)
        else:
            messages.success(
                request,
                _("제출했습니다. 접수번호는 %(number)s입니다.") % {"number": idea.reference_number},
            )
            return redirect(idea)
    elif refusal is None:
        errors = _labelled(idea, services.submission_errors(idea))
    return render(
        request,
        "ideas/idea_submit.html",
        {
            "idea": idea,
            "refusal": refusal,
            "errors": errors,
            "deadline": _deadline(idea.season),
            "closed": refusal is not None and not idea.season.is_accepting_submissions(),
            "can_edit": request.user.has_perm("ideas.change_idea", idea),
        },
    )


def _labelled(idea: Idea, errors: dict) -> list[tuple[str, str]]:
    """[(field label, message)] for a page that lists what a submission lacks."""
    result = []
    for field, field_messages in errors.items():
        label = str(Idea._meta.get_field(field).verbose_name) if field else ""
        result.extend((label, message) for message in field_messages)
    return result


def idea_withdraw(request, pk: int):
    """Confirm, then withdraw a submitted idea (the team leader, before the deadline)."""
    idea = _visible_idea(request, pk)
    _require(request, "ideas.withdraw_idea", idea)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_withdraw(idea=idea, by=request.user, reason=form.cleaned_data["reason"])
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            messages.success(request, _("아이디어를 철회했습니다."))
            return redirect(idea)
    return render(request, "ideas/idea_withdraw.html", {"idea": idea, "form": form})


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


@require_POST
def attachment_upload(request, pk: int):
    idea = _visible_idea(request, pk)
    _require(request, "ideas.change_idea", idea)
    form = AttachmentForm(request.POST, request.FILES)
    notice = ""
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                idea=idea, by=request.user, uploaded=form.cleaned_data["file"]
            )
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            notice = _("%(name)s 파일을 올렸습니다.") % {"name": attachment.original_name}
            form = AttachmentForm()
    return _attachments_response(request, idea, form, notice)


@require_POST
def attachment_delete(request, attachment_id: int):
    attachment = get_object_or_404(IdeaAttachment, pk=attachment_id)
    idea = _visible_idea(request, attachment.idea_id)
    _require(request, "ideas.change_idea", idea)
    services.attachment_remove(attachment=attachment, by=request.user)
    notice = _("%(name)s 파일을 지웠습니다.") % {"name": attachment.original_name}
    return _attachments_response(request, idea, AttachmentForm(), notice)


@require_GET
def attachment_download(request, attachment_id: int):
    """The file under its original name, to those who may read the idea (never /media/)."""
    attachment = get_object_or_404(IdeaAttachment.objects.select_related("idea"), pk=attachment_id)
    if not request.user.has_perm("ideas.view_attachment", attachment.idea):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,  # Django writes filename*=utf-8'' (RFC 5987)
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


# Similar ideas ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def similar_ideas(request):
    """htmx: up to five submitted ideas like the title (and summary) being typed.

    The form POSTs (a long summary does not fit in a URL); GET works for links and tests.
    """
    data = request.POST if request.method == "POST" else request.GET
    exclude = data.get("exclude", "")
    found = search.similar_ideas(
        title=data.get("title", "")[:200],
        summary=data.get("summary", "")[:2000],
        exclude_pk=int(exclude) if exclude.isdigit() else None,
    )
    return render(request, "ideas/partials/similar_ideas.html", {"similar": found})


# Exemptions ----------------------------------------------------------------------------


def exemption_create(request):
    """The team leader asks that the team be exempt from submitting in a season."""
    user = request.user
    season_id = request.GET.get("season", "")
    if season_id.isdigit():
        season = get_object_or_404(Season.objects.exclude(status=Season.Status.DRAFT), pk=season_id)
    else:
        seasons = list(
            Season.objects.accepting_submissions()
            .filter(exemptions_allowed=True)
            .order_by("submission_closes_at")
        )
        if len(seasons) != 1:
            return render(
                request, "ideas/idea_season_choice.html", {"seasons": seasons, "exemption": True}
            )
        season = seasons[0]
    refusal = None
    if not user.has_perm("ideas.file_exemption", season):
        refusal = _exemption_refusal(user, season)
    form = ExemptionForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.exemption_file(season=season, by=user, **form.cleaned_data)
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "제출 예외를 신청했습니다. 실·국장이 승인하면 제출 현황에 ‘제출 예외’로 표시됩니다."
                ),
            )
            return redirect("ideas:team_ideas")
    return render(
        request,
        "ideas/exemption_form.html",
        {"form": form, "season": season, "refusal": refusal, "deadline": _deadline(season)},
        status=403 if refusal and request.method == "POST" else 200,
    )


def _exemption_refusal(user, season: Season) -> str:
    if not season.exemptions_allowed:
        return _("%(season)s은(는) 제출 예외를 받지 않습니다.") % {"season": season.name}
    if not season.is_accepting_submissions():
        return _closed_message(season)
    if user.position != Position.TEAM_LEADER or not user.team_id:
        return _("제출 예외는 팀장만 신청할 수 있습니다.")
    return _("제출 예외를 신청할 수 없습니다.")


urlpatterns = [
    path("mine/", team_ideas, name="team_ideas"),
    path("new/", idea_create, name="idea_create"),
    path("similar/", similar_ideas, name="similar_ideas"),
    path("exemptions/new/", exemption_create, name="exemption_create"),
    path("<int:pk>/", idea_detail, name="idea_detail"),
    path("<int:pk>/edit/", idea_edit, name="idea_edit"),
    path("<int:pk>/autosave/", idea_autosave, name="idea_autosave"),
    path("<int:pk>/submit/", idea_submit, name="idea_submit"),
    path("<int:pk>/withdraw/", idea_withdraw, name="idea_withdraw"),
    path("<int:pk>/attachments/", attachment_upload, name="attachment_upload"),
    path("attachments/<int:attachment_id>/", attachment_download, name="attachment_download"),
    path("attachments/<int:attachment_id>/delete/", attachment_delete, name="attachment_delete"),
]
