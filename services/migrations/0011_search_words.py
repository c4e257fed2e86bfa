"""The search's table of words (services.models.SearchWord), kept complete by triggers.

Not atomic, in three steps, so that services stay writable throughout: the table, then
the triggers (from their commit on, every new word is added), then every word already in a
document (read after the triggers' commit, so no document falls between the two). At a
million services the last step reads every document once (10 s on the bench database)."""

from django.db import migrations, models

# The words of `rows` not yet in the table. Checked, not locked: a write never waits for
# another; two adding one new word at the same instant both add it.
ADD = """
    INSERT INTO services_searchword (word)
    SELECT DISTINCT found.word
    FROM {rows}, unnest(tsvector_to_array(search_document)) found(word)
    WHERE NOT EXISTS (SELECT FROM services_searchword kept WHERE kept.word = found.word);
"""

# New rows: one statement adds the words of all the rows it inserted (a COPY block of
# 10,000 rows, a bulk insert) at once. Changed rows: only those whose document changed (a
# rating or status update costs one comparison).
TRIGGERS = f"""
CREATE FUNCTION services_searchword_add_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {ADD.format(rows="inserted_rows")}
    RETURN NULL;
END
$$;
CREATE TRIGGER services_searchword_inserted
AFTER INSERT ON services_service
REFERENCING NEW TABLE AS inserted_rows
FOR EACH STATEMENT EXECUTE FUNCTION services_searchword_add_inserted();

CREATE FUNCTION services_searchword_add_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {ADD.format(rows="(SELECT NEW.search_document) changed(search_document)")}
    RETURN NULL;
END
$$;
CREATE TRIGGER services_searchword_updated
AFTER UPDATE ON services_service
FOR EACH ROW WHEN (OLD.search_document IS DISTINCT FROM NEW.search_document)
EXECUTE FUNCTION services_searchword_add_updated();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS services_searchword_inserted ON services_service;
DROP TRIGGER IF EXISTS services_searchword_updated ON services_service;
DROP FUNCTION IF EXISTS services_searchword_add_inserted();
DROP FUNCTION IF EXISTS services_searchword_add_updated();
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("services", "0010_search_in_a_category"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.TextField(db_collation="C")),
            ],
            options={
                "indexes": [models.Index(fields=["word"], name="services_searchword_word_idx")],
            },
        ),
        migrations.RunSQL(TRIGGERS, reverse_sql=DROP_TRIGGERS),
        migrations.RunSQL(ADD.format(rows="services_service"), reverse_sql=migrations.RunSQL.noop),
    ]
