from django.core.paginator import Paginator
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
