"""Moderators read message threads and decide on message reports (hide a message, or
dismiss a report). Still no delete permission. Reversible: takes the permissions back."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = {
    "services": ["view_message", "change_message", "view_messagereport", "change_messagereport"],
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in PERMISSIONS.items():
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        assert found.count() == len(codenames), f"missing permissions in {app_label}"
        yield from found


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_moderators_decide_appeals"),
        ("services", "0008_message_threads"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
