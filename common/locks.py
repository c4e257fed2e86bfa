"""Row locks in one project-wide order, and retrying a transaction that lost a lock race.

THE LOCK ORDER. Every action that locks more than one row takes its locks in this order,
all of them up front, before it reads what it will change or inserts anything:

    1. users                      profiles.User       (the client, the author, the reporter)
    2. submission tokens          common.Submission   (claimed right after the user row)
    3. freelancer profiles        profiles.Profile
    4. services                   services.Service
    5. hire requests              services.Engagement  (also: its message thread)
    6. messages                   services.Message
    7. message reports            services.MessageReport
    8. reviews                    reviews.Review
    9. reports                    reviews.Report      (of reviews, services, profiles)
   10. appeals                    reviews.Appeal

A thread's read markers (services.ThreadRead) are written only while their hire request
is locked (by message_send), or alone by one UPDATE of one row (thread_mark_read), so
they need no place of their own.

Rows of one table are locked in primary-key order. The order runs from parent to child, so
the locks that foreign-key checks take count too: inserting (or re-pointing) a row that
references others takes FOR KEY SHARE on each referenced row, at the insert, in an order of
PostgreSQL's choosing. An action that inserts a hire request (FKs to a user, a profile and
a service) therefore takes those rows first, in the order above, with `lock_rows`; the
checks then find the locks already held. A unique-index wait (two transactions inserting
the same submission token) is a lock too, which is why tokens have a place in the list.

Which mode: KEY_SHARE for a row that is only referenced (it stays, its key does not
change), NO_KEY_UPDATE for a row whose non-key columns change (counters, statuses: what a
plain UPDATE takes, and it does not conflict with KEY SHARE, so recounting a freelancer's
ratings never waits for someone hiring them), UPDATE only before a delete or a key change.

Rows outside the list (categories, skills, articles, content types) are never locked
explicitly; only staff delete them, and deletes of referenced rows are refused (PROTECT).
One tolerated exception: an audit entry (the admin log) written after a single-row lock
references the moderator's user row late. User rows are only ever locked exclusively (FOR
UPDATE) by an email change or a delete, which hold no other row we lock, so that late key
share cannot close a cycle; every other user lock here is FOR NO KEY UPDATE or weaker.

A transaction that still loses a race (a deadlock PostgreSQL breaks by aborting one side, a
serialization failure) is retried by `retry_on_conflict`, wrapped around the transaction.
"""

import functools
import logging
import random
import time
from collections.abc import Iterable

import psycopg.errors
from django.db import OperationalError, connection, transaction
from django.db.models import Model

logger = logging.getLogger(__name__)

LOCK_ORDER = (
    "profiles.User",
    "common.Submission",
    "profiles.Profile",
    "services.Service",
    "services.Engagement",
    "services.Message",
    "services.MessageReport",
    "reviews.Review",
    "reviews.Report",
    "reviews.Appeal",
)

KEY_SHARE = "KEY SHARE"
SHARE = "SHARE"
NO_KEY_UPDATE = "NO KEY UPDATE"
UPDATE = "UPDATE"
MODES = (KEY_SHARE, SHARE, NO_KEY_UPDATE, UPDATE)


def lock_rows(*locks: tuple[type[Model], Iterable[int | None] | int | None, str]) -> None:
    """Lock rows for the rest of the transaction, in the project's lock order whatever
    order they are given in: each item is `(Model, pk or pks, mode)`; None pks are skipped.

    Take an action's locks in one call before its first write; where a step must come
    between (claiming a submission token after the user row), the later call locks only
    rows that come later in the order.
    """
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("lock_rows() needs a transaction.")
    steps = []
    for model, pks, mode in locks:
        if mode not in MODES:
            raise ValueError(f"Unknown lock mode {mode!r}.")
        label = model._meta.label
        if label not in LOCK_ORDER:
            raise ValueError(f"{label} has no place in common.locks.LOCK_ORDER.")
        wanted = [pks] if isinstance(pks, int) or pks is None else list(pks)
        steps.append((LOCK_ORDER.index(label), model, sorted({pk for pk in wanted if pk}), mode))
    for _rank, model, pks, mode in sorted(steps, key=lambda step: step[0]):
        if pks:
            _lock(model, pks, mode)


def _lock(model: type[Model], pks: list[int], mode: str) -> None:
    quote = connection.ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE {key} = ANY(%s) ORDER BY {key} FOR {mode}",
            [pks],
        )


# --- Lost races -------------------------------------------------------------------------

# PostgreSQL aborted the transaction to settle a race; the same work may well succeed now.
CONFLICTS = (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)
# The database answered but refused this one statement; not an outage either.
REFUSALS = (*CONFLICTS, psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)


def is_conflict(error: BaseException) -> bool:
    """True for a deadlock or a serialization failure (Django wraps psycopg's error)."""
    return isinstance(error, OperationalError) and isinstance(error.__cause__, CONFLICTS)


ATTEMPTS = 3
BACKOFF_SECONDS = 0.05


def retry_on_conflict(func=None, *, attempts: int = ATTEMPTS):
    """Run the decorated transaction again (up to `attempts` times in all, after a short
    random pause) when it loses a deadlock or serialization race; then let the error go.

    Goes outside `@transaction.atomic`: only a whole transaction can be retried, so inside
    an outer transaction it runs once and the outer one's owner decides. Only for actions
    whose only effects are in the database or deferred with `transaction.on_commit` (those
    of a rolled-back attempt are dropped), and which refresh what they lock.
    """
    if func is None:
        return functools.partial(retry_on_conflict, attempts=attempts)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            return func(*args, **kwargs)
        for attempt in range(1, attempts):
            try:
                return func(*args, **kwargs)
            except OperationalError as error:
                if not is_conflict(error):
                    raise
                logger.warning(
                    "%s lost a lock race (attempt %d of %d), retrying: %s",
                    func.__qualname__,
                    attempt,
                    attempts,
                    error.__cause__.__class__.__name__,
                )
                time.sleep(random.uniform(0, BACKOFF_SECONDS * 2**attempt))
        return func(*args, **kwargs)

    return wrapper
