"""The directory's sorts by rate (profiles without a rate last), in their full order over
active profiles, so that a page reads its twenty rows in order instead of sorting every
profile (330 ms for a page among 200,000). Built concurrently: profiles stay writable."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("profiles", "0012_article_headings_never_skip"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="profile",
            index=models.Index(
                models.OrderBy(models.F("hourly_rate"), nulls_last=True),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "active")),
                name="profiles_dir_rate_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="profile",
            index=models.Index(
                models.OrderBy(models.F("hourly_rate"), descending=True, nulls_last=True),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "active")),
                name="profiles_dir_rate_desc_idx",
            ),
        ),
    ]
