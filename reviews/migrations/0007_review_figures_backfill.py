from django.db import migrations

# What each row's reviews add up to, in the shape profiles.models.ReviewFigures reads: the
# visible ones' star counts, distinct clients, sub-rating sums and first and latest dates,
# and the hidden ones by category. {key} is the review's column naming the row; {join}
# narrows the reviews (a profile counts only its published services' reviews).
FIGURES = """
WITH counted AS (
    SELECT
        r.{key} AS row_id, r.is_hidden, r.hidden_category, r.rating, r.author_id,
        r.communication, r.quality, r.value, r.created_at
    FROM reviews_review AS r {join}
), visible AS (
    SELECT
        row_id,
        jsonb_build_array(
            count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
            count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4),
            count(*) FILTER (WHERE rating = 5)
        ) AS stars,
        count(DISTINCT author_id) AS clients,
        sum(communication) AS communication,
        sum(quality) AS quality,
        sum(value) AS value,
        min(created_at) AS first_at,
        max(created_at) AS latest_at
    FROM counted WHERE NOT is_hidden GROUP BY row_id
), hidden AS (
    SELECT row_id, jsonb_object_agg(hidden_category, n) AS hidden
    FROM (
        SELECT row_id, hidden_category, count(*) AS n
        FROM counted WHERE is_hidden GROUP BY row_id, hidden_category
    ) AS categories
    GROUP BY row_id
)
UPDATE {table} AS t SET review_figures = jsonb_build_object(
    'stars', COALESCE(v.stars, '[0, 0, 0, 0, 0]'),
    'clients', COALESCE(v.clients, 0),
    'communication', COALESCE(v.communication, 0),
    'quality', COALESCE(v.quality, 0),
    'value', COALESCE(v.value, 0),
    'first_at', v.first_at,
    'latest_at', v.latest_at,
    'hidden', COALESCE(h.hidden, '{{}}')
)
FROM visible AS v FULL JOIN hidden AS h USING (row_id)
WHERE t.id = row_id
"""


class Migration(migrations.Migration):
    # Each table's figures are written and committed on their own.
    atomic = False

    dependencies = [
        ("profiles", "0014_review_figures"),
        ("reviews", "0006_review_text_search_index"),
        ("services", "0014_review_figures"),
    ]

    operations = [
        migrations.RunSQL(
            FIGURES.format(table="services_service", key="service_id", join=""),
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            FIGURES.format(
                table="profiles_profile",
                key="freelancer_id",
                join="JOIN services_service AS s ON s.id = r.service_id "
                "AND s.status = 'published'",
            ),
            migrations.RunSQL.noop,
        ),
    ]
