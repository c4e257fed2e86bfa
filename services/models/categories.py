"""The two-level tree of categories that services are filed under."""

from django.db import models
from django.db.models import Q
from django.urls import reverse


class CategoryQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def leaves(self):
        return self.filter(parent__isnull=False)


class Category(models.Model):
    """A two-level tree: Writing & Translation › Articles & News. Services sit in leaves."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="services_category_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        if self.parent_id:
            return reverse(
                "services:subcategory", kwargs={"parent": self.parent.slug, "slug": self.slug}
            )
        return reverse("services:category", kwargs={"slug": self.slug})

    @property
    def is_leaf(self):
        return self.parent_id is not None
