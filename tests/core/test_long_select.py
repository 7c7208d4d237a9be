"""core.forms.LongSelect writes the same drop-down as Django's Select, only faster."""

import re

import pytest
from django import forms

from core.forms import LongSelect

CHOICES = [("", "전체"), (1, '기획<조정>실 & "A"'), (2, "도민안전실")]


def same_markup(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "1", 2, "9"])
def test_the_markup_is_djangos_for_every_selection(value):
    attrs = {"class": "krds-form-select", "id": "id_bureau", "required": True}
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("bureau", value)
    assert LongSelect(attrs=attrs, choices=CHOICES).render("bureau", value) == same_markup(expected)


def test_option_groups_and_escaping_match_too():
    grouped = [("실·국 <본청>", [(1, "a"), (2, "b&c")]), (3, "c")]
    expected = forms.Select(choices=grouped).render("x", 2)
    rendered = LongSelect(choices=grouped).render("x", 2)
    assert rendered == same_markup(expected)
    assert "&lt;본청&gt;" in rendered
    assert "b&amp;c" in rendered


@pytest.mark.django_db
def test_the_library_filter_chooses_a_bureau_with_it(client, member):
    client.force_login(member)
    bureau = member.team.division.bureau
    response = client.get("/ideas/", {"bureau": bureau.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{bureau.pk}" selected>{bureau.name}</option>' in html
