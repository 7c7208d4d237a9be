from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.models import Idea


class PairForm(forms.Form):
    """Two ideas of the library judged not to be duplicates of each other."""

    idea = forms.ModelChoiceField(
        label=_("아이디어"), queryset=Idea.objects.visible_in_library(), widget=forms.HiddenInput
    )
    other = forms.ModelChoiceField(
        label=_("비교 아이디어"),
        queryset=Idea.objects.visible_in_library(),
        widget=forms.HiddenInput,
    )
