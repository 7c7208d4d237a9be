"""The product runs on a closed government network: nothing may be fetched from outside."""

import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

# An address with a host; XML namespaces (xmlns="http://www.w3.org/2000/svg") load nothing.
EXTERNAL = re.compile(r"""(?:https?:)?//(?!www\.w3\.org/)[a-z0-9.-]+\.[a-z]{2,}""", re.I)
# Where a page could name an outside address that the browser would then load.
SCANNED = [
    *(settings.BASE_DIR / "templates").rglob("*.html"),
    *(settings.BASE_DIR / "static").rglob("*.css"),
    *(settings.BASE_DIR / "static").rglob("*.js"),
]


def test_templates_and_static_files_name_no_outside_address():
    found = {
        str(path.relative_to(settings.BASE_DIR)): EXTERNAL.findall(path.read_text("utf-8"))
        for path in SCANNED
    }
    assert {path: urls for path, urls in found.items() if urls} == {}


def test_htmx_is_served_from_our_own_static_files():
    assert finders.find("django_htmx/htmx-2.min.js")


def test_the_krds_stylesheet_and_what_it_refers_to_are_vendored():
    css = finders.find("vendor/krds/css/component/output.css")
    assert css
    text = Path(css).read_text(encoding="utf-8")
    assert "sourceMappingURL" not in text  # would break the manifest storage
    referred = re.findall(r"url\(['\"]?([^)'\"]+)", text) + re.findall(r'@import "([^"]+)"', text)
    assert len(referred) > 300
    missing = {
        relative
        for relative in referred
        if not finders.find(posixpath.normpath(f"vendor/krds/css/component/{relative}"))
    }
    assert missing == set()
