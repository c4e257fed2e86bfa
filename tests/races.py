"""Running work in real concurrent transactions, for tests marked
`@pytest.mark.django_db(transaction=True)`, and the errors a lost race raises."""

import re
import threading
from dataclasses import dataclass, field

import psycopg
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection


@dataclass
class Outcome:
    results: list = field(default_factory=list)
    refusals: list = field(default_factory=list)  # ValidationErrors and the like
    errors: list = field(default_factory=list)  # anything else: the bugs


def race(target, arguments, *, refusals=(ValidationError,)) -> Outcome:
    """Run `target(**a)` for each `a` in `arguments`, each in its own thread and database
    connection, all released at once; each thread closes its connection at the end."""
    barrier = threading.Barrier(len(arguments))
    outcome = Outcome()

    def run(kwargs):
        try:
            barrier.wait(timeout=30)
            outcome.results.append(target(**kwargs))
        except refusals as refusal:
            outcome.refusals.append(refusal)
        except Exception as error:
            outcome.errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(kwargs,)) for kwargs in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


def database_error(cause_class, message="database error"):
    """The error Django raises for `cause_class` from psycopg: OperationalError from it."""
    try:
        raise cause_class(message)
    except psycopg.Error as cause:
        try:
            raise OperationalError(message) from cause
        except OperationalError as error:
            return error


def rendered_token(response) -> str:
    """The one-time submission token the page's form carries."""
    match = re.search(
        r'name="submission_token" value="([0-9a-f-]{36})"', response.content.decode()
    )
    assert match, "the form carries no submission token"
    return match.group(1)
