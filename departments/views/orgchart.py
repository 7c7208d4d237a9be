import rules
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from departments import selectors
from departments.filters import PersonFilter, TeamFilter

PEOPLE_PER_PAGE = 20


@permission_required("departments.view_orgchart", raise_exception=True)
def org_chart(request):
    """Bureaus → divisions → teams (leader, member count), and a search of people.

    One GET form drives both: ``bureau`` narrows the chart and the search, ``q`` searches
    people by name or employee number, ``include_inactive`` shows closed (폐지) teams.
    The filters are the API's, so ``?bureau=3`` means the same here and in /api/v1/.
    """
    include_inactive = request.GET.get("include_inactive") == "1"
    chart_data = {"bureau": request.GET.get("bureau", "")}
    if not include_inactive:
        chart_data["is_active"] = "true"
    teams = TeamFilter(chart_data, queryset=selectors.team_list())
    teams.form.fields["bureau"].widget.attrs["class"] = "krds-form-select"

    query = request.GET.get("q", "").strip()
    people = PersonFilter(
        {"q": query, "bureau": chart_data["bureau"], "is_active": "true"},
        queryset=selectors.person_list(),
        request=request,
    )
    page = page_numbers = None
    if query and people.is_valid():
        page = Paginator(people.qs, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
        page_numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2)

    return render(
        request,
        "departments/orgchart.html",
        {
            "form": teams.form,
            "teams": teams.qs,
            "include_inactive": include_inactive,
            "query": query,
            "people_page": page,
            # A query the search refuses (too long, a NUL): its message, not a result count.
            "search_errors": people.errors.get("q", []) if query and page is None else [],
            "page_numbers": page_numbers,
            "shows_employee_numbers": rules.has_perm(
                "departments.view_employee_number", request.user
            ),
        },
    )
