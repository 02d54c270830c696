# Two commands on a fresh Debian/Ubuntu machine:
#   make run   — set everything up, load the demo, serve http://127.0.0.1:8000/
#   make test  — set everything up and run the whole test suite
# DATABASE_URL selects PostgreSQL (default: SQLite file db.sqlite3).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve setup setup-test system system-test bytecode migrate demo lint bench clean

run: setup migrate demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: setup-test
	$(VENV)/bin/pytest

setup: system $(VENV)/.installed-run bytecode

setup-test: system-test $(VENV)/.installed-test bytecode

# The app's own bytecode, written now by whoever installs it: the systemd unit's user cannot write
# the code's directory (nor can any process where PYTHONDONTWRITEBYTECODE is set), and without it
# every command and worker compiles all the app's modules again at start (0.3 s of 0.8 s for
# `manage.py export_report --help`: bench/startup_bench.py). pip compiles the packages it installs.
APP_PACKAGES := config departments budgets evaluations reports
bytecode: | $(VENV)/bin/python
	@$(PY) -m compileall -q $(APP_PACKAGES) manage.py > /dev/null

system:
	@scripts/system-packages.sh run

system-test:
	@scripts/system-packages.sh test

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is required (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtualenv: run  sudo apt-get install -y python3-venv"; exit 1; }
	$(PIP) install -q --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-test: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# Production profile: DEBUG off, gunicorn as deploy/gunicorn.conf.py says (2 workers × 4 threads, the
# systemd unit's too), static files through WhiteNoise. Needs SECRET_KEY, ALLOWED_HOSTS and usually
# DATABASE_URL in the environment (see README, "Production").
WORKERS ?= 2
serve: setup
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS)

migrate:
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable

demo:
	DEBUG=1 $(PY) manage.py load_demo

lint: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/import_cycles.py
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

bench: setup-test
	DEBUG=1 $(PY) bench/pdf_bench.py
	DEBUG=1 $(PY) bench/dashboard_bench.py
	DEBUG=1 $(PY) bench/zip_bench.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
