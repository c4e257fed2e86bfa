"""The planner estimates how many services match a search from the search column's
statistics; a fine-grained sample keeps that estimate close at a million rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("services", "0004_engagements")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE services_service ALTER COLUMN search_document SET STATISTICS 1000",
            "ALTER TABLE services_service ALTER COLUMN search_document SET STATISTICS -1",
        )
    ]
