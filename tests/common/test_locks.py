"""The lock helper, and a transaction that loses a lock race: retried, and if it keeps
losing, a logged 500 rather than the outage page."""

import threading

import psycopg.errors
import pytest
from django.db import OperationalError, connection, transaction

from common import locks
from common.locks import KEY_SHARE, NO_KEY_UPDATE, lock_rows, retry_on_conflict
from common.middleware import is_database_outage
from profiles.models import Profile, User
from services.models import Category, Service
from tests.profiles.factories import UserFactory
from tests.races import database_error
from tests.services.factories import ServiceFactory


@pytest.fixture
def no_pause(monkeypatch):
    monkeypatch.setattr(locks, "BACKOFF_SECONDS", 0)


# --- Retrying ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cause", [psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure]
)
def test_a_transaction_that_loses_a_race_once_is_retried_to_success(no_pause, cause, caplog):
    calls = []

    @retry_on_conflict
    def action():
        calls.append(1)
        if len(calls) == 1:
            raise database_error(cause)
        return "done"

    assert action() == "done"
    assert len(calls) == 2
    assert "action lost a lock race (attempt 1 of 3), retrying" in caplog.text


def test_a_race_lost_every_time_is_given_up_after_three_attempts(no_pause):
    calls = []

    @retry_on_conflict
    def action():
        calls.append(1)
        raise database_error(psycopg.errors.DeadlockDetected)

    with pytest.raises(OperationalError) as raised:
        action()

    assert isinstance(raised.value.__cause__, psycopg.errors.DeadlockDetected)
    assert len(calls) == 3


def test_other_database_errors_are_not_retried(no_pause):
    calls = []

    @retry_on_conflict
    def action():
        calls.append(1)
        raise OperationalError("connection refused")

    with pytest.raises(OperationalError):
        action()

    assert len(calls) == 1


@pytest.mark.django_db
def test_inside_an_outer_transaction_the_action_runs_once(no_pause):
    calls = []

    @retry_on_conflict
    def action():
        calls.append(1)
        raise database_error(psycopg.errors.DeadlockDetected)

    with pytest.raises(OperationalError), transaction.atomic():
        action()

    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_is_retried_and_both_transactions_commit(no_pause, caplog):
    first, second = UserFactory(), UserFactory()
    both_hold_one = threading.Barrier(2)
    attempts, errors = [], []

    @retry_on_conflict
    @transaction.atomic
    def touch(one, other):
        attempts.append(one)
        # Deliberately against the lock order: each thread holds one row, wants the other.
        User.objects.select_for_update().get(pk=one)
        if attempts.count(one) == 1:
            both_hold_one.wait(timeout=30)
        User.objects.select_for_update().get(pk=other)
        User.objects.filter(pk__in=[one, other]).update(name=f"touched by {one}")

    def run(one, other):
        try:
            touch(one, other)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(first.pk, second.pk)),
        threading.Thread(target=run, args=(second.pk, first.pk)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    # At least one of the two ran again (on a loaded machine the retry can meet the other
    # transaction once more, within the three attempts each has).
    assert 3 <= len(attempts) <= 6
    assert (
        User.objects.filter(pk__in=[first.pk, second.pk], name__startswith="touched").count() == 2
    )
    assert "lost a lock race (attempt 1 of 3), retrying: DeadlockDetected" in caplog.text


# --- What the user sees ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cause",
    [
        psycopg.errors.DeadlockDetected,
        psycopg.errors.SerializationFailure,
        psycopg.errors.LockNotAvailable,
        psycopg.errors.QueryCanceled,
    ],
)
def test_a_refused_transaction_is_not_a_database_outage(cause):
    assert not is_database_outage(database_error(cause))


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection refused"),
        database_error(psycopg.OperationalError, "connection failed: server closed"),
        database_error(psycopg.errors.AdminShutdown, "terminating connection"),
    ],
)
def test_a_lost_or_refused_connection_is_a_database_outage(error):
    assert is_database_outage(error)


# --- Locking rows ------------------------------------------------------------------------


@pytest.mark.django_db
def test_rows_are_locked_in_the_project_order_whatever_order_they_are_given_in(
    freelancer, django_assert_num_queries
):
    service = ServiceFactory(freelancer=freelancer.profile)
    with django_assert_num_queries(3) as captured:
        lock_rows(
            (Service, service.pk, KEY_SHARE),
            (Profile, [freelancer.profile.pk, None], KEY_SHARE),
            (User, freelancer.pk, NO_KEY_UPDATE),
        )

    tables = [query["sql"].split(" FROM ")[1].split()[0] for query in captured.captured_queries]
    assert tables == ['"profiles_user"', '"profiles_profile"', '"services_service"']
    assert captured.captured_queries[0]["sql"].endswith("FOR NO KEY UPDATE")


def test_rows_are_locked_only_inside_a_transaction():
    with pytest.raises(transaction.TransactionManagementError):
        lock_rows((User, 1, KEY_SHARE))


@pytest.mark.django_db
def test_a_model_without_a_place_in_the_lock_order_is_refused():
    with pytest.raises(ValueError, match="has no place"):
        lock_rows((Category, 1, KEY_SHARE))
