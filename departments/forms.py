from django import forms
from django.utils.translation import gettext_lazy as _

MAX_SHEET_BYTES = 10 * 1024 * 1024  # a 5,000-person export is about 300 KB


class OrgChartImportForm(forms.Form):
    file = forms.FileField(
        label=_("인사 자료 파일 (.xlsx)"),
        error_messages={
            "required": _("올릴 엑셀 파일을 선택하세요."),
            "empty": _("빈 파일입니다. 인사 자료 엑셀 파일을 선택하세요."),
            "invalid": _("파일을 받지 못했습니다. 다시 선택하세요."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(
        label=_("검사만 하기 (저장하지 않음)"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _(
                    "엑셀(.xlsx) 파일만 올릴 수 있습니다. .xls나 .csv는 엑셀에서 .xlsx로 저장해 올리세요."
                ),
                code="extension",
            )
        if upload.size > MAX_SHEET_BYTES:
            raise forms.ValidationError(_("파일이 너무 큽니다 (최대 10MB)."), code="size")
        # An .xlsx is a zip archive; anything else renamed to .xlsx stops here.
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(
                _("엑셀(.xlsx) 파일이 아닙니다. 엑셀에서 .xlsx 형식으로 저장해 올리세요."),
                code="not_xlsx",
            )
        return upload


class RenameConfirmForm(forms.Form):
    """The planner's answer to the pairs of closed and new units the import proposed for a
    sheet without unit codes: each ticked pair is applied as a rename, the others not."""

    accept = forms.MultipleChoiceField(
        label=_("같은 조직으로 이어 갈 짝"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, proposals: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        self.fields["accept"].choices = [(str(i), str(i)) for i in range(len(proposals))]

    def accepted(self) -> list:
        return [self.proposals[int(i)] for i in self.cleaned_data["accept"]]
