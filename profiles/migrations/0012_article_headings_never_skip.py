"""Article bodies rendered again: their headings now follow the page title without skipping
a level (profiles.markdown._outline). Only body_html changes; nothing to undo."""

from django.db import migrations


def rerender(apps, schema_editor):
    from profiles.markdown import render_markdown

    Article = apps.get_model("profiles", "Article")
    for article in Article.objects.only("pk", "body").iterator(chunk_size=500):
        Article.objects.filter(pk=article.pk).update(body_html=render_markdown(article.body))


class Migration(migrations.Migration):
    dependencies = [("profiles", "0011_name_search_index")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
