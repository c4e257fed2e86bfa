"""The shared vocabulary of skills that profiles and services carry."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse


class SkillQuerySet(models.QuerySet):
    def approved(self):
        """Skills public pages may show: the vocabulary staff have let through."""
        return self.filter(approved=True)


class Skill(models.Model):
    """A shared vocabulary: "news writing" and "News Writing" are one skill.

    A name a freelancer adds that is not in it yet waits (`approved` False) and no public
    page shows it until staff approve it, or approve a service that carries it."""

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=70, unique=True)
    approved = models.BooleanField(
        default=True,
        db_default=True,
        help_text="Shown on public pages. New names from freelancers wait for staff.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="profiles_skill_name_ci_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("profiles:skill", kwargs={"slug": self.slug})
