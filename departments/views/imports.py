import base64
from io import BytesIO

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.actions import PageAction
from departments import services
from departments.forms import OrgChartImportForm, RenameConfirmForm
from departments.importer import CODE_COLUMNS, COLUMN_LABELS, COLUMNS, template_workbook
from departments.reorganisation import UnitRename, renames_from

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OrgChartImport(PageAction):
    """Upload the HR sheet (or try it: ``dry_run``); ``?download=template`` serves the empty
    sheet (양식). The import's report is shown on the page unless it was applied."""

    permission = "departments.import_orgchart"
    form_class = OrgChartImportForm
    template_name = "departments/orgchart_import.html"
    success_url = "departments:import"

    def get(self, request, *args, **kwargs):
        if request.GET.get("download") == "template":
            response = HttpResponse(template_workbook(), content_type=XLSX)
            response["Content-Disposition"] = "attachment; filename*=UTF-8''orgchart_template.xlsx"
            return response
        return super().get(request, *args, **kwargs)

    def perform(self, form):
        return services.orgchart_import(
            file=form.cleaned_data["file"],
            by=self.request.user,
            dry_run=form.cleaned_data["dry_run"],
        )

    def succeeded(self, form, result):
        if result.needs_confirmation:
            return self.ask_to_confirm(form, result)
        if result.ok and not result.dry_run:
            return super().succeeded(form, result)
        return self.render(form, result=result)

    def ask_to_confirm(self, form, result):
        """Keep the sheet in the session until the planner answers the proposed pairs."""
        upload = form.cleaned_data["file"]
        upload.seek(0)
        self.request.session[PENDING] = {
            "file": base64.b64encode(upload.read()).decode("ascii"),
            "proposals": [pair.as_list() for pair in result.proposals],
            "names": [pair.old_name for pair in result.proposals],
        }
        return self.render(
            form, result=result, confirm=RenameConfirmForm(proposals=result.proposals)
        )

    def get_success_message(self, form, result):
        return _("조직도를 가져왔습니다. ") + result.summary()

    def render(self, form, status=200, result=None, confirm=None):
        context = {
            "form": form,
            "result": result,
            "confirm": confirm,
            "columns": [COLUMN_LABELS[c] for c in COLUMNS],
            "code_columns": [COLUMN_LABELS[c] for c in CODE_COLUMNS],
        }
        return render(self.request, self.template_name, context, status=status)


PENDING = "orgchart_import_pending"  # the session key of a sheet waiting for confirmation


def _pending_proposals(session) -> list[UnitRename]:
    pending = session.get(PENDING) or {}
    return [
        UnitRename(level, pk, old_name, tuple(path))
        for (level, pk, path), old_name in zip(
            pending.get("proposals", []), pending.get("names", []), strict=True
        )
    ]


class OrgChartImportConfirm(PageAction):
    """Apply the sheet kept in the session with the pairs of units the planner ticked
    (the others are closed and opened anew, as the sheet names them)."""

    permission = "departments.import_orgchart"
    form_class = RenameConfirmForm
    template_name = "departments/orgchart_import.html"
    success_url = "departments:import"

    def get(self, request, *args, **kwargs):
        return redirect(self.success_url)

    def post(self, request, *args, **kwargs):
        if not request.session.get(PENDING):
            messages.error(
                request, _("확인할 가져오기가 없습니다. 인사 자료 파일을 다시 올려 주세요.")
            )
            return redirect(self.success_url)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposals": _pending_proposals(self.request.session)}

    def perform(self, form):
        pending = self.request.session[PENDING]
        return services.orgchart_import(
            file=BytesIO(base64.b64decode(pending["file"])),
            by=self.request.user,
            renames=renames_from(form.accepted()),
        )

    def succeeded(self, form, result):
        self.request.session.pop(PENDING, None)
        if result.ok:
            return super().succeeded(form, result)
        context = {"form": OrgChartImportForm(), "result": result}
        return render(self.request, self.template_name, context)

    def get_success_message(self, form, result):
        return _("조직도를 가져왔습니다. ") + result.summary()

    def failed(self, form):
        return redirect(self.success_url)
