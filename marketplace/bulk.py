"""Benchmark data at scale: users, freelancers, skills, services, hire requests and
reviews, loaded with PostgreSQL COPY. Used by `manage.py seed_bulk`, never by the site.

The text is made from a fixed vocabulary with a skewed word frequency, so that some words
are common (matching a large share of services) and others rare, as in real listings.
"""

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from profiles.models import Profile, Skill, User
from reviews.models import Review
from services.models import Category, Engagement, Service

# fmt: off
TOPICS = [
    "news", "blog", "article", "copy", "seo", "logo", "brand", "website", "django", "python",
    "react", "mobile", "app", "database", "postgresql", "security", "data", "analysis",
    "excel", "bookkeeping", "tax", "contract", "patent", "translation", "spanish", "german",
    "french", "japanese", "resume", "grant", "proposal", "ebook", "video", "animation",
    "illustration", "poster", "podcast", "newsletter", "email", "social", "instagram",
    "tiktok", "research", "survey", "transcription", "support", "tutoring", "math", "physics",
    "chemistry", "course", "cad", "architecture", "interior", "structural", "wordpress",
    "shopify", "api", "cloud", "devops", "kubernetes", "rust", "golang", "java", "testing",
]
ACTIONS = [
    "writing", "editing", "design", "development", "consulting", "optimization", "audit",
    "strategy", "production", "setup", "migration", "review", "coaching", "management",
]
QUALIFIERS = [
    "professional", "fast", "affordable", "expert", "creative", "reliable", "detailed",
    "modern", "friendly", "senior", "certified", "bilingual", "technical", "custom",
]
SENTENCES = [
    "I deliver clear results on time with careful communication and a focus on quality.",
    "Every project starts with a short call to understand your goals, audience and budget.",
    "You get drafts early, unlimited small revisions and a final handover with notes.",
    "I have worked with startups, agencies, universities and nonprofits across many fields.",
]
FILLER = " ".join(SENTENCES).split()
# fmt: on
RARE_WORDS = [f"{a}{b}" for a in ("zyl", "quor", "vex", "mirth", "plon") for b in range(200)]
SKILL_WORDS = [f"{topic.title()} {action.title()}" for topic in TOPICS for action in ACTIONS]


def _zipf_choice(rng: random.Random, words: list[str]) -> str:
    """Earlier words far more often than later ones: a few common words, a long tail."""
    index = min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)
    return words[index]


@dataclass
class BulkResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _copy(table: str, columns: list[str], rows: Iterator[tuple], progress=None) -> int:
    """COPY rows into `table`; returns how many. `progress(n)` is told every 10,000 rows."""
    written = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.connection.cursor().copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
                if progress and written % 10_000 == 0:
                    progress(written)
    if progress and written % 10_000:
        progress(written)
    return written


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


