"""Pid files, readiness and stopping: what every part of the stack shares."""

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from marketplace.localdb import process_alive


def read_pid(pid_file: Path) -> int | None:
    """The pid in `pid_file` if that process is alive; a stale file is removed."""
    try:
        pid = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if process_alive(pid):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def write_pid(pid_file: Path, pid: int) -> None:
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{pid}\n")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_status(url: str, timeout: float = 2) -> int | None:
    """The status `url` answers with, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_until(check, what: str, timeout: float = 30, process=None) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if process is not None and process.poll() is not None:
            raise StackError(f"{what}: the process exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise StackError(f"{what} did not answer within {timeout:.0f} s")
        time.sleep(0.05)


def spawn(cmd: list, *, log_file: Path, pid_file: Path, **popen) -> subprocess.Popen:
    """Start `cmd` in its own session (a `make` interrupted later does not take it down),
    its output appended to `log_file`, its pid in `pid_file`."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [str(part) for part in cmd],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **popen,
        )
    write_pid(pid_file, process.pid)
    return process


def stop_pid(pid_file: Path, *, grace: float = 10, sig: int = signal.SIGTERM) -> bool:
    """Signal the process named in `pid_file`, SIGKILL after `grace` seconds, wait for it
    and its process group. Returns whether something was running."""
    pid = read_pid(pid_file)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
    deadline = time.monotonic() + grace
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if process_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    # Our own children are reaped here; others are reaped by PID 1 (lazily: process_alive
    # treats a zombie as dead).
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
    deadline = time.monotonic() + 10
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    pid_file.unlink(missing_ok=True)
    return True


def memory_kib(pid: int) -> int:
    """Resident memory of `pid` and all its descendants (PSS where the kernel gives it)."""
    total = 0
    for each in [pid, *descendants(pid)]:
        with contextlib.suppress(OSError):
            rollup = Path(f"/proc/{each}/smaps_rollup").read_text()
            total += next(
                int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
            )
    return total


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(proc.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


@contextlib.contextmanager
def locked(lock_file: Path):
    """One `up` or `down` at a time per stack; a second waits for the first."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


class StackError(Exception):
    pass
