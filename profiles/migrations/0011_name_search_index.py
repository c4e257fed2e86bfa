"""Service search finds services by their freelancer's display name through this index."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0010_mail_kinds_and_deleted_accounts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="profile",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("display_name", config="english"),
                fastupdate=False,
                name="profiles_name_gin",
            ),
        ),
    ]
