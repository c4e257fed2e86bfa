"""Writes for profiles, skills and portfolio articles: one function per user intent, one
submodule per subject; every public name is importable from here."""

from profiles.actions.articles import (
    ARTICLE_FIELDS,
    article_create,
    article_delete,
    article_publish,
    article_unpublish,
    article_update,
)
from profiles.actions.moderation import (
    MODERATORS_GROUP,
    moderator_appoint,
    profile_restore,
    profile_suspend,
    user_deactivate,
)
from profiles.actions.profiles import (
    PROFILE_FIELDS,
    PROFILE_FILE_FIELDS,
    freelancer_pages_changed,
    profile_create,
    profile_remove_upload,
    profile_update,
    user_rename,
)
from profiles.actions.ratings import (
    profile_rating_reviews,
    profile_ratings_recount,
    review_figures,
)
from profiles.actions.skills import (
    normalise_skill_name,
    set_skills,
    skill_approve,
    skill_get_or_create,
    skills_approve_with,
    skills_from_names,
)
from profiles.search_words import skills_changed_reindex_after_commit

__all__ = [
    "ARTICLE_FIELDS",
    "MODERATORS_GROUP",
    "PROFILE_FIELDS",
    "PROFILE_FILE_FIELDS",
    "article_create",
    "article_delete",
    "article_publish",
    "article_unpublish",
    "article_update",
    "freelancer_pages_changed",
    "moderator_appoint",
    "normalise_skill_name",
    "profile_create",
    "profile_rating_reviews",
    "profile_ratings_recount",
    "profile_remove_upload",
    "profile_restore",
    "profile_suspend",
    "profile_update",
    "review_figures",
    "set_skills",
    "skill_approve",
    "skill_get_or_create",
    "skills_approve_with",
    "skills_changed_reindex_after_commit",
    "skills_from_names",
    "user_deactivate",
    "user_rename",
]
