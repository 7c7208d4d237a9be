"""Paging long lists (the library, the idea API) at the same cost on page 1 and 4,000.

Two things make a plain ``Paginator`` grow with the list: ``COUNT(*)`` reads every
matching row on every page, and ``ORDER BY … LIMIT … OFFSET`` computes every selected
column (joins, the attachment-count subquery) for every row it skips. Here the page's
ids are found first, from the ordering index alone (``ideas.Idea``'s
``idea_library_order_idx``), and only those rows are read in full; and the count stops
at ``EXACT_BELOW`` rows, beyond which the total is PostgreSQL's estimate ("약 115,000건").
"""

from __future__ import annotations

import json

from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property

from core.api import Pagination

# Below this many rows the total is counted exactly (cheap at that size); from it on the
# planner's estimate stands in, and the list says "약 N건".
EXACT_BELOW = 10_000


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's estimate of the number of rows (PostgreSQL; None elsewhere)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def three_digits(n: int) -> int:
    """``n`` rounded to three significant digits: 114,873 → 115,000."""
    return round(n, min(0, 3 - len(str(n))))


def _page_ids(ids: QuerySet) -> Q:
    """``pk`` among the ids of the sliced ``ids`` query, computed once.

    On PostgreSQL as ``id = ANY(ARRAY(…))``: an InitPlan, run once before the outer
    query. With ``id IN (…)`` the planner, trusting a search's (far too low) estimate,
    may run the subquery again for every row of the table (over 30 s for a common word
    at 10,000 ideas)."""
    connection = connections[ids.db]
    if connection.vendor != "postgresql":
        return Q(pk__in=ids)
    model = ids.model
    sql, params = ids.query.sql_with_params()
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(model._meta.pk.column)}"
    # The ids query is compiled by the ORM, its values bound as parameters.
    return Q(RawSQL(f"{column} = ANY(ARRAY({sql}))", params, output_field=BooleanField()))  # noqa: S611


class LargeListPaginator(Paginator):
    """A ``Paginator`` for querysets of a model (no ``orphans``) whose order ends in a
    unique column and whose filters do not multiply rows (no to-many joins).
    ``count_is_estimate`` says whether ``count`` is the planner's estimate.
    """

    count_is_estimate = False

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, per_page, orphans=0, **kwargs)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # An estimate may fall short of the real end: page() decides.
            if self.count_is_estimate and int(number) > 1:
                return int(number)
            raise

    @cached_property
    def count(self) -> int:
        # Counting stops after EXACT_BELOW rows (at most that many index entries read);
        # a short list is counted exactly in one query, as with a plain Paginator.
        bounded = self.object_list.order_by().values("pk")[:EXACT_BELOW].count()
        if bounded < EXACT_BELOW:
            return bounded
        estimate = estimated_count(self.object_list)
        if estimate is None:  # SQLite: exact, it never holds the library's size
            return self.object_list.count()
        self.count_is_estimate = True
        return three_digits(max(estimate, EXACT_BELOW))  # shown as "약 115,000건"

    def get_page(self, number):
        try:
            return super().get_page(number)
        except EmptyPage:  # past an estimate that overshot: page() counted exactly
            return self.page(self.num_pages)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        qs = self.object_list
        # One statement: the page's ids from the ordering index (the inner query selects
        # the id only), then the page's rows with everything the list shows.
        ids = qs.values("pk")[bottom : bottom + self.per_page]
        # The outer query keeps the list's columns, joins and order but not its filters:
        # the ids are the filter, and a costly one (a Korean search) would otherwise be
        # evaluated again, possibly for every row of the table.
        outer = qs.all()
        outer.query.where = WhereNode()
        rows = list(outer.filter(_page_ids(ids)))
        if not rows and number > 1 and self.count_is_estimate:
            # The estimate overshot the list's end: count exactly, so that get_page()
            # falls back to the real last page.
            self.count_is_estimate = False
            self.__dict__["count"] = qs.count()
            self.__dict__.pop("num_pages", None)
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows, number, self)


class LargeListPagination(Pagination):
    """The API's page-number pagination over ``LargeListPaginator``; the response says
    whether ``count`` is an estimate (``count_is_estimate``)."""

    django_paginator_class = LargeListPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = self.page.paginator.count_is_estimate
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": "true이면 count는 1만 건 이상에서의 추정치(천 단위 반올림)입니다.",
        }
        return schema
