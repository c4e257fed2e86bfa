"""Page-level reads for services: browse and search (browse), the service page and the
dashboard's list (detail)."""

from services.selectors.browse import (
    EXACT_LIMIT,
    PAGE_SIZE,
    SORTS,
    CategoryFacet,
    SearchResults,
    ServiceFilters,
    category_get,
    category_tree,
    leaf_ids,
    service_search,
    skill_get,
)
from services.selectors.detail import ServiceDetail, service_get_for_detail, service_list_own

__all__ = [
    "EXACT_LIMIT",
    "PAGE_SIZE",
    "SORTS",
    "CategoryFacet",
    "SearchResults",
    "ServiceDetail",
    "ServiceFilters",
    "category_get",
    "category_tree",
    "leaf_ids",
    "service_get_for_detail",
    "service_list_own",
    "service_search",
    "skill_get",
]
