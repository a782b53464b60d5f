# Due Regard — developer and CI entry points.
#
#   make run      system deps (runtime) + .venv + requirements.txt, db upgrade, flask run
#   make test     system deps (test) + .venv + requirements-dev.txt, ruff, throwaway
#                 PostgreSQL and Redis, pytest (PYTEST_ARGS=...), both always stopped
#   make test-core  the pure core's tests alone (no app, no database, no browser): seconds
#   make translations  compile translations/*/LC_MESSAGES/messages.po to .mo (run and test do it)
#   make translations-update  re-extract messages.pot from the code and merge it into every .po
#   make lint     ruff check + ruff format --check
#   make format   ruff format + ruff check --fix
#   make typecheck  mypy on the core (also run by `make test`)
#   make bench    run every bench/*.py and rewrite the figures in docs/performance.md
#   make clean    caches, bench/test outputs, test PostgreSQL (keeps .venv, instance/)
#   make distclean  clean + remove .venv
#
# Variables: PYTHON (default python3.11, else python3), HOST/PORT for `make run`,
# PYTEST_ARGS, SKIP_SYSTEM_DEPS=1 to skip the Debian package check.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV   := .venv
VPY    := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 5000
PYTEST_ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1

RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP     := $(VENV)/.installed-dev

.PHONY: help run test test-core lint format typecheck bench clean distclean \
        system-deps-runtime system-deps-test venv venv-runtime venv-dev \
        translations translations-update

help:
	@sed -n '3,18p' Makefile | sed 's/^# \{0,1\}//'

# --- system packages (fast no-op when present) ------------------------------
system-deps-runtime:
	@PYTHON="$(PYTHON)" bash scripts/install-system-deps.sh runtime

system-deps-test:
	@PYTHON="$(PYTHON)" bash scripts/install-system-deps.sh test

# --- virtualenv ------------------------------------------------------------------
$(VPY):
	@test -n "$(PYTHON)" || { echo "No python3.11/python3 found on PATH" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip

venv: $(VPY)

$(RUNTIME_STAMP): requirements.txt | $(VPY)
	$(VPY) -m pip install -q -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(VPY)
	$(VPY) -m pip install -q -r requirements-dev.txt
	@touch $@ $(RUNTIME_STAMP)

venv-runtime: $(RUNTIME_STAMP)
venv-dev: $(DEV_STAMP)

# --- app -------------------------------------------------------------------
run: system-deps-runtime venv-runtime translations
	@mkdir -p instance
	@$(VENV)/bin/flask --app app criteria check > /dev/null  # a broken catalogue stops here, with its errors
	@if [ -d migrations ]; then \
	  echo "+ flask --app app db upgrade"; $(VENV)/bin/flask --app app db upgrade; \
	else echo "(no migrations/ directory yet: skipping db upgrade)"; fi
	$(VENV)/bin/flask --app app run --host "$(HOST)" --port "$(PORT)"

# --- translations ----------------------------------------------------------------
# The .po files are the source; the .mo files are build output, compiled here and never
# committed (tests/web/test_i18n_catalogues.py fails when they are missing or stale).
translations: venv-runtime
	$(VENV)/bin/pybabel -q compile -d translations

translations-update: venv-runtime
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -o translations/messages.pot --no-location \
	  --ignore-dirs ".*" \
	  --sort-output -w 100 --project "Due Regard" --copyright-holder "Due Regard" --msgid-bugs-address "" .
	$(VENV)/bin/pybabel -q update -i translations/messages.pot -d translations \
	  --width 100 --ignore-obsolete

# --- quality ---------------------------------------------------------------
lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: venv-dev
	$(VENV)/bin/mypy

# Lint first (cheap), then PostgreSQL + pytest. The EXIT trap stops PostgreSQL
# on success, failure or interrupt; the recipe's exit status is pytest's.
test: system-deps-test venv-dev lint typecheck translations
	@export CHROMIUM_PATH="$${CHROMIUM_PATH:-$$(bash scripts/chromium-path.sh || true)}"; \
	trap 'bash scripts/pg-test-server.sh stop; bash scripts/redis-test-server.sh stop' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	TEST_DATABASE_URL="$$(bash scripts/pg-test-server.sh start)"; \
	TEST_REDIS_URL="$$(bash scripts/redis-test-server.sh start)"; \
	export TEST_DATABASE_URL TEST_REDIS_URL; \
	echo "+ TEST_DATABASE_URL=$$TEST_DATABASE_URL TEST_REDIS_URL=$$TEST_REDIS_URL CHROMIUM_PATH=$$CHROMIUM_PATH"; \
	echo "+ $(VPY) -m pytest $(PYTEST_ARGS)"; \
	$(VPY) -m pytest $(PYTEST_ARGS)

test-core: venv-dev
	$(VPY) -m pytest tests/core -q $(PYTEST_ARGS)

# --- benchmarks ------------------------------------------------------------
bench: venv-dev
	@PYTHON="$(PYTHON)" bash scripts/install-system-deps.sh bench
	$(VPY) bench/run_all.py

# --- cleanup ---------------------------------------------------------------
clean:
	-@bash scripts/pg-test-server.sh stop
	-@bash scripts/redis-test-server.sh stop
	rm -rf .pytest_cache .ruff_cache .mypy_cache .hypothesis bench/out test-artifacts htmlcov .coverage
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
