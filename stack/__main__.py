"""`python -m stack up|down|status|env|reset`: the whole topology on one machine.

Every process is started by this script (no systemd), with a pid file in the state folder;
`up` and `down` hold a lock, so two at once wait for each other. `up` starts only what is
not running (a stale pid file is cleared), so a second `up` is a no-op.
"""

import shlex
import shutil
import signal
import socket
import sys
import time

from stack import app, postgres, topology
from stack.config import APP_SERVERS, ROOT, Stack
from stack.processes import (
    StackError,
    http_status,
    locked,
    memory_kib,
    port_open,
    read_pid,
    stop_pid,
    wait_until,
)

LINK = ROOT / ".stack"


def _link_state(stack: Stack) -> None:
    """`.stack` in the checkout leads to the state folder (git-ignored)."""
    if LINK.is_symlink() and LINK.resolve() == stack.state.resolve():
        return
    if LINK.is_symlink():
        LINK.unlink()
    if not LINK.exists():
        LINK.symlink_to(stack.state)


def up(stack: Stack) -> None:
    started_at = time.monotonic()
    stack.state.mkdir(parents=True, exist_ok=True)
    stack.state.chmod(0o755)  # PostgreSQL's user enters it for its data folders
    _link_state(stack)
    with locked(stack.path("run", "stack.lock")):
        steps = [
            ("primary", lambda: postgres.start_primary(stack)),
            ("replica", lambda: postgres.start_replica(stack)),
            ("redis", lambda: topology.start_redis(stack)),
            ("seaweedfs", lambda: topology.start_seaweedfs(stack)),
        ]
        if len(app.running_servers(stack)) < len(APP_SERVERS):
            steps.append(("migrate", lambda: app.prepare(stack) or True))
        steps += [(server, lambda s=server: app.start_server(stack, s)) for server in APP_SERVERS]
        steps.append(("worker", lambda: app.start_worker(stack)))
        steps.append(("balancer", lambda: topology.start_balancer(stack)))
        for name, start in steps:
            step_started_at = time.monotonic()
            started = start()
            _report(name, started, time.monotonic() - step_started_at)
        wait_until(lambda: http_status(f"{stack.url}/healthz") == 200, "the balancer", 30)
    print(f"stack up in {time.monotonic() - started_at:.1f} s (state in {LINK} -> {stack.state})")
    print(f"stack up: {stack.url}")


def _report(name: str, started: bool, seconds: float) -> None:
    done = f"started in {seconds:.1f} s" if started else "already running"
    print(f"  {name:<10} {done}", flush=True)


def down(stack: Stack) -> None:
    started_at = time.monotonic()
    if not stack.state.exists():
        print("stack down (it was never started)")
        return
    with locked(stack.path("run", "stack.lock")):
        topology.stop_balancer(stack)
        for server in APP_SERVERS:
            app.stop_server(stack, server)
        app.stop_worker(stack)
        topology.stop_seaweedfs(stack)
        stop_pid(stack.pid_file("redis"), grace=5)
        postgres.stop(stack, "replica")
        postgres.stop(stack, "primary")
    print(f"stack down in {time.monotonic() - started_at:.1f} s")


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def parts(stack: Stack) -> list[tuple[str, int | None, int | None, bool]]:
    """Each part: name, pid, port, answering."""
    rows = []
    for part in ("primary", "replica"):
        port = stack.port(part)
        rows.append((part, postgres.running_pid(stack, part), port, port_open(port)))
    port = stack.port("redis")
    rows.append(("redis", read_pid(stack.pid_file("redis")), port, _redis_answers(port)))
    port = stack.port("s3")
    s3_answers = http_status(f"http://127.0.0.1:{port}/") is not None
    rows.append(("seaweedfs", read_pid(stack.pid_file("seaweedfs")), port, s3_answers))
    for server in APP_SERVERS:
        answers = app.healthz(stack, server) == 200
        rows.append((server, read_pid(stack.pid_file(server)), stack.port(server), answers))
    worker = read_pid(stack.pid_file("worker"))
    rows.append(("worker", worker, None, bool(worker)))
    answers = http_status(f"{stack.url}/healthz") == 200
    rows.append(
        ("balancer", read_pid(stack.pid_file("balancer")), stack.port("balancer"), answers)
    )
    return rows


def status(stack: Stack) -> int:
    total = 0
    print(f"{'part':<10} {'pid':>8} {'port':>6}  {'state':<13} memory")
    for name, pid, port, answering in parts(stack):
        memory = memory_kib(pid) if pid else 0
        total += memory
        state = "answering" if answering else ("running" if pid else "stopped")
        print(
            f"{name:<10} {pid or '-':>8} {port or '-':>6}  {state:<13} {memory / 1024:.0f} MiB"
            if pid
            else f"{name:<10} {'-':>8} {port or '-':>6}  {state}"
        )
    print(f"total memory (PSS) {total / 1024:.0f} MiB; balancer {stack.url}")
    print(
        f"HAProxy stats http://127.0.0.1:{stack.port('balancer_stats')}/; state in {stack.state}"
    )
    return 0


def print_env(stack: Stack) -> None:
    """The app's environment as shell exports: `eval "$(python -m stack env)"`."""
    for name, value in stack.app_env().items():
        print(f"export {name}={shlex.quote(value)}")
    print(f"export STACK_URL={stack.url}")


def reset(stack: Stack) -> None:
    """Stop the stack and erase its state: the next `up` starts from nothing."""
    down(stack)
    shutil.rmtree(stack.state, ignore_errors=True)
    if LINK.is_symlink():
        LINK.unlink()
    print(f"erased {stack.state}")


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `status | head` ends quietly
    commands = {"up": up, "down": down, "status": status, "env": print_env, "reset": reset}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python -m stack up|down|status|env|reset", file=sys.stderr)
        return 2
    stack = Stack.here()
    try:
        return commands[argv[0]](stack) or 0
    except StackError as error:
        print(f"stack: {error}\nlogs: {stack.path('logs')}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
