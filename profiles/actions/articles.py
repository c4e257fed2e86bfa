"""Portfolio articles: written in Markdown, rendered and sanitised on every save."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.edits import lock_fresh, model_update
from common.locks import KEY_SHARE, lock_rows
from common.slugs import save_with_unique_slug
from common.submissions import submission_claim, submission_record
from profiles.actions.profiles import freelancer_pages_changed
from profiles.markdown import reading_minutes, render_markdown
from profiles.models import Article, Profile, User
from profiles.uploads import delete_file_after_commit, file_changes, replace_files

ARTICLE_FIELDS = (
    "title",
    "body",
    "body_html",
    "reading_minutes",
    "cover",
    "status",
    "published_at",
)


def _render(article: Article) -> None:
    article.body_html = render_markdown(article.body)
    article.reading_minutes = reading_minutes(article.body)


def _status(article: Article, publish: bool) -> dict[str, Any]:
    if publish:
        return {
            "status": Article.Status.PUBLISHED,
            "published_at": article.published_at or timezone.now(),
        }
    return {"status": Article.Status.DRAFT}


def _set_status(article: Article, publish: bool) -> None:
    for field, value in _status(article, publish).items():
        setattr(article, field, value)


@transaction.atomic
def article_create(
    *,
    profile: Profile,
    title: str,
    body: str,
    cover=None,
    publish: bool = False,
    submission_token=None,
) -> Article:
    """A new article with a slug unique within the profile, rendered and sanitised; the
    same `submission_token` twice returns the first one's article."""
    lock_rows((User, profile.user_id, KEY_SHARE))
    if earlier := submission_claim(user_id=profile.user_id, token=submission_token, model=Article):
        return earlier
    lock_rows((Profile, profile.pk, KEY_SHARE))
    article = Article(profile=profile, title=title.strip(), body=body)
    _render(article)
    _set_status(article, publish)
    replace_files(article, {"cover": cover} if cover else {}, ["cover"])
    article.full_clean(exclude=["slug"])
    save_with_unique_slug(article, text=title, scope=profile.articles.all(), fallback="article")
    submission_record(user_id=profile.user_id, token=submission_token, obj=article)
    freelancer_pages_changed(profile.pk)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    data: dict[str, Any],
    publish: bool | None = None,
    version: datetime | None = None,
) -> Article:
    """The edited copy, rendered again (`article` is untouched; its slug, and so its address,
    stays as it was), or EditConflict if it changed since `version`. `publish` True or
    False also publishes or unpublishes it; a replaced cover is deleted after commit."""
    current = lock_fresh(article, version=version)
    changes = {field: data[field] for field in ("title", "body") if field in data}
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    if "body" in changes:
        changes |= {
            "body_html": render_markdown(changes["body"]),
            "reading_minutes": reading_minutes(changes["body"]),
        }
    changes |= file_changes(current, data, ["cover"])
    if publish is not None:
        changes |= _status(current, publish)
    current = model_update(instance=current, fields=ARTICLE_FIELDS, data=changes)
    freelancer_pages_changed(current.profile_id)
    return current


def _article_publish(article: Article, publish: bool) -> Article:
    current = lock_fresh(article)
    current = model_update(instance=current, fields=ARTICLE_FIELDS, data=_status(current, publish))
    freelancer_pages_changed(current.profile_id)
    return current


@transaction.atomic
def article_publish(*, article: Article) -> Article:
    """Make the article public; the first publication date is kept on republishing."""
    return _article_publish(article, publish=True)


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Back to draft: the article disappears from public pages."""
    return _article_publish(article, publish=False)


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete the article and, after commit, its cover image."""
    delete_file_after_commit(article.cover)
    freelancer_pages_changed(article.profile_id)
    article.delete()
