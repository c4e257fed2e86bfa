"""The stack's shared services, each started by us with its own pid file: Redis, SeaweedFS
(S3 with a public and a private bucket, launched by stack/seaweedfs.py as the s3-marked
tests' store is) and HAProxy in front of the app servers."""

import csv
import io
import shutil
import signal
import string
import subprocess
import urllib.request

from stack import s3, seaweedfs
from stack.config import (
    PRIVATE_BUCKET,
    PUBLIC_BUCKET,
    ROOT,
    S3_ACCESS_KEY_ID,
    S3_REGION,
    Stack,
)
from stack.processes import (
    StackError,
    port_open,
    read_pid,
    spawn,
    stop_pid,
    wait_until,
    write_pid,
)

HAPROXY_TEMPLATE = ROOT / "stack" / "haproxy.cfg"
# SeaweedFS takes ~25 s to exit on SIGTERM; its data is flushed by then or not at all.
SEAWEED_GRACE = 3


def require(binary: str) -> str:
    if found := shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/usr/bin"):
        return found
    raise StackError(f"{binary} is missing: `make stack` installs it (apt-get)")


# --- Redis --------------------------------------------------------------------------------


def start_redis(stack: Stack) -> bool:
    if read_pid(stack.pid_file("redis")):
        return False
    data = stack.path("redis")
    data.mkdir(parents=True, exist_ok=True)
    log = stack.log_file("redis")
    log.parent.mkdir(parents=True, exist_ok=True)
    stack.pid_file("redis").parent.mkdir(parents=True, exist_ok=True)
    # Redis daemonizes itself and writes its own pid file.
    # A cache only: nothing is saved, so a restart starts empty (sessions live in PostgreSQL).
    cmd = [
        require("redis-server"),
        *("--port", str(stack.port("redis")), "--bind", "127.0.0.1"),
        *("--daemonize", "yes", "--pidfile", str(stack.pid_file("redis"))),
        *("--save", "", "--appendonly", "no", "--dir", str(data), "--logfile", str(log)),
        *("--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"),
    ]
    subprocess.run(cmd, check=True)
    wait_until(lambda: port_open(stack.port("redis")), "redis", timeout=10)
    return True


# --- SeaweedFS ----------------------------------------------------------------------------


def seaweed_ports(stack: Stack) -> dict[str, int]:
    """The store's ports by seaweedfs.PORT_NAMES: S3 at B+7, its inner servers B+8 onwards."""
    return {
        name: stack.port("s3" if name == "s3" else f"weed_{name}") for name in seaweedfs.PORT_NAMES
    }


def s3_request(stack: Stack, method: str, path: str, **kwargs) -> tuple[int, bytes]:
    return s3.request(
        method,
        f"http://127.0.0.1:{stack.port('s3')}",
        path,
        access_key=S3_ACCESS_KEY_ID,
        secret_key=stack.secrets["s3_secret"],
        region=S3_REGION,
        **kwargs,
    )


def start_seaweedfs(stack: Stack) -> bool:
    """stack/seaweedfs.py's store on the stack's ports, its data in seaweed/, both buckets
    made; detached, with a pid file like every part."""
    if read_pid(stack.pid_file("seaweedfs")):
        return False
    try:
        process = seaweedfs.start(
            stack.path("seaweed"),
            seaweed_ports(stack),
            access_key=S3_ACCESS_KEY_ID,
            secret_key=stack.secrets["s3_secret"],
            public_buckets=[PUBLIC_BUCKET],
            buckets=[PUBLIC_BUCKET, PRIVATE_BUCKET],
            log_file=stack.log_file("seaweedfs"),
            detach=True,
        )
    except seaweedfs.SeaweedFSError as error:
        raise StackError(str(error)) from error
    write_pid(stack.pid_file("seaweedfs"), process.pid)
    return True


def stop_seaweedfs(stack: Stack) -> bool:
    stopped = stop_pid(stack.pid_file("seaweedfs"), grace=SEAWEED_GRACE)
    seaweedfs.remove_sockets(stack.path("seaweed"), seaweed_ports(stack))
    return stopped


# --- HAProxy ------------------------------------------------------------------------------


def haproxy_config(stack: Stack) -> str:
    ports = {part: str(stack.port(part)) for part in ("balancer", "balancer_stats", "s3")}
    ports |= {"app_a": str(stack.port("app_a")), "app_b": str(stack.port("app_b"))}
    text = string.Template(HAPROXY_TEMPLATE.read_text()).substitute(
        ports, public_bucket=PUBLIC_BUCKET
    )
    path = stack.path("haproxy.cfg")
    path.write_text(text)
    return str(path)


def start_balancer(stack: Stack) -> bool:
    if read_pid(stack.pid_file("balancer")):
        return False
    config = haproxy_config(stack)
    haproxy = require("haproxy")
    check = subprocess.run([haproxy, "-c", "-q", "-f", config], capture_output=True, text=True)
    if check.returncode:
        raise StackError(f"HAProxy refuses {config}: {check.stdout}{check.stderr}")
    process = spawn(
        [haproxy, "-f", config, "-db"],
        log_file=stack.log_file("balancer"),
        pid_file=stack.pid_file("balancer"),
        cwd="/",
    )
    wait_until(lambda: port_open(stack.port("balancer")), "HAProxy", 10, process)
    return True


def balancer_stats(stack: Stack) -> dict[str, dict[str, int]]:
    """HAProxy's counters for the app servers (`app_a`, `app_b`) and their whole backend
    (`BACKEND`): requests sent (stot), retried (wretr) and redispatched (wredis)."""
    url = f"http://127.0.0.1:{stack.port('balancer_stats')}/;csv"
    with urllib.request.urlopen(url, timeout=5) as response:
        rows = csv.DictReader(io.StringIO(response.read().decode().lstrip("# ")))
        return {
            row["svname"]: {name: int(row[name] or 0) for name in ("stot", "wretr", "wredis")}
            for row in rows
            if row["pxname"] == "app"
        }


def stop_balancer(stack: Stack) -> bool:
    return stop_pid(stack.pid_file("balancer"), grace=5, sig=signal.SIGUSR1)
