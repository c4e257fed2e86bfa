"""What `make bench` (run.py) and `make drill` (drill.py) share: the production-like
server, the environment it runs in, and a description of the machine."""

import os
import platform
import subprocess
from pathlib import Path

from stack.app import gunicorn_command
from stack.config import ROOT, VENV_BIN
from stack.processes import StackError, http_status, wait_until


def production_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a production-like process (DEBUG off, plain HTTP on loopback)."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "EMAIL_URL": "consolemail://",
        **settings,
    }


def manage(env: dict[str, str], *args: str, capture=False) -> str:
    result = subprocess.run(
        [VENV_BIN / "python", "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def start_gunicorn(env: dict[str, str], *, port: int, workers: int, **popen) -> subprocess.Popen:
    """gunicorn with sync workers on 127.0.0.1:`port` (as on the stack), once /healthz
    answers."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    server = subprocess.Popen(
        [str(part) for part in gunicorn_command(port=port, workers=workers)],
        cwd=ROOT,
        env=env,
        **popen,
    )
    try:
        healthz = f"http://127.0.0.1:{port}/healthz"
        wait_until(lambda: http_status(healthz) == 200, "the server", 60, server)
    except StackError:
        stop_server(server)
        raise
    return server


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def machine() -> str:
    """Cores, CPU model, memory, system and Python."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
        platform.processor(),
    )
    memory = (
        int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal")))
        // 1024
        // 1024
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )
