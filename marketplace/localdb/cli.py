"""The command line: `python -m marketplace.localdb start|stop|reset|status|url`."""

import os
import subprocess
import sys

from marketplace.localdb.cluster import DEFAULT, LocalDatabaseError


def main(argv: list[str]) -> int:
    actions = {"start": DEFAULT.start, "stop": DEFAULT.stop, "reset": DEFAULT.reset}
    reports = {"status": DEFAULT.status, "url": lambda: DEFAULT.url}
    if len(argv) != 1 or argv[0] not in actions | reports:
        print("usage: python -m marketplace.localdb start|stop|reset|status|url")
        return 2
    if argv[0] in actions and os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is set: the project's own PostgreSQL is not used.")
        return 0
    try:
        if argv[0] in actions:
            actions[argv[0]]()
        else:
            print(reports[argv[0]]())
    except (LocalDatabaseError, subprocess.CalledProcessError) as error:
        print(f"local database: {error}; see {DEFAULT.log_file}", file=sys.stderr)
        return 1
    return 0
