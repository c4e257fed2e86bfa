"""Runs `python -m marketplace.localdb start|stop|reset|status|url`."""

import sys

from marketplace.localdb.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
