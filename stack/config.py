"""Where the stack keeps its state, which ports it takes, and the environment the app reads.

Ports come from one variable, `STACK_PORT_BASE` (18400 unless set): each part sits at a
fixed offset from it, so two checkouts on one machine choose two bases and never clash.
State (data, logs, pid files, generated secrets) lives in a folder every user can enter,
`/var/tmp/mkt-stack-<hash of the checkout>`, reached from the checkout by `.stack`.
"""

import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PORT_BASE_VARIABLE = "STACK_PORT_BASE"
DEFAULT_PORT_BASE = 18400
# Unlike /tmp, /var/tmp survives a reboot; PostgreSQL's user must be able to enter it.
SHARED_PARENT = Path("/var/tmp") if Path("/var/tmp").is_dir() else Path(tempfile.gettempdir())
OFFSETS = {
    "balancer": 0,
    "balancer_stats": 1,
    "app_a": 2,
    "app_b": 3,
    "primary": 4,
    "replica": 5,
    "redis": 6,
    "s3": 7,
    "weed_master": 8,
    "weed_volume": 9,
    "weed_filer": 10,
    "weed_master_grpc": 11,
    "weed_volume_grpc": 12,
    "weed_filer_grpc": 13,
    "weed_s3_grpc": 14,
}
DB_NAME = "marketplace"
DB_USER = "marketplace"
REPLICATION_USER = "replicator"
REPLICATION_SLOT = "stack_replica"
PUBLIC_BUCKET = "marketplace-public"
PRIVATE_BUCKET = "marketplace-private"
S3_REGION = "us-east-1"
S3_ACCESS_KEY_ID = "stack-app"
# The django-tasks-db worker; one variable, so a renamed command is a one-line change.
TASK_WORKER_COMMAND = ["manage.py", "db_worker"]
APP_SERVERS = ("app_a", "app_b")
APP_WORKERS = 2  # per app server: two sync workers fill the two cores of this box


def port_base() -> int:
    value = os.environ.get(PORT_BASE_VARIABLE, "")
    base = int(value) if value else DEFAULT_PORT_BASE
    if not 1024 <= base <= 65535 - len(OFFSETS):
        raise SystemExit(f"{PORT_BASE_VARIABLE}={value} is not a usable port base")
    return base


def state_dir_for(checkout: Path) -> Path:
    digest = hashlib.sha256(str(checkout.resolve()).encode()).hexdigest()[:10]
    return SHARED_PARENT / f"mkt-stack-{digest}"


@dataclass(frozen=True)
class Stack:
    """One stack: its state folder and its port base."""

    state: Path
    base: int

    @classmethod
    def here(cls) -> "Stack":
        return cls(state=state_dir_for(ROOT), base=port_base())

    def port(self, part: str) -> int:
        return self.base + OFFSETS[part]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port('balancer')}"

    def path(self, *parts: str) -> Path:
        return self.state.joinpath(*parts)

    def pid_file(self, part: str) -> Path:
        return self.path("run", f"{part}.pid")

    def log_file(self, part: str) -> Path:
        return self.path("logs", f"{part}.log")

    @property
    def mail_dir(self) -> Path:
        return self.path("mail")

    @cached_property
    def secrets(self) -> dict[str, str]:
        """Passwords and keys, generated at the first start and kept (mode 600)."""
        file = self.path("secrets.json")
        if file.exists():
            return json.loads(file.read_text())
        values = {
            name: secrets.token_urlsafe(32)
            for name in ("secret_key", "db_password", "replication_password", "s3_secret")
        }
        file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(values, handle)
        return values

    def database_url(self, part: str = "primary") -> str:
        password = self.secrets["db_password"]
        return f"postgres://{DB_USER}:{password}@127.0.0.1:{self.port(part)}/{DB_NAME}"

    def app_env(self) -> dict[str, str]:
        """The settings contract: what every app server and the task worker are given."""
        origins = [self.url] + [f"http://127.0.0.1:{self.port(s)}" for s in APP_SERVERS]
        redis = f"redis://127.0.0.1:{self.port('redis')}"
        return {
            # The checkout's .env (DEBUG on, the local cluster) must not leak in.
            "ENV_FILE": "/dev/null",
            "DEBUG": "false",
            "SECRET_KEY": self.secrets["secret_key"],
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HTTPS": "false",
            "TRUSTED_PROXY_COUNT": "1",
            "CSRF_TRUSTED_ORIGINS": ",".join(origins),
            "SITE_URL": self.url,
            "DATABASE_URL": self.database_url("primary"),
            "DATABASE_REPLICA_URL": self.database_url("replica"),
            "REPLICA_MAX_LAG_SECONDS": "5",
            "READ_YOUR_WRITES_SECONDS": "5",
            "CACHE_URL": f"{redis}/0",
            "PAGE_CACHE_URL": f"{redis}/1",
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.port('s3')}",
            "S3_ACCESS_KEY_ID": S3_ACCESS_KEY_ID,
            "S3_SECRET_ACCESS_KEY": self.secrets["s3_secret"],
            "S3_REGION": S3_REGION,
            "S3_PUBLIC_BUCKET": PUBLIC_BUCKET,
            "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
            # Same origin as the pages: the balancer maps /media/ onto the public bucket.
            "S3_PUBLIC_URL": f"{self.url}/media/",
            "TASKS_BACKEND": "database",
            # The file backend, one file per message, in an absolute folder (three slashes).
            "EMAIL_URL": f"filemail://{self.mail_dir}",
            # Unused while uploads go to S3; set so that nothing ever lands in the checkout.
            "MEDIA_ROOT": str(self.path("media")),
            "PRIVATE_MEDIA_ROOT": str(self.path("private-media")),
            "SERVE_MEDIA": "false",
            "STATIC_ROOT": str(self.path("staticfiles")),
            "LOG_LEVEL": "WARNING",
        }
