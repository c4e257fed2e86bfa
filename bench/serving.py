"""What `make bench` (run.py) and `make drill` (drill.py) share: the production-like
server, the environment it runs in, and a description of the machine."""

import os
import platform
import subprocess
from collections.abc import Callable
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


def postgres_pid(psql: Callable[[str], str]) -> int | None:
    """The PostgreSQL server's process, when it runs on this machine and its data
    directory can be read (the project's own server; the bench runs as its owner).
    `psql` runs a query on it."""
    try:
        data = Path(psql("SHOW data_directory"))
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError, subprocess.CalledProcessError):
        return None


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time used so far by process `pid` and its children, those already exited
    included (Linux /proc): gunicorn's master and workers, or PostgreSQL's postmaster and
    backends. None when `pid` is None or not to be read (a server on another machine)."""
    if pid is None:
        return None
    try:
        total = _stat_seconds(pid, own=True)
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _stat_seconds(int(child), own=False)
    except OSError:
        return None
    return total


def _stat_seconds(pid: int, *, own: bool) -> float:
    """utime and stime of `pid`, plus its waited-for children's (cutime, cstime) if `own`;
    0 for a child gone meanwhile (its time moves to its parent's cutime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    # After "pid (comm)": the state is field 3, so utime (14) is at index 11.
    ticks = fields[11:15] if own else fields[11:13]
    return sum(int(tick) for tick in ticks) / os.sysconf("SC_CLK_TCK")
