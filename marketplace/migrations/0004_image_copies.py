"""The smaller copies (srcset) of images stored before uploads made them. Files only; the
database is unchanged, so there is nothing to undo."""

from django.db import migrations


def make_copies(apps, schema_editor):
    from marketplace.image_copies import make_missing_copies

    make_missing_copies(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0003_moderators_see_messages"),
        ("profiles", "0010_article_headings_never_skip"),
        ("services", "0008_message_threads"),
    ]

    operations = [migrations.RunPython(make_copies, migrations.RunPython.noop)]
