from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from departments import services
from departments.forms import OrgChartImportForm
from departments.importer import COLUMN_LABELS, COLUMNS, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("departments.import_orgchart", raise_exception=True)
def orgchart_import(request):
    """Upload the HR sheet; ``?download=template`` serves the empty sheet (양식)."""
    if request.method == "GET" and request.GET.get("download") == "template":
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''orgchart_template.xlsx"
        return response

    result = None
    if request.method == "POST":
        form = OrgChartImportForm(request.POST, request.FILES)
    else:
        form = OrgChartImportForm()
    if form.is_bound and form.is_valid():
        result = services.orgchart_import(
            file=form.cleaned_data["file"],
            by=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok and not result.dry_run:
            messages.success(request, _("조직도를 가져왔습니다. ") + result.summary())
            return redirect("departments:import")
    context = {
        "form": form,
        "result": result,
        "columns": [COLUMN_LABELS[c] for c in COLUMNS],
    }
    return render(request, "departments/orgchart_import.html", context)
