"""Searches within a category: a GIN index on the category and the words (btree_gin gives
GIN an integer column), so that only that category's matches are read, and each sort's
order within a subcategory, so that a walk in that order reads only its rows."""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0011_name_search_index"),
        ("services", "0009_service_deleted_status"),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.AddIndex(
            model_name="service",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")),
                fastupdate=False,
                fields=["category", "search_document"],
                name="services_cat_search_gin",
            ),
        ),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["category", "hourly_rate", "-published_at", "-id"],
                name="services_cat_rate_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["category", "-hourly_rate", "-published_at", "-id"],
                name="services_cat_rate_desc_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["category", "-rating_average", "-review_count", "-published_at", "-id"],
                name="services_cat_rating_idx",
            ),
        ),
    ]
