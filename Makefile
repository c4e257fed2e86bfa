# Everything a fresh machine needs: `make run` to use the marketplace, `make test` to check it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.13: pyenv (and uv, mise) select it from .python-version.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
MANAGE := $(PY) manage.py
# Production settings for `check --deploy`: DEBUG off, a throwaway key, a real host name.
PROD_ENV = DEBUG=false ALLOWED_HOSTS=marketplace.example \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')
# `make serve`: DEBUG off over plain HTTP on loopback; the key comes from .env.
SERVE_ENV := DEBUG=false HTTPS=false ALLOWED_HOSTS=127.0.0.1,localhost EMAIL_URL=consolemail://

.PHONY: help run test serve bench drill backup restore install db db-stop db-reset db-status migrate seed browser \
	check lint format lock clean stack stack-down stack-status stack-test stack-drill stack-packages

help:
	@echo "make run       install, start the database, migrate, load demo data, serve :8000"
	@echo "make test      the same set-up, then every check and test, stack tests too (what CI runs)"
	@echo "make serve     production-like: gunicorn, DEBUG off, collected static files"
	@echo "make bench     every page under load at 10k and 1M services; writes docs/benchmarks.md"
	@echo "make drill     the database stopped and killed under load; writes docs/reliability.md"
	@echo "make backup    database and media into one archive in backups/"
	@echo "make restore FILE=backups/….tar  into an empty database and media (FORCE=1 replaces)"
	@echo "make db-stop   stop the project's PostgreSQL;  make db-reset  erase it"
	@echo "make stack     the whole topology on this machine: primary and replica, Redis, S3,"
	@echo "               two app servers, a task worker, HAProxy (docs/scaling.md)"
	@echo "make stack-status | stack-down | stack-test (a stack up, its tests, then down)"
	@echo "make format    format and auto-fix;  make lock  re-pin requirements*.txt"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "Python 3.13 is needed (see .python-version); set PYTHON=/path/to/python3.13")'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --requirement requirements-dev.txt
	@touch $@

# A development .env with a generated secret key, written once and never committed.
.env: | $(PY)
	@printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "wrote .env (DEBUG on, new SECRET_KEY)"

install: $(INSTALLED) .env

db: install
	$(PY) -m marketplace.localdb start

db-stop:
	@if [ -x $(PY) ]; then $(PY) -m marketplace.localdb stop; fi

db-reset: install
	$(PY) -m marketplace.localdb reset
	$(PY) -m marketplace.localdb start

db-status: install
	@$(PY) -m marketplace.localdb status

migrate: db
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

seed: migrate
	$(MANAGE) seed_demo --if-empty

run: seed
	$(MANAGE) runserver 127.0.0.1:8000

serve: migrate
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(VENV)/bin/gunicorn marketplace.wsgi --bind 127.0.0.1:8000 \
		--workers $${WEB_CONCURRENCY:-4} --access-logfile -

# The browser journeys: Chromium, and Java for the Nu Html Checker they run on every page.
browser: install
	@scripts/ensure-chromium
	@scripts/ensure-java

# Builds (once) bench databases of 10,000 and 1,000,000 services, then loads every page.
bench: db
	@command -v wrk >/dev/null || scripts/ensure-wrk
	$(PY) bench/run.py

# One archive of the database and both media folders (marketplace/backups/).
backup: db
	$(MANAGE) backup

# Into an empty database and empty media folders; FORCE=1 replaces what is there.
restore: db
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/marketplace-….tar [FORCE=1]"; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(FORCE),--force)

# The database stopped and killed under load, on a throwaway cluster; writes docs/reliability.md.
drill: install
	$(PY) bench/drill.py

# --- Many machines on one (docs/scaling.md): python -m stack, ports from STACK_PORT_BASE ---

# Debian's Redis and HAProxy; apt waits up to 10 minutes for another install's lock.
stack-packages:
	@if ! command -v redis-server >/dev/null || ! command -v haproxy >/dev/null; then \
		echo "stack: installing redis-server and haproxy"; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
			redis-server haproxy >/dev/null; \
	fi

stack: install stack-packages
	$(PY) -m stack up

stack-down:
	@if [ -x $(PY) ]; then $(PY) -m stack down; fi

stack-status: install
	@$(PY) -m stack status

# A stack up, the tests marked `stack` against its balancer, then down whatever happened.
stack-test: install stack-packages
	@trap '$(PY) -m stack down' EXIT; \
	$(PY) -m stack up && \
	STACK_URL=$$($(PY) -c 'from stack.config import Stack; print(Stack.here().url)') \
		$(VENV)/bin/pytest -m stack tests/stack

# The stack from nothing, measured (start, memory, replica lag, split, a server killed).
stack-drill: install stack-packages
	$(PY) bench/stack_drill.py

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

check: migrate lint
	$(MANAGE) makemigrations --check --dry-run
	$(PROD_ENV) $(MANAGE) check --deploy --fail-level WARNING

# The stack tests add ~80 s from nothing (docs/scaling.md), so CI runs them too.
test: check browser
	$(VENV)/bin/pytest
	$(MAKE) stack-test

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --no-emit-index-url --no-header --quiet --python-version 3.13 -o requirements.txt
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --no-emit-index-url --no-header --quiet --python-version 3.13 -o requirements-dev.txt

clean: db-stop
	rm -rf $(VENV) staticfiles
