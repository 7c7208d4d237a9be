from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.actions import PageAction
from departments import services
from departments.forms import OrgChartImportForm
from departments.importer import COLUMN_LABELS, COLUMNS, template_workbook

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
        if result.ok and not result.dry_run:
            return super().succeeded(form, result)
        return self.render(form, result=result)

    def get_success_message(self, form, result):
        return _("조직도를 가져왔습니다. ") + result.summary()

    def render(self, form, status=200, result=None):
        context = {"form": form, "result": result, "columns": [COLUMN_LABELS[c] for c in COLUMNS]}
        return render(self.request, self.template_name, context, status=status)
