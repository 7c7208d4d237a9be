"""The export page's form: which season, and the whole season or one bureau of it.

It offers only what the person may choose (a bureau director: their own bureau); the rules
themselves are the service's (``exports.services.export_request``), whose refusal is put
back on the form.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau
from ideas import selectors as idea_selectors
from ideas.permissions import manages_seasons


class ExportRequestForm(forms.Form):
    season = forms.ModelChoiceField(
        label=_("시즌"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("시즌을 고르세요."),
            "invalid_choice": _("고를 수 없는 시즌입니다."),
        },
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    bureau = forms.ModelChoiceField(
        label=_("범위"),
        queryset=None,
        required=False,
        empty_label=_("시즌 전체 (모든 실·국)"),
        error_messages={"invalid_choice": _("고를 수 없는 실·국입니다.")},
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = idea_selectors.seasons_for(user)
        bureaus = Bureau.objects.active()  # in briefing order (Bureau.Meta.ordering)
        if manages_seasons(user):
            self.fields["bureau"].queryset = bureaus
        else:
            # A bureau director exports their own bureau, and nothing else is offered.
            self.fields["bureau"].queryset = Bureau.objects.filter(pk=user.bureau_id)
            self.fields["bureau"].required = True
            self.fields["bureau"].empty_label = None
            self.fields["bureau"].initial = user.bureau_id
            self.fields["bureau"].error_messages["required"] = _("실·국을 고르세요.")
