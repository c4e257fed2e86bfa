"""The profiles app's models, one submodule per family: users, skills, profiles and
articles. Every public name is importable from here (migrations and settings name
`profiles.models.private_storage`, `profiles.models.UserManager` and
`profiles.models.user_display`)."""

from profiles.models.articles import Article, ArticleQuerySet
from profiles.models.profiles import (
    PREFIX_CONFIG,
    SEARCH_CONFIG,
    Profile,
    ProfileQuerySet,
    hidden_profile_id_queries,
    private_storage,
)
from profiles.models.review_figures import ReviewFigures
from profiles.models.skills import Skill, SkillQuerySet
from profiles.models.users import (
    FORMER_MEMBER,
    UNNAMED_USER,
    User,
    UserManager,
    name_without_address,
    user_display,
)

__all__ = [
    "FORMER_MEMBER",
    "PREFIX_CONFIG",
    "SEARCH_CONFIG",
    "UNNAMED_USER",
    "Article",
    "ArticleQuerySet",
    "Profile",
    "ProfileQuerySet",
    "ReviewFigures",
    "Skill",
    "SkillQuerySet",
    "User",
    "UserManager",
    "hidden_profile_id_queries",
    "name_without_address",
    "private_storage",
    "user_display",
]
