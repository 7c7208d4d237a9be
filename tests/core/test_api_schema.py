"""The OpenAPI schema and Swagger UI: complete, valid, and served without the internet."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from config.api import router

pytestmark = pytest.mark.django_db

ORG_CHART_PATHS = [
    "/api/v1/bureaus/",
    "/api/v1/bureaus/{id}/",
    "/api/v1/divisions/",
    "/api/v1/divisions/{id}/",
    "/api/v1/teams/",
    "/api/v1/teams/{id}/",
    "/api/v1/people/",
    "/api/v1/people/{id}/",
]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_generates_without_warnings(tmp_path):
    # The same command CI runs; --fail-on-warn turns any warning into an error.
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["paths"]


def test_the_schema_includes_every_org_chart_endpoint(schema):
    assert set(ORG_CHART_PATHS) <= set(schema["paths"])


def test_every_api_endpoint_in_the_router_is_in_the_schema(schema):
    prefixes = {f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry}
    assert prefixes <= set(schema["paths"])


def test_every_operation_requires_a_token_or_a_session(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert {"tokenAuth": []} in operation["security"], (method, path)
            assert {} not in operation["security"], (method, path)


def test_annotated_counts_are_integers_and_the_leader_may_be_null(schema):
    components = schema["components"]["schemas"]
    assert components["Team"]["properties"]["member_count"]["type"] == "integer"
    assert components["Division"]["properties"]["team_count"]["type"] == "integer"
    assert components["Bureau"]["properties"]["division_count"]["type"] == "integer"
    assert components["Team"]["properties"]["leader"]["nullable"] is True


def test_people_never_expose_log_in_details_or_roles(schema):
    fields = set(schema["components"]["schemas"]["Person"]["properties"])
    assert not fields & {"password", "username", "groups", "is_staff", "is_superuser"}
    assert not fields & {"last_login", "user_permissions"}


def test_the_schema_is_served_to_a_signed_in_caller(client, member):
    client.force_login(member)
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert "/api/v1/teams/" in yaml.safe_load(response.content)["paths"]


def test_the_docs_page_loads_only_local_static_files(client, member):
    client.force_login(member)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in html
    # No absolute URL at all: no CDN, no validator badge, no fonts from outside.
    assert re.findall(r"(?:https?:)?//[\w.-]+\.\w+", html) == []
    # The start-up script comes from ?script (Content-Security-Policy: script-src 'self').
    script = client.get(reverse("api-docs") + "?script=").content.decode()
    assert '"validatorUrl": null' in script
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name


def test_every_operation_documents_its_error_responses(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
    teams = schema["paths"]["/api/v1/teams/"]["get"]["responses"]
    assert {"200", "400", "401", "403", "404"} == set(teams)
    team = schema["paths"]["/api/v1/teams/{id}/"]["get"]["responses"]
    assert {"200", "401", "403", "404"} == set(team)


def test_no_list_documents_a_search_parameter_that_does_nothing(schema):
    # Lists search with their FilterSet's ``q``; a documented ``search`` that no view
    # reads would invite callers (and schemathesis) to send it.
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            assert "search" not in names, (method, path)


def test_an_error_raised_as_a_bare_list_still_answers_an_object():
    from rest_framework.exceptions import ValidationError

    from core.api import exception_handler

    response = exception_handler(ValidationError(["null 문자는 사용할 수 없습니다."]), {})
    assert response.status_code == 400
    assert response.data == {"detail": "null 문자는 사용할 수 없습니다."}
