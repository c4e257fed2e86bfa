"""The Moderators group, with the least permissions moderation needs.

Moderators see users, freelancers, services, reviews, reports, hire requests and the audit
log, and change what the moderation decisions change. They get no delete permission and
nothing on groups or permissions; the user admin lets only superusers edit a user or make
staff. Reversible: removes the group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = {
    "profiles": [
        "view_user",
        "change_user",
        "view_profile",
        "change_profile",
        "view_skill",
        "view_article",
        "change_article",
    ],
    "services": ["view_category", "view_service", "change_service", "view_engagement"],
    "reviews": ["view_review", "change_review", "view_reviewreport", "change_reviewreport"],
    "admin": ["view_logentry"],
}


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codenames in PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        assert permissions.count() == len(codenames), f"missing permissions in {app_label}"
        group.permissions.add(*permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("profiles", "0004_profile_ratings"),
        ("services", "0004_engagements"),
        ("reviews", "0001_reviews_and_reports"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
