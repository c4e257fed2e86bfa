"""The smaller copies (srcset) of images stored before uploads made them. Files only; the
database is unchanged, so there is nothing to undo."""

from django.db import migrations


def make_copies(apps, schema_editor):
    from marketplace.image_copies import make_missing_copies

    make_missing_copies(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0006_moderators_see_data_exports"),
        ("profiles", "0012_article_headings_never_skip"),
        ("services", "0010_search_in_a_category"),
    ]

    operations = [migrations.RunPython(make_copies, migrations.RunPython.noop)]
