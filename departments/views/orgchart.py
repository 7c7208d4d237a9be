from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("departments.view_orgchart", raise_exception=True)
def org_chart(request):
    return render(request, "departments/orgchart.html", {})
