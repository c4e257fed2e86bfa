"""What `make bench` (run.py) and `make drill` (drill.py) share: the production-like
server, the environment it runs in, and a description of the machine."""

import os
import platform
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


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
    """gunicorn with sync workers on 127.0.0.1:`port`, once /healthz answers."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    server = subprocess.Popen(
        [
            VENV_BIN / "gunicorn",
            "marketplace.wsgi",
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        **popen,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


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
