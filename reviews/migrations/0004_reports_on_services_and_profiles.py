"""Review reports become reports of a review, a service or a profile.

The model is renamed (ReviewReport -> Report, table and content type follow), so existing
reports keep their ids and their moderation history; `review` becomes one of three
nullable targets, exactly one of them set. The model's permissions are renamed with it
(view_reviewreport -> view_report...), so the Moderators group keeps them. Reversible
while every report is of a review.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

RENAMES = [
    (
        f"{action}_reviewreport",
        f"{action}_report",
        f"Can {action} review report",
        f"Can {action} report",
    )
    for action in ("add", "change", "delete", "view")
]


def _rename_permissions(apps, forward: bool) -> None:
    Permission = apps.get_model("auth", "Permission")
    for old, new, old_name, new_name in RENAMES:
        source, target = (old, new) if forward else (new, old)
        name = new_name if forward else old_name
        Permission.objects.filter(content_type__app_label="reviews", codename=source).update(
            codename=target, name=name
        )


def rename_permissions(apps, schema_editor):
    _rename_permissions(apps, forward=True)


def rename_permissions_back(apps, schema_editor):
    _rename_permissions(apps, forward=False)


def _target(field):
    return models.Q(
        **{f"{name}__isnull": name != field for name in ("review", "service", "profile")}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The Moderators group is given the review reports' permissions under their old
        # names; on a new database that must happen before they are renamed here.
        ("marketplace", "0001_moderators_group"),
        ("profiles", "0005_hidden_profile_indexes"),
        ("reviews", "0003_review_check_fields"),
        ("services", "0006_browse_indexes_in_full_sort_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reviewreport", name="reviews_report_one_open_per_reporter"
        ),
        migrations.RenameModel(old_name="ReviewReport", new_name="Report"),
        migrations.RunPython(rename_permissions, rename_permissions_back),
        migrations.AlterField(
            model_name="report",
            name="review",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="reviews.review",
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="reporter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports_made",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="services.service",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="profile",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="profiles.profile",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="category",
            field=models.CharField(
                choices=[
                    ("spam", "Spam or advertising"),
                    ("fake", "Fake or misleading"),
                    ("abuse", "Abusive or offensive"),
                    ("scam", "Fraud or a scam"),
                    ("other", "Something else"),
                ],
                default="other",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("hide_review", "Hide the review"),
                    ("suspend_service", "Suspend the service"),
                    ("suspend_profile", "Suspend the freelancer"),
                    ("dismiss", "Dismiss the report"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="decision_reason",
            field=models.TextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(2000)]
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=_target("review") | _target("service") | _target("profile"),
                name="reviews_report_one_target",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("review", "reporter"),
                name="reviews_report_one_open_per_reporter",
                violation_error_message="You have already reported this review.",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("service", "reporter"),
                name="reviews_report_one_open_per_service",
                violation_error_message="You have already reported this service.",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("profile", "reporter"),
                name="reviews_report_one_open_per_profile",
                violation_error_message="You have already reported this freelancer.",
            ),
        ),
    ]
