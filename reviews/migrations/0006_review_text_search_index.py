"""The admin's search of review texts: a GIN index on the text's English words, built
concurrently so that reviews can be written while it builds on a large table."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reviews", "0005_appeals_against_decisions"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="review",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("text", config="english"),
                name="reviews_text_search",
            ),
        ),
    ]
