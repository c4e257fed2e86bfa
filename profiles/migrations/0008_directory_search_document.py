"""The freelancer directory's search: the approved skills' names kept on the profile
(filled in for existing profiles), a stored weighted search document over name, headline
and skills with its GIN index, and indexes in the directory's sort orders."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0007_skill_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="keywords",
            field=models.TextField(blank=True, db_default="", editable=False),
        ),
        migrations.RunSQL(
            # The approved skills' names of every existing profile, as the actions write them.
            """
            UPDATE profiles_profile AS p SET keywords = names.keywords
            FROM (
                SELECT ps.profile_id, string_agg(s.name, ' ' ORDER BY s.name) AS keywords
                FROM profiles_profile_skills AS ps
                JOIN profiles_skill AS s ON s.id = ps.skill_id
                WHERE s.approved
                GROUP BY ps.profile_id
            ) AS names
            WHERE names.profile_id = p.id
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AddField(
            model_name="profile",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "display_name", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "display_name", config="simple", weight="A"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "headline", config="english", weight="B"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "headline", config="simple", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    ),
                    "||",
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector(
                            "keywords", config="english", weight="C"
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "keywords", config="simple", weight="C"
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="profile",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["search_document"], name="profiles_search_gin"
            ),
        ),
        migrations.AddIndex(
            model_name="profile",
            index=models.Index(
                condition=models.Q(("status", "active")),
                fields=["-created_at", "-id"],
                name="profiles_directory_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="profile",
            index=models.Index(
                condition=models.Q(("status", "active")),
                fields=["-rating_average", "-review_count", "-created_at", "-id"],
                name="profiles_directory_rating_idx",
            ),
        ),
    ]
