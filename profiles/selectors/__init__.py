"""Page-level reads for profiles, skills and articles, one submodule per page family;
every public name is importable from here."""

from profiles.selectors.articles import article_get_for_detail, article_list_own
from profiles.selectors.directory import (
    DIRECTORY_PAGE_SIZE,
    DIRECTORY_SORTS,
    RANK_WEIGHTS,
    DirectoryChoices,
    DirectoryFilters,
    DirectoryResults,
    directory_choices,
    directory_search_query,
    directory_skill_get,
    profile_search,
    profile_staff_search,
)
from profiles.selectors.overview import Overview, dashboard_overview
from profiles.selectors.profiles import (
    ProfileDetail,
    approved_skills,
    freelancer_page_scopes,
    profile_get_for_detail,
    profile_get_for_resume,
    profile_get_own,
    profile_missing_items,
)
from profiles.selectors.ratings import (
    REVIEWS_PAGE_SIZE,
    HireFacts,
    Reputation,
    ReviewsSection,
    reviews_section,
)
from profiles.selectors.skills import (
    SKILL_PAGE_PROFILES,
    SKILL_PAGE_SERVICES,
    SkillDetail,
    skill_get_for_detail,
)

__all__ = [
    "DIRECTORY_PAGE_SIZE",
    "DIRECTORY_SORTS",
    "RANK_WEIGHTS",
    "REVIEWS_PAGE_SIZE",
    "SKILL_PAGE_PROFILES",
    "SKILL_PAGE_SERVICES",
    "DirectoryChoices",
    "DirectoryFilters",
    "DirectoryResults",
    "HireFacts",
    "Overview",
    "ProfileDetail",
    "Reputation",
    "ReviewsSection",
    "SkillDetail",
    "approved_skills",
    "article_get_for_detail",
    "article_list_own",
    "dashboard_overview",
    "directory_choices",
    "directory_search_query",
    "directory_skill_get",
    "freelancer_page_scopes",
    "profile_get_for_detail",
    "profile_get_for_resume",
    "profile_get_own",
    "profile_missing_items",
    "profile_search",
    "profile_staff_search",
    "reviews_section",
    "skill_get_for_detail",
]
