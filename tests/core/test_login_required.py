"""Every page asks an anonymous visitor to log in; the API answers with 401/403 JSON.

The URL patterns are walked from config.urls, so a new page is covered without touching
this file. A page that should be open to visitors is marked ``@login_not_required`` and
must be listed in PUBLIC, so that opening one is a reviewed decision.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

PUBLIC = {
    "login",
    "core:logged_out",
    "core:set_language",
    "set_language",
    # The one-time link a system administrator sends to set a password (issue 12, item 4).
    "password_reset_confirm",
    "password_reset_complete",
}
# Named regex patterns cannot be filled in generically; give their arguments here.
REGEX_KWARGS = {
    "admin:app_list": {"app_label": "departments"},
    "api-not-found": {"rest": "no-such-thing/"},
    "insight-panel": {"key": "no_such_panel"},  # panel keys are [a-z_]+
}
# Candidate values for URL parameters, tried in order against the converter's regex.
DUMMIES = ["999999", "00000000-0000-0000-0000-000000000000", "no-such-thing"]
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def walk(resolver, pieces=(), namespaces=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern, (*pieces, pattern.pattern), ns)
        else:
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield (*pieces, pattern.pattern), name, pattern.callback


def fill(route: RoutePattern) -> str:
    def dummy(match):
        converter = route.converters[match["name"]]
        for value in DUMMIES:
            if re.fullmatch(converter.regex, value):
                return value
        raise AssertionError(f"no dummy value for <{match[0]}> in {route}")

    return PARAMETER.sub(dummy, str(route))


def parameters(pieces) -> set[str]:
    return {
        name
        for p in pieces
        for name in (p.converters if isinstance(p, RoutePattern) else p.regex.groupindex)
    }


def concrete(pieces, name, callback):
    """The path to request for a pattern, or None for patterns that need no check of their own."""
    if "format" in parameters(pieces):
        return None  # DRF's ".json" suffix variants answer like the plain endpoint
    if all(isinstance(p, RoutePattern) for p in pieces):
        return "/" + "".join(fill(p) for p in pieces)
    if name in REGEX_KWARGS:
        return reverse(name, kwargs=REGEX_KWARGS[name])
    if str(pieces[0]).startswith("api/"):  # the DRF router's regex routes
        return reverse(name, kwargs=dict.fromkeys(parameters(pieces), DUMMIES[0]) or None)
    if name is None and callback.__name__ == "catch_all_view":
        return None  # the admin's catch-all: a 404 or a redirect to a real admin URL
    raise AssertionError(f"add the arguments of the regex URL {name or pieces} to REGEX_KWARGS")


def all_urls():
    seen = set()
    for pieces, name, callback in walk(get_resolver()):
        path = concrete(pieces, name, callback)
        if path is None or path in seen:
            continue
        seen.add(path)
        yield path, name, callback, bool(parameters(pieces))


URLS = list(all_urls())
PAGES = [
    pytest.param(path, has_parameters, id=path)
    for path, name, _, has_parameters in URLS
    if not path.startswith(("/api/", "/i18n/", "/static/", "/media/"))
    and name not in PUBLIC
    and name not in {"admin:login", "admin:logout"}
]
API = [pytest.param(path, id=path) for path, name, _, _ in URLS if path.startswith("/api/")]


@pytest.mark.parametrize(("path", "has_parameters"), PAGES)
def test_an_anonymous_visitor_is_sent_to_the_log_in_page(client, path, has_parameters):
    response = client.get(path)
    if has_parameters and response.status_code == 404:
        return  # an object URL may refuse before asking who is there
    assert response.status_code == 302, f"{path} answered {response.status_code}"
    location = urlsplit(response["Location"])
    # The middleware sends admin pages to our log-in page too; the admin's own would do.
    logins = {reverse("login"), reverse("admin:login")} if path.startswith("/admin/") else set()
    assert location.path in logins | {reverse("login")}
    assert parse_qs(location.query)["next"] == [path]


def test_the_walk_finds_the_pages():
    # Guards the walk itself: if it found nothing, the test above would pass vacuously.
    paths = [param.values[0] for param in PAGES]
    assert reverse("core:home") in paths
    assert len(paths) >= 5


def test_only_the_listed_pages_are_open_to_anonymous_visitors():
    # DRF marks its views public to the middleware and authenticates inside the view.
    public = {
        name
        for path, name, callback, _ in URLS
        if getattr(callback, "login_required", True) is False
        and not path.startswith(("/api/", "/admin/"))
    }
    assert public <= PUBLIC, f"unlisted public pages: {public - PUBLIC}"


def test_the_log_in_page_itself_opens_without_logging_in(client):
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.parametrize("path", API)
def test_the_api_answers_anonymous_callers_with_401_or_403_json(client, path):
    response = client.get(path)
    assert response.status_code in (401, 403), f"{path} answered {response.status_code}"
    assert "Location" not in response
    assert response["Content-Type"].split(";")[0].endswith("json")
    assert "detail" in response.json()
