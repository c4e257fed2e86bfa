from django.core.paginator import Page, Paginator
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
