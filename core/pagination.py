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
# A plain list, or a search's tier other than the last, that the planner estimates at
# twice the threshold or more is not counted up to the threshold only to show the estimate
# after all (44 ms of a search for 혁신 at 200,000 ideas, its page's largest cost; 6 ms of
# the API's season list). The planner underestimated the search tiers in the demo (22,840
# for 25,127; 65,779 for 113,616): to hide an exact count it would have to overestimate
# twofold. A plain list's filters it estimates closely.
TRUSTED_ESTIMATE = 2


def beyond_counting(estimate: int | None) -> bool:
    """Whether a planner's estimate alone stands for a count (``TRUSTED_ESTIMATE``)."""
    return estimate is not None and estimate >= TRUSTED_ESTIMATE * EXACT_BELOW


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


def in_parts(queryset: QuerySet, parts: list[QuerySet]) -> QuerySet:
    """Say that ``queryset``, as filtered and ordered now, lists the rows of ``parts`` one
    part after another (each part in its own order, e.g. newest first from an index). The
    paginator then counts and cuts pages part by part, each part's query stopping at what
    the page needs, instead of ordering every row of ``queryset`` (a search ranked by
    relevance: ideas.search). A later filter leaves the parts unused, a different order
    leaves them to the count. The last part may be the costly one (the planner misjudging
    its size): it is counted only when the others fall short of the threshold.
    """
    query = queryset.query
    query.listed_in_parts = (query.where.clone(), tuple(query.order_by), tuple(parts))
    return queryset


def _parts(queryset: QuerySet, *, in_order: bool = True) -> tuple[QuerySet, ...] | None:
    """The parts ``queryset`` lists, if no filter came after them; ``in_order``: and if it
    is still in their order (a count needs the parts, not their order)."""
    marked = getattr(queryset.query, "listed_in_parts", None)
    if marked is None:
        return None
    where, order, parts = marked
    query = queryset.query
    if query.where != where or (in_order and tuple(query.order_by[: len(order)]) != order):
        return None
    return parts


def _ids_in_parts(parts: tuple[QuerySet, ...], offset: int, limit: int, sizes: dict) -> list:
    """The ids of rows ``offset`` to ``offset + limit`` of the parts read one after another:
    a part's query asks for no more rows than the page needs (and a part that ends before
    the page starts is skipped by its size, counted when not known, up to the offset)."""
    ids: list = []
    for n, part in enumerate(parts):
        if n in sizes and offset >= sizes[n]:
            offset -= sizes[n]
            continue
        found = list(part.values_list("pk", flat=True)[offset : offset + limit])
        if offset and not found:  # the page starts after this part
            offset -= part.values("pk")[:offset].count()
            continue
        offset = 0
        ids += found
        limit -= len(found)
        if not limit:
            break
    return ids


class LargeListPaginator(Paginator):
    """A ``Paginator`` for querysets of a model (no ``orphans``) whose order ends in a
    unique column and whose filters do not multiply rows (no to-many joins).
    ``count_is_estimate`` says whether ``count`` is the planner's estimate.
    """

    count_is_estimate = False

    def __init__(self, object_list, per_page, *, total=None, **kwargs):
        """``total``: a callable giving the list's size (None when it cannot tell in time),
        for a list whose size the planner misjudges; from ``EXACT_BELOW`` on it is shown
        as an estimate all the same ("약 N건": it may be a little old)."""
        super().__init__(object_list, per_page, orphans=0, **kwargs)
        self._part_sizes: dict[int, int] = {}  # exact sizes of parts, when counted
        self._total = total

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
        if self._total is not None:
            total = self._total()
            if total is not None:
                return total if total < EXACT_BELOW else self._estimated(total)
        parts = _parts(self.object_list, in_order=False)
        if parts is not None:
            return self._count_in_parts(parts)
        # On PostgreSQL the estimate first (one EXPLAIN, under a millisecond): a list it
        # puts at twice the threshold or more is not counted to the threshold only to show
        # the estimate after all (6 ms of the API's season list at 200,000 ideas).
        estimate = estimated_count(self.object_list)
        if beyond_counting(estimate):
            return self._estimated(estimate)
        bounded = self.object_list.order_by().values("pk")[:EXACT_BELOW].count()
        if bounded < EXACT_BELOW:
            return bounded
        return self._estimated(estimate)

    def _count_in_parts(self, parts: tuple[QuerySet, ...]) -> int:
        # Part by part, each count stopping at what the threshold still needs; the largest
        # part (by the planner's estimate) first, where the threshold is soonest reached:
        # a sparse part counted first would read its every candidate (a word in 2% of the
        # titles, found through n-grams that 57% of the ideas hold). The last part is
        # counted last whatever its estimate (see in_parts).
        estimates = [estimated_count(part) for part in parts]
        first = sorted(range(len(parts) - 1), key=lambda n: -(estimates[n] or 0))
        if first and beyond_counting(estimates[first[0]]):
            return self._estimated(sum(estimates))
        bounded = 0
        for n in [*first, len(parts) - 1]:
            wanted = EXACT_BELOW - bounded
            found = parts[n].order_by().values("pk")[:wanted].count()
            if found < wanted:
                self._part_sizes[n] = found  # the page needs not count it again
            bounded += found
            if bounded >= EXACT_BELOW:
                break
        if bounded < EXACT_BELOW:
            return bounded
        if None in estimates:
            return self._estimated(None)
        return self._estimated(sum(estimates))

    def _estimated(self, estimate: int | None) -> int:
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
        # The outer query keeps the list's columns, joins and order but not its filters:
        # the ids are the filter, and a costly one (a Korean search) would otherwise be
        # evaluated again, possibly for every row of the table.
        outer = qs.all()
        outer.query.where = WhereNode()
        parts = _parts(qs)
        if parts is not None:
            # The page's ids part by part, then their rows, in the order of the ids.
            ids = _ids_in_parts(parts, bottom, self.per_page, self._part_sizes)
            place = {pk: n for n, pk in enumerate(ids)}
            rows = sorted(outer.order_by().filter(pk__in=ids), key=lambda row: place[row.pk])
        else:
            # One statement: the page's ids from the ordering index (the inner query
            # selects the id only), then the page's rows with everything the list shows.
            ids = qs.values("pk")[bottom : bottom + self.per_page]
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
