"""The profiles' ratings and review figures, as reviews.actions keeps them
(profiles.models.ReviewFigures), written for every reviewed profile in one statement
instead of a recount per row. (A service's are written with its row: hires.py.)"""

from django.db import connection

# What each profile's reviews add up to (only those of its published services): the
# visible ones' star counts, distinct clients, sub-rating sums and first and latest dates,
# and the hidden ones by category, with the average and count beside them.
PROFILE_FIGURES = """
WITH counted AS (
    SELECT
        r.freelancer_id AS row_id, r.is_hidden, r.hidden_category, r.rating, r.author_id,
        r.communication, r.quality, r.value, r.created_at
    FROM reviews_review AS r
    JOIN services_service AS s ON s.id = r.service_id AND s.status = 'published'
), visible AS (
    SELECT
        row_id,
        count(*) AS n,
        sum(rating) AS total,
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
UPDATE profiles_profile AS t SET
    rating_average = COALESCE(ROUND(v.total::numeric / v.n, 2), 0),
    review_count = COALESCE(v.n, 0),
    review_figures = jsonb_build_object(
        'stars', COALESCE(v.stars, '[0, 0, 0, 0, 0]'),
        'clients', COALESCE(v.clients, 0),
        'communication', COALESCE(v.communication, 0),
        'quality', COALESCE(v.quality, 0),
        'value', COALESCE(v.value, 0),
        'first_at', v.first_at,
        'latest_at', v.latest_at,
        'hidden', COALESCE(h.hidden, '{}')
    )
FROM visible AS v FULL JOIN hidden AS h USING (row_id)
WHERE t.id = row_id
"""


def ratings_fill() -> None:
    """Every reviewed profile's rating, count and figures."""
    with connection.cursor() as cursor:
        cursor.execute(PROFILE_FIGURES)
