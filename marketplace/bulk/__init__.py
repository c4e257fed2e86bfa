"""Benchmark data at scale: users, freelancers, skills, services, hire requests and
reviews, loaded with PostgreSQL COPY. Used by `manage.py seed_bulk`, never by the site.

The text is made from a fixed vocabulary with a skewed word frequency, so that some words
are common (matching a large share of services) and others rare, as in real listings.
"""

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from common.cache import all_public_pages_changed
from marketplace.bulk.copy import columns_of, copy_rows, next_id, reset_sequences
from marketplace.bulk.figures import ratings_fill
from marketplace.bulk.hires import Hires
from marketplace.bulk.vocabulary import (
    ACTIONS,
    FILLER,
    QUALIFIERS,
    RARE_WORDS,
    SKILL_WORDS,
    topics,
)
from profiles.models import Profile, ReviewFigures, Skill, User
from reviews.models import Review
from services.models import Category, Engagement, Service

# Bulk services were published over this many minutes before now (two years).
SERVICE_SPAN_MINUTES = 60 * 24 * 730


@dataclass
class BulkResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


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
            self._skip_foreign_key_triggers()
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
            self._phase("ratings", ratings_fill)
            reset_sequences(User, Profile, Skill, Service, Engagement, Review)
        self._phase("analyze", self._analyze)
        all_public_pages_changed()
        return self.result

    def _skip_foreign_key_triggers(self) -> None:
        """Rows made here reference rows made here: where the database user may (a
        superuser, as on the project's own PostgreSQL), skip the per-row foreign key
        triggers for this transaction. The tests check the data's consistency instead."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            self.report("foreign keys checked row by row (not a superuser)")

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
        self.first_user = next_id(User)
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

        columns = columns_of(
            "id email name password is_staff is_superuser is_active date_joined updated_at"
        )
        return copy_rows(User._meta.db_table, columns, rows(), self._progress("users", total))

    def _profiles(self) -> int:
        self.first_profile = next_id(Profile)
        rng, now = self.rng, self.now

        def rows():
            for i in range(self.n_freelancers):
                pid = self.first_profile + i
                uid = self.first_user + i
                topic = topics(rng, 1)[0]
                yield (
                    pid,
                    uid,
                    f"freelancer-{pid}",
                    f"Freelancer {pid}",
                    f"{rng.choice(QUALIFIERS).title()} {topic} specialist",
                    " ".join(rng.choices(FILLER, k=40)),
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

        columns = columns_of(
            "id user_id slug display_name headline about country city hourly_rate "
            "availability away_until avatar banner resume resume_visibility status "
            "rating_average review_count created_at updated_at"
        )
        return copy_rows(
            Profile._meta.db_table, columns, rows(), self._progress("profiles", self.n_freelancers)
        )

    def _skills(self) -> int:
        existing = {name.lower() for name in Skill.objects.values_list("name", flat=True)}
        names = [name for name in SKILL_WORDS if name.lower() not in existing]
        first, now = next_id(Skill), self.now
        rows = (
            (first + i, name, f"{slugify(name)}-{first + i}", now) for i, name in enumerate(names)
        )
        count = copy_rows(Skill._meta.db_table, ["id", "name", "slug", "created_at"], rows)
        self.skills = list(Skill.objects.filter(name__in=SKILL_WORDS).values_list("id", "name"))
        return count

    # --- Services --------------------------------------------------------------------

    def _services(self) -> int:
        """Services, and with each published one its hire requests and reviews, so that
        its rating and review figures are known before the row is written (an UPDATE
        afterwards would make PostgreSQL recompute every search document)."""
        self.first_service = next_id(Service)
        leaves = list(Category.objects.leaves().select_related("parent"))
        rng, now = self.rng, self.now
        self.service_skills: list[tuple[int, int]] = []
        self.hires = Hires(
            rng=rng,
            now=now,
            first_client=self.first_user + self.n_freelancers,
            n_clients=self.n_clients,
        )
        published_status = Service.Status.PUBLISHED
        statuses = (
            [published_status] * 95 + [Service.Status.DRAFT] * 3 + [Service.Status.PENDING] * 2
        )

        def rows():
            for i in range(self.n_services):
                sid = self.first_service + i
                freelancer_id = self.first_profile + rng.randrange(self.n_freelancers)
                topic = topics(rng, 1)[0]
                title = (
                    f"{rng.choice(QUALIFIERS).title()} {topic} "
                    f"{rng.choice(ACTIONS)} {rng.choice(['service', 'help', 'work'])}"
                )
                words = rng.choices(FILLER, k=30)
                # Topic words and, in one service of twenty, a rare word, spread through.
                for word in topics(rng, 2):
                    words.insert(rng.randrange(len(words)), word)
                if rng.random() < 0.05:
                    words.insert(rng.randrange(len(words)), rng.choice(RARE_WORDS))
                category = rng.choice(leaves)
                skills = rng.sample(self.skills, 3)
                for skill_id, _name in skills:
                    self.service_skills.append((sid, skill_id))
                keywords = " ".join(
                    [name for _id, name in skills] + [category.name, category.parent.name]
                )
                status = rng.choice(statuses)
                # Services arrive in id order over two years, as on a live site (within a
                # day), so the table's physical order follows publication as it would.
                ago = SERVICE_SPAN_MINUTES * (self.n_services - i) // self.n_services
                published = now - timedelta(minutes=ago + rng.randint(0, 60 * 24))
                figures = (
                    self.hires.add(sid, freelancer_id)
                    if status == published_status
                    else ReviewFigures()
                )
                yield (
                    sid,
                    freelancer_id,
                    category.pk,
                    title,
                    f"{slugify(title)}-{sid}",
                    " ".join(words),
                    rng.choice([15, 20, 25, 30, 35, 40, 45, 50, 60, 75, 90, 120]),
                    rng.choice([0, 0, 25, 50, 100, 250]),
                    rng.choice(Service.EngagementType.values),
                    "",
                    status,
                    "",
                    published if status == published_status else None,
                    figures.rating_average,
                    figures.count,
                    json.dumps(figures.as_json()),
                    keywords,
                    published,
                    published,
                )

        columns = columns_of(
            "id freelancer_id category_id title slug description hourly_rate "
            "starting_price engagement banner status moderation_note published_at "
            "rating_average review_count review_figures keywords created_at updated_at"
        )
        return copy_rows(
            Service._meta.db_table, columns, rows(), self._progress("services", self.n_services)
        )

    def _service_skills(self) -> int:
        table = Service.skills.through._meta.db_table
        count = copy_rows(table, ["service_id", "skill_id"], iter(self.service_skills))
        del self.service_skills
        return count

    def _add_indexes(self, indexes) -> None:
        with connection.schema_editor() as editor:
            for index in indexes:
                editor.add_index(Service, index)

    # --- Hires and reviews -----------------------------------------------------------

    def _engagements_and_reviews(self) -> int:
        count, self.result.counts["reviews"] = self.hires.copy()
        del self.hires
        return count

    def _analyze(self) -> None:
        """VACUUM ANALYZE outside the load's transaction: fresh statistics for the planner,
        and no autovacuum of a million fresh rows in the middle of a benchmark."""
        # Inside a caller's transaction (the tests) VACUUM is not allowed; ANALYZE is.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (User, Profile, Skill, Service, Engagement, Review):
                cursor.execute(f"{command} {model._meta.db_table}")
