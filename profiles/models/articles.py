"""A freelancer's portfolio articles."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from profiles.models.profiles import Profile


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def public(self):
        """Published articles of public profiles."""
        return self.published().filter(profile__in=Profile.objects.public())


class Article(models.Model):
    """A portfolio article: Markdown written by the freelancer, stored rendered and sanitised."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160)
    body = models.TextField(validators=[MaxLengthValidator(50_000)])
    body_html = models.TextField(blank=True, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    cover = models.ImageField(upload_to="profiles/covers/", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "slug"], name="profiles_article_slug_unique_per_profile"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="profiles_article_published_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["profile", "status", "-published_at"],
                name="profiles_article_list_idx",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "profiles:article", kwargs={"profile_slug": self.profile.slug, "slug": self.slug}
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED
