"""The seam every page action is written on.

A page action is: get the object scoped to the user (404 when it is not theirs), check the
``rules`` permission (403), validate a form, call ONE service, turn a refused rule into a
403 (``PermissionRefused``) or into form errors (``BusinessRuleError``), add the success
message and redirect — or answer the htmx fragment. ``PageAction`` writes that sequence
once; a view declares what it needs and implements ``perform`` (the one service call)::

    class IdeaWithdraw(PageAction):
        queryset = Idea.objects.select_related("season")
        visible = "ideas.view_idea"           # not visible to the user: 404
        permission = "ideas.withdraw_idea"    # visible but not allowed: 403
        form_class = WithdrawForm
        template_name = "ideas/idea_withdraw.html"
        success_message = _("아이디어를 철회했습니다.")

        def perform(self, form):
            return services.idea_withdraw(idea=self.object, by=self.request.user, **form.cleaned_data)

Two shapes:

* a **page** (``template_name`` set): GET shows the form, an invalid POST re-renders it
  with the errors at their fields;
* a **button** posted from another page (``template_name = None``): POST only; errors are
  added as messages and the user goes back (``back``: the safe ``next``, else
  ``get_success_url``).

Views never open transactions: the service is atomic. ``back`` is the one safe "back"
redirect of the project.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, cast

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core import refusals
from core.errors import BusinessRuleError, PermissionRefused
from core.forms import apply_rule_error
from core.text import with_particles


def back(request: HttpRequest, default: str, *, to: str | None = None) -> HttpResponseRedirect:
    """Back to ``to`` (by default ``next``, POST or GET) when it points into this site,
    else to ``default``: the one safe redirect to a place named by the request."""
    target = to if to is not None else request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


def picked(request: HttpRequest, choices: list, *prefer, param: str = "season", missing=None):
    """The one picker of a season (or round) for a page: the choice ``?<param>=`` names
    (404 with ``missing`` when it names none of ``choices``); else the first choice that
    the first of ``prefer`` accepts (then the next rule); else the first choice, or None.
    """
    wanted = request.GET.get(param, "")
    if wanted:
        chosen = next((c for c in choices if str(c.pk) == wanted), None)
        if chosen is None:
            raise Http404(missing)
        return chosen
    for rule in prefer:
        found = next((c for c in choices if rule(c)), None)
        if found is not None:
            return found
    return choices[0] if choices else None


def visible_or_404(request: HttpRequest, queryset: QuerySet, perm: str, **lookup) -> Any:
    """The object if the rules let the user see it; else, like a missing one, a 404."""
    obj = get_object_or_404(queryset, **lookup)
    if not rules.has_perm(perm, request.user, obj):
        raise Http404
    return obj


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """403 unless the rules allow ``perm``; the reason rides on the exception."""
    # rules.has_perm, not user.has_perm: the ModelBackend would first query the database
    # for the user's Django permissions, which never grant these.
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied(refusals.why_not(perm, request.user, obj))


def form_errors(form: forms.BaseForm) -> list[str]:
    """Every message of a bound form as plain sentences, for a page that shows messages."""
    return [str(message) for errors in form.errors.values() for message in errors]


class NoForm(forms.Form):
    """The form of a plain button: nothing to validate."""


class PageAction(View):
    """Scope → permission → form → one service → message → redirect (or htmx fragment)."""

    queryset: ClassVar[QuerySet | None] = None
    lookup_url_kwarg = "pk"
    visible: str | None = None  # rules permission; refused → 404 (the object is not theirs)
    permission: str | None = None  # rules permission; refused → 403
    form_class: type[forms.BaseForm] = NoForm
    template_name: str | None = None  # None: a button posted from another page
    fragment_template: str | None = None  # the htmx answer, when the page has one
    success_message: Any = ""
    # The service ``perform`` calls, and the keyword it takes the object by ("" for none).
    service: Callable[..., Any] | None = None
    object_argument = ""
    form_takes_user = False  # the form's choices depend on the person (passed as ``user``)
    initial: ClassVar[dict[str, Any]] = {}  # what the form starts with (``get_initial``)
    form_object_argument = ""  # the keyword the form takes the object by ("" for none)
    success_url: str | None = None
    # Where to go after success when not to ``success_url`` nor to the result's page: the
    # page of the object ("object") or of what it belongs to ("object.round").
    success_url_of = ""
    aliases: ClassVar[dict[str, str]] = {}  # service field → form field (apply_rule_error)
    invalid_status = 200  # a page shown again with errors (some pages answer 400)
    # An action with consequences for many people asks first: a valid POST without
    # ``confirmed`` shows the page (which says what will happen) instead of acting; the
    # page's own button posts the same data with ``confirmed``. Works without JavaScript.
    confirm_first = False

    object: Any = None

    # The sequence -------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if self.template_name is None and request.method.lower() == "get":
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.object = self.get_object()
        if not self.has_permission():
            return self.denied()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs) -> HttpResponse:
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        if self.is_valid(form):
            if self.confirm_first and not self.confirmed():
                return self.render(form)
            try:
                result = self.perform(form)
            except PermissionRefused as exc:
                raise PermissionDenied(exc.message) from None
            except BusinessRuleError as exc:
                return self.refused(form, exc)
            return self.succeeded(form, result)
        return self.failed(form)

    # What a view declares or overrides ---------------------------------------------------

    def is_valid(self, form: forms.BaseForm) -> bool:
        """Whether to call the service (a page with a formset too checks both here)."""
        return form.is_valid()

    def confirmed(self) -> bool:
        """Whether the person has seen what the action will do (``confirm_first``)."""
        return self.request.POST.get("confirmed") == "1"

    def perform(self, form: forms.BaseForm) -> Any:
        """Call the one service of this action with the form's data; return its result.

        By default ``service(<object_argument>=the object, by=the person, **arguments)``,
        the arguments being the form's data (``service_arguments``).
        """
        service = type(self).service  # the plain function, not bound to this view
        if service is None:
            raise NotImplementedError
        arguments = {self.object_argument: self.object} if self.object_argument else {}
        return service(**arguments, by=self.request.user, **self.service_arguments(form))

    def service_arguments(self, form: forms.BaseForm) -> dict[str, Any]:
        """What ``perform`` passes the service besides the object and the person."""
        return dict(form.cleaned_data)

    def get_queryset(self) -> QuerySet | None:
        return self.queryset.all() if self.queryset is not None else None

    def get_object(self) -> Model | None:
        queryset = self.get_queryset()
        if queryset is None:
            return None
        pk = self.kwargs[self.lookup_url_kwarg]
        if self.visible:
            return visible_or_404(self.request, queryset, self.visible, pk=pk)
        return get_object_or_404(queryset, pk=pk)

    def permission_object(self) -> Any:
        """What ``permission`` is asked of: the object, or what it belongs to (a
        milestone's page asks the rule of its plan)."""
        return self.object

    def has_permission(self) -> bool:
        return not self.permission or rules.has_perm(
            self.permission, self.request.user, self.permission_object()
        )

    def denied(self) -> HttpResponse:
        """Permission refused: 403 with the rule's reason (a page may answer otherwise)."""
        raise PermissionDenied(
            refusals.why_not(self.permission or "", self.request.user, self.permission_object())
        )

    def get_initial(self) -> dict[str, Any]:
        """What the form starts with (``initial``, by default)."""
        return dict(self.initial)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        if initial := self.get_initial():
            kwargs["initial"] = initial
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        if self.form_takes_user:
            kwargs["user"] = self.request.user
        if self.form_object_argument:
            kwargs[self.form_object_argument] = self.object
        return kwargs

    def get_form(self) -> forms.BaseForm:
        return self.form_class(**self.get_form_kwargs())

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return {"object": self.object, **kwargs}

    def get_success_message(self, form: forms.BaseForm, result: Any) -> str:
        message = self.success_message
        if message and isinstance(result, Model | dict):
            return with_particles(str(message) % self.message_values(form, result))
        return str(message)

    def message_values(self, form: forms.BaseForm, result: Any) -> dict[str, Any]:
        """The ``%(name)s`` values of the success message (the form's data by default)."""
        return dict(getattr(form, "cleaned_data", {}))

    def get_success_url(self, result: Any = None) -> str:
        if self.success_url:
            return resolve_url(self.success_url)
        if self.success_url_of:
            return attrgetter(self.success_url_of)(self).get_absolute_url()
        target = result if hasattr(result, "get_absolute_url") else self.object
        return target.get_absolute_url()

    # The answers ---------------------------------------------------------------------------

    def render(self, form: forms.BaseForm, status: int = 200) -> HttpResponse:
        context = self.get_context_data(form=form)
        return render(self.request, cast(str, self.template_name), context, status=status)

    def succeeded(self, form: forms.BaseForm, result: Any) -> HttpResponse:
        message = self.get_success_message(form, result)
        if getattr(self.request, "htmx", False) and self.fragment_template:
            context = self.get_context_data(form=form, result=result, notice=message)
            return render(self.request, self.fragment_template, context)
        if message:
            messages.success(self.request, message)
        return self.redirect(result)

    def redirect(self, result: Any) -> HttpResponse:
        if self.template_name is None:
            return back(self.request, self.get_success_url(result))
        return HttpResponseRedirect(self.get_success_url(result))

    def refused(self, form: forms.BaseForm, exc: BusinessRuleError) -> HttpResponse:
        """The service refused: its messages go to the form's fields, then as ``failed``."""
        apply_rule_error(form, exc, self.aliases)
        return self.failed(form)

    def failed(self, form: forms.BaseForm) -> HttpResponse:
        if self.template_name is None:
            for message in form_errors(form):
                messages.error(self.request, message)
            return back(self.request, self.get_success_url(None))
        return self.render(form, status=self.invalid_status)


class MultiFormAction(PageAction):
    """A page with several forms, each its own action: the POSTed ``action`` names the one
    acted on (the others stay unbound). ``get_forms`` builds them with ``self.data_for``."""

    action: str | None = None
    all_forms: dict[str, forms.BaseForm]

    def data_for(self, name: str):
        return self.request.POST if self.action == name else None

    def get_forms(self) -> dict[str, forms.BaseForm]:
        raise NotImplementedError

    def get_form(self) -> forms.BaseForm:
        if self.request.method == "POST":
            self.action = self.request.POST.get("action")
        self.all_forms = self.get_forms()
        return self.all_forms.get(self.action or "") or next(iter(self.all_forms.values()))

    def is_valid(self, form: forms.BaseForm) -> bool:
        return self.action in self.all_forms and form.is_valid()

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(**self.all_forms, **kwargs)
