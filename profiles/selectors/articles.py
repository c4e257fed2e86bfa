"""Reads of portfolio articles."""

from django.db.models import Q
from django.http import Http404

from profiles.models import Article, Profile
from profiles.selectors.profiles import approved_skills


def article_get_for_detail(*, profile_slug: str, slug: str, viewer) -> Article:
    """A published article of a public profile, or the viewer's own in any state."""
    own = Q(profile__user=viewer) if viewer.is_authenticated else Q(pk__in=[])
    queryset = Article.objects.select_related("profile", "profile__user").prefetch_related(
        approved_skills("profile__skills")
    )
    try:
        return queryset.filter(Q(pk__in=Article.objects.public().values("pk")) | own).get(
            profile__slug=profile_slug, slug=slug
        )
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def article_list_own(*, profile: Profile):
    """All the profile's articles, drafts first, for the dashboard."""
    return profile.articles.order_by("status", "-updated_at")
