"""The seam of every page action (core.actions.PageAction) and rules that say why not."""

from __future__ import annotations

import json

import pytest
import rules
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template import engines
from django_htmx.middleware import HtmxDetails

from core import refusals
from core.actions import MultiFormAction, PageAction, back, picked
from core.errors import BusinessRuleError, PermissionRefused
from departments.models import Bureau
from tests.departments import factories as f

pytestmark = pytest.mark.django_db

CALLS: list[dict] = []


def _may_rename(user, bureau) -> str | None:
    if user.username == "outsider":
        return "다른 실·국은 고칠 수 없습니다."
    return None


refusals.add_perm("tests.rename_bureau", _may_rename)
rules.add_perm("tests.see_bureau", rules.predicate(lambda user, bureau: bureau.name != "숨김"))
rules.add_perm("tests.plain", rules.always_deny)


class RenameForm(forms.Form):
    name = forms.CharField(max_length=20)


class Rename(PageAction):
    queryset = Bureau.objects.all()
    visible = "tests.see_bureau"
    permission = "tests.rename_bureau"
    form_class = RenameForm
    template_name = "unused.html"
    success_message = "%(name)s(으)로 고쳤습니다."
    success_url = "/done/"

    def perform(self, form):
        CALLS.append(form.cleaned_data)
        name = form.cleaned_data["name"]
        if name == "거절":
            raise BusinessRuleError("이 이름은 쓸 수 없습니다.", field="name")
        if name == "금지":
            raise PermissionRefused("권한이 없습니다.")
        self.object.name = name
        self.object.save(update_fields=["name"])
        return self.object

    def render(self, form, status=200):
        return HttpResponse(json.dumps(form.errors), status=status)


class RenameButton(Rename):
    template_name = None
    form_class = RenameForm


class RenameFragment(Rename):
    fragment_template = "fragment.html"


def _request(rf, user, method="post", data=None, htmx=False, **extra):
    request = getattr(rf, method)("/bureau/", data or {}, **extra)
    if htmx:
        request.META["HTTP_HX_REQUEST"] = "true"
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = user
    request.htmx = HtmxDetails(request)
    return request


@pytest.fixture(autouse=True)
def _clear_calls():
    CALLS.clear()


@pytest.fixture
def bureau():
    return f.BureauFactory(name="기획국")


@pytest.fixture
def user():
    return f.UserFactory(username="insider")


def test_an_object_the_user_may_not_see_is_a_404(rf, user):
    hidden = f.BureauFactory(name="숨김")
    with pytest.raises(Http404):
        Rename.as_view()(_request(rf, user, data={"name": "새"}), pk=hidden.pk)
    assert CALLS == []


def test_a_missing_object_is_a_404(rf, user):
    with pytest.raises(Http404):
        Rename.as_view()(_request(rf, user), pk=987654)


def test_a_refused_permission_is_a_403_that_carries_the_rules_reason(rf, bureau):
    outsider = f.UserFactory(username="outsider")
    with pytest.raises(PermissionDenied, match="다른 실·국은 고칠 수 없습니다."):
        Rename.as_view()(_request(rf, outsider, data={"name": "새"}), pk=bureau.pk)
    assert CALLS == []


def test_get_shows_the_unbound_form(rf, user, bureau):
    response = Rename.as_view()(_request(rf, user, method="get"), pk=bureau.pk)
    assert response.status_code == 200
    assert json.loads(response.content) == {}


def test_an_invalid_form_is_shown_again_without_calling_the_service(rf, user, bureau):
    response = Rename.as_view()(_request(rf, user, data={"name": ""}), pk=bureau.pk)
    assert response.status_code == 200
    assert "name" in json.loads(response.content)
    assert CALLS == []


def test_a_valid_form_calls_the_service_once_then_says_so_and_redirects(rf, user, bureau):
    request = _request(rf, user, data={"name": "새국"})
    response = Rename.as_view()(request, pk=bureau.pk)
    assert response.status_code == 302
    assert response["Location"] == "/done/"
    assert CALLS == [{"name": "새국"}]
    assert [str(m) for m in get_messages(request)] == ["새국으로 고쳤습니다."]
    bureau.refresh_from_db()
    assert bureau.name == "새국"


def test_a_refused_business_rule_is_an_error_at_its_field(rf, user, bureau):
    response = Rename.as_view()(_request(rf, user, data={"name": "거절"}), pk=bureau.pk)
    assert response.status_code == 200
    assert json.loads(response.content) == {"name": ["이 이름은 쓸 수 없습니다."]}


def test_a_permission_refused_by_the_service_is_a_403(rf, user, bureau):
    with pytest.raises(PermissionDenied):
        Rename.as_view()(_request(rf, user, data={"name": "금지"}), pk=bureau.pk)


def test_a_button_refuses_get(rf, user, bureau):
    response = RenameButton.as_view()(_request(rf, user, method="get"), pk=bureau.pk)
    assert response.status_code == 405


def test_a_button_reports_errors_as_messages_and_goes_back_to_a_safe_next(rf, user, bureau):
    request = _request(rf, user, data={"name": "거절", "next": "/ideas/?page=2"})
    response = RenameButton.as_view()(request, pk=bureau.pk)
    assert response["Location"] == "/ideas/?page=2"
    assert [str(m) for m in get_messages(request)] == ["이 이름은 쓸 수 없습니다."]


