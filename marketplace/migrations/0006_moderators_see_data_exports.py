"""Moderators see the users' data export requests (who asked, when, how it went, the
size; never the archive): the first place to look when someone writes that theirs failed.
View only. Reversible: takes the permission back."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
CODENAME = "view_dataexport"


def _permission(apps):
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="marketplace", codename=CODENAME
    )


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    app_config = apps.get_app_config("marketplace")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(_permission(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0005_data_export_failure")]

    operations = [migrations.RunPython(grant, revoke)]
