"""Pages of long lists: paginators told their count, counts that stop at a limit, and the
planner's estimate of a count where counting every row costs too much."""

import json

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


class KnownCountPaginator(Paginator):
    """A paginator told its total (a count kept on a row) instead of running COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def page_number(value) -> int:
    """A positive page number from a query parameter: garbage, zero and below mean 1."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def known_count_page(object_list, *, per_page: int, count: int, page) -> Page:
    """The asked-for page of `object_list`, whose total `count` is kept on a row: no
    COUNT(*) runs, and nothing at all when `count` is 0. A bad page number gives page 1,
    one past the end the last page."""
    paginator = KnownCountPaginator(object_list, per_page, count=count)
    return paginator.get_page(page_number(page))


def count_up_to(queryset: QuerySet, limit: int) -> int:
    """How many rows `queryset` holds, counting no further than `limit` + 1 (more than
    `limit` when it returns that): a count that stops, where a costly condition tested on
    every row of a large table took seconds. Only the rows' ids are selected, so columns
    and annotations the count does not need are not worked out."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def estimated_count(queryset: QuerySet) -> int:
    """The planner's estimate of how many rows `queryset` matches: planning only, ~1 ms,
    where COUNT(*) over a large match costs hundreds of milliseconds at a million rows."""
    return _planned_rows(json.loads(queryset.order_by().explain(format="json")))


def estimated_counts(*querysets: QuerySet) -> list[int]:
    """estimated_count of each of `querysets` (of one database), planned in one round
    trip."""
    statements, params = [], []
    for queryset in querysets:
        sql, more = queryset.order_by().query.sql_with_params()
        statements.append(f"EXPLAIN (FORMAT JSON) {sql}")
        params.extend(more)
    counts = []
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("; ".join(statements), params)
        for _ in querysets:
            counts.append(_planned_rows(cursor.fetchone()[0]))  # json: decoded by psycopg
            cursor.nextset()
    return counts


def _planned_rows(plan: list) -> int:
    """The rows the planner expects, from a plan in EXPLAIN's JSON format."""
    return int(plan[0]["Plan"]["Plan Rows"])
