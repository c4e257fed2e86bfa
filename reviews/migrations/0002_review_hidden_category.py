from django.db import migrations, models

# Reviews hidden before categories existed are counted as "other": their reasons are free
# text, and guessing a category from it would put words in the moderator's mouth.


def hidden_reviews_are_other(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    Review.objects.filter(is_hidden=True).update(hidden_category="other")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_reviews_and_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="hidden_category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("spam", "Spam"),
                    ("abuse", "Abuse"),
                    ("conflict", "Conflict of interest"),
                    ("off_topic", "Off-topic"),
                    ("other", "Other"),
                ],
                help_text=(
                    "Set with the reason when staff hide the review; counted on public pages."
                ),
                max_length=10,
            ),
        ),
        migrations.RunPython(hidden_reviews_are_other, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(("hidden_category", ""), ("is_hidden", False))
                | models.Q(("is_hidden", True), models.Q(("hidden_category", ""), _negated=True)),
                name="reviews_review_hidden_has_category",
            ),
        ),
    ]
