from django import forms
from django.utils.translation import gettext_lazy as _

# Lengths and emptiness are the services' rules (one Korean message, pages and API alike).


class CommentForm(forms.Form):
    body = forms.CharField(label=_("의견"), required=False, strip=False)
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class BodyForm(forms.Form):
    body = forms.CharField(label=_("의견"), required=False, strip=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("사유"), required=False)


class EndorseForm(forms.Form):
    undo = forms.BooleanField(required=False)
