"""The stack's shared services, each started by us with its own pid file: Redis, SeaweedFS
(S3 with a public and a private bucket) and HAProxy in front of the app servers."""

import contextlib
import glob
import json
import os
import shutil
import signal
import string
import subprocess
import tempfile
import time

from stack import s3
from stack.config import (
    OFFSETS,
    PRIVATE_BUCKET,
    PUBLIC_BUCKET,
    ROOT,
    S3_ACCESS_KEY_ID,
    S3_REGION,
    VENV_BIN,
    Stack,
)
from stack.processes import (
    StackError,
    http_status,
    port_open,
    read_pid,
    spawn,
    stop_pid,
    wait_until,
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


def _s3_config(stack: Stack) -> str:
    """The app's identity, and anonymous reads of the public bucket only."""
    path = stack.path("seaweed", "s3.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {
        "identities": [
            {
                "name": "marketplace",
                "credentials": [
                    {"accessKey": S3_ACCESS_KEY_ID, "secretKey": stack.secrets["s3_secret"]}
                ],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            },
            {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
        ]
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(config, handle)
    return str(path)


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
    if read_pid(stack.pid_file("seaweedfs")):
        return False
    data = stack.path("seaweed", "data")
    data.mkdir(parents=True, exist_ok=True)
    port = stack.port
    cmd = [
        VENV_BIN / "weed",
        "server",
        f"-dir={data}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={port('weed_master')}",
        f"-master.port.grpc={port('weed_master_grpc')}",
        "-master.volumeSizeLimitMB=256",
        f"-volume.port={port('weed_volume')}",
        f"-volume.port.grpc={port('weed_volume_grpc')}",
        "-filer",
        f"-filer.port={port('weed_filer')}",
        f"-filer.port.grpc={port('weed_filer_grpc')}",
        f"-filer.localSocket={stack.path('run', 'weed-filer.sock')}",
        "-s3",
        f"-s3.port={port('s3')}",
        f"-s3.port.grpc={port('weed_s3_grpc')}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.localSocket={stack.path('run', 'weed-s3.sock')}",
        f"-s3.config={_s3_config(stack)}",
    ]
    process = spawn(
        cmd, log_file=stack.log_file("seaweedfs"), pid_file=stack.pid_file("seaweedfs"), cwd="/"
    )
    # S3 answers 0.6-3 s after start; a bucket can be made once the filer is ready too.
    wait_until(lambda: http_status(f"http://127.0.0.1:{port('s3')}/"), "S3", 60, process)
    deadline = time.monotonic() + 60
    for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
        while (status := s3_request(stack, "PUT", f"/{bucket}")[0]) not in (200, 409):
            if time.monotonic() > deadline:
                raise StackError(f"bucket {bucket} could not be made (S3 said {status})")
            time.sleep(0.2)
    return True


def stop_seaweedfs(stack: Stack) -> bool:
    stopped = stop_pid(stack.pid_file("seaweedfs"), grace=SEAWEED_GRACE)
    # Killed, it leaves its sockets: ours in run/, a default one per port in the temp folder.
    with contextlib.suppress(FileNotFoundError):
        for name in ("weed-filer.sock", "weed-s3.sock"):
            stack.path("run", name).unlink(missing_ok=True)
    ports = [stack.port(part) for part in OFFSETS if part == "s3" or part.startswith("weed_")]
    for port in ports:
        for leftover in glob.glob(os.path.join(tempfile.gettempdir(), f"seaweedfs-*-{port}.sock")):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
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


def stop_balancer(stack: Stack) -> bool:
    return stop_pid(stack.pid_file("balancer"), grace=5, sig=signal.SIGUSR1)