def test_a_button_never_goes_back_to_another_site(rf, user, bureau):
    request = _request(rf, user, data={"name": "새국", "next": "https://evil.example/"})
    response = RenameButton.as_view()(request, pk=bureau.pk)
    assert response["Location"] == "/done/"


def test_htmx_gets_the_fragment_with_the_notice(rf, user, bureau, monkeypatch):
    template = engines["django"].from_string("{{ notice }}|{{ result.name }}")
    monkeypatch.setattr("django.template.loader.get_template", lambda name, using=None: template)
    request = _request(rf, user, data={"name": "새국"}, htmx=True)
    response = RenameFragment.as_view()(request, pk=bureau.pk)
    assert response.content.decode() == "새국으로 고쳤습니다.|새국"
    assert list(get_messages(request)) == []


def test_back_without_next_goes_to_the_default(rf):
    assert back(rf.get("/x/"), "/home/")["Location"] == "/home/"


def test_a_rule_says_why_not_once_and_answers_has_perm_the_same(user, bureau):
    outsider = f.UserFactory(username="outsider")
    assert refusals.why_not("tests.rename_bureau", outsider, bureau) == (
        "다른 실·국은 고칠 수 없습니다."
    )
    assert not outsider.has_perm("tests.rename_bureau", bureau)
    assert refusals.why_not("tests.rename_bureau", user, bureau) is None
    assert user.has_perm("tests.rename_bureau", bureau)


def test_a_plain_rule_that_refuses_gives_the_general_reason(user):
    assert refusals.why_not("tests.plain", user) == str(refusals.NOT_ALLOWED)


def test_templates_ask_the_rule_for_its_reason(user, bureau):
    outsider = f.UserFactory(username="outsider")
    template = engines["django"].from_string(
        '{% load refusals %}{% why_not "tests.rename_bureau" person bureau as reason %}'
        "{{ reason|default:'ok' }}"
    )
    assert template.render({"person": outsider, "bureau": bureau}) == (
        "다른 실·국은 고칠 수 없습니다."
    )
    assert template.render({"person": user, "bureau": bureau}) == "ok"


def test_the_picker_takes_the_choice_named_else_the_preferred_else_the_first(rf):
    a, b, c = (f.BureauFactory(name=n) for n in ("가", "나", "다"))
    choices = [a, b, c]
    assert picked(rf.get("/", {"season": b.pk}), choices) == b
    assert picked(rf.get("/"), choices, lambda x: x.name == "없음", lambda x: x.name == "다") == c
    assert picked(rf.get("/"), choices) == a
    assert picked(rf.get("/"), []) is None
    with pytest.raises(Http404):
        picked(rf.get("/", {"season": "0"}), choices)


def test_back_to_a_stored_link_follows_it_only_into_this_site(rf):
    request = rf.get("/x/", {"next": "/ignored/"})
    assert back(request, "/home/", to="/ideas/3/")["Location"] == "/ideas/3/"
    assert back(request, "/home/", to="//evil.example/")["Location"] == "/home/"


class TwoForms(MultiFormAction):
    template_name = "unused.html"
    success_url = "/done/"

    def get_forms(self):
        return {"rename": RenameForm(self.data_for("rename")), "other": RenameForm()}

    def perform(self, form):
        CALLS.append((self.action, form.cleaned_data))
        return None

    def render(self, form, status=200):
        bound = [name for name, f in self.all_forms.items() if f.is_bound]
        return HttpResponse(json.dumps(bound), status=status)


def test_of_several_forms_only_the_one_posted_is_bound_and_acted_on(rf, user):
    response = TwoForms.as_view()(_request(rf, user, data={"action": "rename", "name": "새"}))
    assert response.status_code == 302
    assert CALLS == [("rename", {"name": "새"})]


def test_an_unknown_action_of_several_forms_shows_the_page_again(rf, user):
    response = TwoForms.as_view()(_request(rf, user, data={"action": "nope", "name": "새"}))
    assert json.loads(response.content) == []
    assert CALLS == []


def test_a_form_that_takes_the_user_gets_the_person_signed_in(rf, user, bureau):
    seen = {}

    class PersonalForm(forms.Form):
        def __init__(self, *args, user=None, **kwargs):
            super().__init__(*args, **kwargs)
            seen["user"] = user

    class Personal(PageAction):
        form_class = PersonalForm
        template_name = None
        form_takes_user = True
        success_url = "/done/"

        def perform(self, form):
            return None

    response = Personal.as_view()(_request(rf, user))
    assert response.status_code == 302
    assert seen["user"] == user


class RenameAfterAsking(Rename):
    confirm_first = True


def test_an_action_that_asks_first_shows_its_page_until_confirmed(rf, user, bureau):
    response = RenameAfterAsking.as_view()(_request(rf, user, data={"name": "새국"}), pk=bureau.pk)
    assert response.status_code == 200  # the page that says what will happen
    assert CALLS == []

    confirmed = {"name": "새국", "confirmed": "1"}
    response = RenameAfterAsking.as_view()(_request(rf, user, data=confirmed), pk=bureau.pk)
    assert response.status_code == 302
    assert CALLS == [{"name": "새국"}]
