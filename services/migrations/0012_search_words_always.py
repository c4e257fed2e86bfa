"""The search words' triggers fire whatever the session's replication role: `seed_bulk`
loads with `session_replication_role = replica` to skip the foreign-key triggers, and that
skipped these too, so a word's start missed every service it loaded."""

from django.db import migrations

TRIGGERS = ("services_searchword_inserted", "services_searchword_updated")


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0011_search_words"),
    ]

    operations = [
        migrations.RunSQL(
            [f"ALTER TABLE services_service ENABLE ALWAYS TRIGGER {name}" for name in TRIGGERS],
            reverse_sql=[
                f"ALTER TABLE services_service ENABLE TRIGGER {name}" for name in TRIGGERS
            ],
        ),
    ]
