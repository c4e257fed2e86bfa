"""The app on the stack: migrations and demo data, two gunicorn servers (sync workers,
DEBUG off) and the task worker, all with the settings contract of `Stack.app_env`."""

import os
import subprocess

from stack.config import APP_SERVERS, APP_WORKERS, ROOT, TASK_WORKER_COMMAND, VENV_BIN, Stack
from stack.processes import (
    StackError,
    http_status,
    port_open,
    read_pid,
    spawn,
    stop_pid,
    wait_until,
)


def env(stack: Stack) -> dict[str, str]:
    return os.environ | stack.app_env()


# One Django start-up instead of five (each costs 1-2 s on this box).
PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable")
call_command("collectstatic", interactive=False, verbosity=0)
call_command("seed_demo", if_empty=True)
"""


def prepare(stack: Stack) -> None:
    """Migrations, cache table, static files and demo data (each idempotent)."""
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-c", PREPARE],
        cwd=ROOT,
        env=env(stack) | {"DJANGO_SETTINGS_MODULE": "marketplace.settings"},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise StackError(f"migrate and demo data failed:\n{result.stdout}{result.stderr}")


def healthz(stack: Stack, server: str) -> int | None:
    return http_status(f"http://127.0.0.1:{stack.port(server)}/healthz")


def gunicorn_command(*, port: int, workers: int, options=()) -> list:
    """The production-like app server: gunicorn, sync workers, on 127.0.0.1 (the stack's
    servers, and `make bench` and `make drill` through bench/serving.py)."""
    return [
        VENV_BIN / "gunicorn",
        "marketplace.wsgi",
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        *("--worker-class", "sync", "--timeout", "30", "--graceful-timeout", "10"),
        *("--log-level", "warning"),
        *options,
    ]


def start_server(stack: Stack, server: str) -> bool:
    """One gunicorn master with its sync workers; returns once /healthz answers 200."""
    if read_pid(stack.pid_file(server)):
        return False
    # The workers of a master killed with kill -9 serve on until they notice (within ~1 s):
    # wait for them to leave, or their answers would pass for the new server's.
    wait_until(lambda: not port_open(stack.port(server)), f"port of {server} freed", 15)
    cmd = gunicorn_command(
        port=stack.port(server),
        workers=APP_WORKERS,
        options=[
            *("--name", f"marketplace-{server}"),
            *("--access-logfile", str(stack.log_file(f"{server}-access"))),
        ],
    )
    log, pid_file = stack.log_file(server), stack.pid_file(server)
    process = spawn(cmd, log_file=log, pid_file=pid_file, cwd=ROOT, env=env(stack))
    wait_until(lambda: healthz(stack, server) == 200, f"app server {server}", 60, process)
    return True


def stop_server(stack: Stack, server: str) -> bool:
    return stop_pid(stack.pid_file(server), grace=15)


def start_worker(stack: Stack) -> bool:
    """The task worker (django-tasks-db's db_worker), which sends the mail."""
    if read_pid(stack.pid_file("worker")):
        return False
    process = spawn(
        [VENV_BIN / "python", *TASK_WORKER_COMMAND],
        log_file=stack.log_file("worker"),
        pid_file=stack.pid_file("worker"),
        cwd=ROOT,
        env=env(stack),
    )
    # A worker has no port: alive after two seconds counts as started.
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        return True
    raise StackError(f"the task worker exited at once; see {stack.log_file('worker')}")


def stop_worker(stack: Stack) -> bool:
    return stop_pid(stack.pid_file("worker"), grace=15)


def running_servers(stack: Stack) -> list[str]:
    return [server for server in APP_SERVERS if read_pid(stack.pid_file(server))]
