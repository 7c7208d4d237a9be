from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("departments.import_orgchart", raise_exception=True)
def orgchart_import(request):
    return render(request, "departments/orgchart_import.html", {})
