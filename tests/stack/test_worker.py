"""Mail is queued as a task and sent by the worker process, not by the web request."""

import time

import pytest

from stack.processes import read_pid

pytestmark = pytest.mark.stack


def _mails(stack) -> dict[str, str]:
    if not stack.mail_dir.exists():
        return {}
    return {path.name: path.read_text() for path in stack.mail_dir.iterdir()}


def test_a_queued_mail_is_sent_by_the_worker(stack, visitor):
    assert read_pid(stack.pid_file("worker")), "the task worker runs"
    before = _mails(stack)

    answer = visitor.submit(
        "/accounts/password/reset/", containing="email", values={"email": "client@example.com"}
    )

    assert answer.status == 200
    deadline = time.monotonic() + 30
    while not [
        text
        for name, text in _mails(stack).items()
        if name not in before and "client@example.com" in text
    ]:
        assert time.monotonic() < deadline, "no mail to client@example.com within 30 s"
        time.sleep(0.2)