class BulkLoader:
    """Loads `services` services and everything in proportion, reporting progress."""

    def __init__(self, *, services: int, report: Callable, seed: int = 42):
        self.n_services = services
        self.n_freelancers = max(1, services // 5)
        self.n_clients = max(1, services // 10)
        self.rng = random.Random(seed)
        self.report = report
        self.now = timezone.now()
        self.result = BulkResult()

    def run(self) -> BulkResult:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Foreign keys are checked per statement, so indexes can be built mid-way.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            self._phase("users", self._users)
            self._phase("profiles", self._profiles)
            self._phase("skills", self._skills)
            indexes = list(Service._meta.indexes)
            with connection.schema_editor() as editor:
                for index in indexes:
                    editor.remove_index(Service, index)
            self._phase("services", self._services)
            self._phase("service skills", self._service_skills)
            self._phase("indexes", lambda: self._add_indexes(indexes))
            self._phase("engagements", self._engagements_and_reviews)
            self._phase("ratings", self._ratings)
            _reset_sequences(User, Profile, Skill, Service, Engagement, Review)
        self._phase("analyze", self._analyze)
        return self.result

    def _phase(self, name: str, step: Callable) -> None:
        started = time.monotonic()
        count = step()
        self.result.seconds[name] = time.monotonic() - started
        if count is not None:
            self.result.counts[name] = count
        self.report(
            f"{name}: {count if count is not None else 'done'} in {self.result.seconds[name]:.1f}s"
        )

    def _progress(self, label: str, total: int) -> Callable[[int], None]:
        started = time.monotonic()

        def show(done: int) -> None:
            width = 30
            filled = int(width * done / max(total, 1))
            rate = done / max(time.monotonic() - started, 1e-6)
            self.report(
                f"\r  {label} [{'#' * filled}{'.' * (width - filled)}] "
                f"{done:,}/{total:,} ({rate:,.0f}/s)",
                ending="",
            )
            if done >= total:
                self.report("")

        return show

    # --- People ----------------------------------------------------------------------

    def _users(self) -> int:
        self.first_user = _next_id(User)
        total = self.n_freelancers + self.n_clients
        now = self.now

        def rows():
            for i in range(total):
                uid = self.first_user + i
                yield (
                    uid,
                    f"bulk{uid}@bench.example",
                    f"Bulk User {uid}",
                    "!",
                    False,
                    False,
                    True,
                    now,
                    now,
                )

        columns = [
            "id",
            "email",
            "name",
            "password",
            "is_staff",
            "is_superuser",
            "is_active",
            "date_joined",
            "updated_at",
        ]
        return _copy(User._meta.db_table, columns, rows(), self._progress("users", total))

    def _profiles(self) -> int:
        self.first_profile = _next_id(Profile)
        rng, now = self.rng, self.now

        def rows():
            for i in range(self.n_freelancers):
                pid = self.first_profile + i
                uid = self.first_user + i
                topic = _zipf_choice(rng, TOPICS)
                yield (
                    pid,
                    uid,
                    f"freelancer-{pid}",
                    f"Freelancer {pid}",
                    f"{rng.choice(QUALIFIERS).title()} {topic} specialist",
                    " ".join(rng.choice(FILLER) for _ in range(40)),
                    "",
                    "",
                    rng.randint(15, 150),
                    "available",
                    None,
                    "",
                    "",
                    "",
                    "everyone",
                    "active",
                    0,
                    0,
                    now,
                    now,
                )

        columns = [
            "id",
            "user_id",
            "slug",
            "display_name",
            "headline",
            "about",
            "country",
            "city",
            "hourly_rate",
            "availability",
            "away_until",
            "avatar",
            "banner",
            "resume",
            "resume_visibility",
            "status",
            "rating_average",
            "review_count",
            "created_at",
            "updated_at",
        ]
        return _copy(
            Profile._meta.db_table, columns, rows(), self._progress("profiles", self.n_freelancers)
        )

    def _skills(self) -> int:
        existing = {name.lower() for name in Skill.objects.values_list("name", flat=True)}
        names = [name for name in SKILL_WORDS if name.lower() not in existing]
        first, now = _next_id(Skill), self.now
        rows = (
            (first + i, name, f"{slugify(name)}-{first + i}", now) for i, name in enumerate(names)
        )
        count = _copy(Skill._meta.db_table, ["id", "name", "slug", "created_at"], rows)
        self.skills = list(Skill.objects.filter(name__in=SKILL_WORDS).values_list("id", "name"))
        return count

    # --- Services --------------------------------------------------------------------

    def _services(self) -> int:
        self.first_service = _next_id(Service)
        leaves = list(Category.objects.leaves().select_related("parent"))
        rng, now = self.rng, self.now
        self.service_skills: list[tuple[int, int]] = []
        statuses = ["published"] * 95 + ["draft"] * 3 + ["pending"] * 2

        def rows():
            for i in range(self.n_services):
                sid = self.first_service + i
                topic = _zipf_choice(rng, TOPICS)
                title = (
                    f"{rng.choice(QUALIFIERS).title()} {topic} "
                    f"{rng.choice(ACTIONS)} {rng.choice(['service', 'help', 'work'])}"
                )
                words = [rng.choice(FILLER) for _ in range(30)]
                words += [_zipf_choice(rng, TOPICS) for _ in range(6)]
                if rng.random() < 0.05:
                    words.append(rng.choice(RARE_WORDS))
                rng.shuffle(words)
                category = rng.choice(leaves)
                skills = rng.sample(self.skills, 3)
                for skill_id, _name in skills:
                    self.service_skills.append((sid, skill_id))
                keywords = " ".join(
                    [name for _id, name in skills] + [category.name, category.parent.name]
                )
                status = rng.choice(statuses)
                published = now - timedelta(minutes=rng.randint(0, 60 * 24 * 730))
                yield (
                    sid,
                    self.first_profile + rng.randrange(self.n_freelancers),
                    category.pk,
                    title,
                    f"{slugify(title)}-{sid}",
                    " ".join(words),
                    rng.choice([15, 20, 25, 30, 35, 40, 45, 50, 60, 75, 90, 120]),
                    rng.choice([0, 0, 25, 50, 100, 250]),
                    rng.choice(["ongoing", "one_off"]),
                    "",
                    status,
                    "",
                    published if status == "published" else None,
                    0,
                    0,
                    keywords,
                    published,
                    published,
                )

        columns = [
            "id",
            "freelancer_id",
            "category_id",
            "title",
            "slug",
            "description",
            "hourly_rate",
            "starting_price",
            "engagement",
            "banner",
            "status",
            "moderation_note",
            "published_at",
            "rating_average",
            "review_count",
            "keywords",
            "created_at",
            "updated_at",
        ]
        return _copy(
            Service._meta.db_table, columns, rows(), self._progress("services", self.n_services)
        )

    def _service_skills(self) -> int:
        table = Service.skills.through._meta.db_table
        count = _copy(table, ["service_id", "skill_id"], iter(self.service_skills))
        del self.service_skills
        return count

    def _add_indexes(self, indexes) -> None:
        with connection.schema_editor() as editor:
            for index in indexes:
                editor.add_index(Service, index)

    # --- Hires and reviews -----------------------------------------------------------

    def _engagements_and_reviews(self) -> int:
        """About a third of services were hired 1-4 times; most jobs are completed and
        reviewed, the rest in every other state."""
        rng, now = self.rng, self.now
        first_engagement, first_review = _next_id(Engagement), _next_id(Review)
        client_ids = range(
            self.first_user + self.n_freelancers,
            self.first_user + self.n_freelancers + self.n_clients,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, freelancer_id FROM services_service "
                "WHERE id >= %s AND status = 'published'",
                [self.first_service],
            )
            published = cursor.fetchall()
        engagements, reviews = [], []
        for service_id, freelancer_id in published:
            if rng.random() > 0.33:
                continue
            for _ in range(rng.randint(1, 4)):
                eid = first_engagement + len(engagements)
                client = rng.choice(client_ids)
                created = now - timedelta(days=rng.randint(1, 700))
                status = rng.choices(
                    ["completed", "accepted", "requested", "declined", "cancelled"],
                    weights=[80, 6, 6, 4, 4],
                )[0]
                accepted = created if status in ("accepted", "completed") else None
                completed = created if status == "completed" else None
                closed = created if status in ("declined", "cancelled") else None
                engagements.append(
                    (
                        eid,
                        service_id,
                        freelancer_id,
                        client,
                        "Bulk hire request message.",
                        None,
                        status,
                        accepted,
                        completed,
                        closed,
                        created,
                        created,
                    )
                )
                if status == "completed" and rng.random() < 0.85:
                    rating = rng.choices([5, 4, 3, 2, 1], weights=[55, 25, 10, 5, 5])[0]
                    reviews.append(
                        (
                            first_review + len(reviews),
                            eid,
                            service_id,
                            freelancer_id,
                            client,
                            rating,
                            rating,
                            rating,
                            max(1, rating - 1),
                            "Good work, on time.",
                            False,
                            "",
                            None,
                            None,
                            "",
                            None,
                            created,
                            created,
                        )
                    )
        columns = [
            "id",
            "service_id",
            "freelancer_id",
            "client_id",
            "message",
            "budget",
            "status",
            "accepted_at",
            "completed_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        _copy(Engagement._meta.db_table, columns, iter(engagements))
        columns = [
            "id",
            "engagement_id",
            "service_id",
            "freelancer_id",
            "author_id",
            "rating",
            "communication",
            "quality",
            "value",
            "text",
            "is_hidden",
            "hidden_reason",
            "hidden_at",
            "hidden_by_id",
            "reply",
            "replied_at",
            "created_at",
            "updated_at",
        ]
        _copy(Review._meta.db_table, columns, iter(reviews))
        self.result.counts["reviews"] = len(reviews)
        return len(engagements)

    def _ratings(self) -> None:
        """The same figures reviews.actions keeps, computed in two statements."""
        with connection.cursor() as cursor:
            for table, column in (
                ("services_service", "service_id"),
                ("profiles_profile", "freelancer_id"),
            ):
                cursor.execute(f"""
                    UPDATE {table} AS t
                    SET rating_average = ROUND(r.total::numeric / r.n, 2), review_count = r.n
                    FROM (SELECT {column} AS id, SUM(rating) AS total, COUNT(*) AS n
                          FROM reviews_review WHERE NOT is_hidden GROUP BY {column}) AS r
                    WHERE t.id = r.id
                """)

    def _analyze(self) -> None:
        with connection.cursor() as cursor:
            for model in (User, Profile, Skill, Service, Engagement, Review):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
