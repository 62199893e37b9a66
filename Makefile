# The two commands of the README: `make run` and `make test`. Everything they need is
# installed here, into .venv, from the package registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install messages compile-messages run test test-fast lint format bench backup-check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

compile-messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Extract new UI strings into the .po files (a developer's task; lint checks the result).
messages: install
	$(PY) manage.py makemessages -l en -l fr -l es --ignore=.venv --ignore=node_modules \
		--ignore=static/vendor --no-obsolete --add-location=file
	$(PY) manage.py makemessages -d djangojs -l en -l fr -l es --ignore=.venv \
		--ignore=node_modules --ignore=static/vendor --no-obsolete --add-location=file

run: compile-messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: compile-messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: compile-messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check_translations
	DJANGO_SETTINGS_MODULE=gnlc.settings.production SECRET_KEY=lint-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
		ALLOWED_HOSTS=learningcities.example.org $(PY) manage.py check --deploy --fail-level WARNING

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint templates --reformat

# The load benchmark (docs/performance.md): PostgreSQL with 500, 5,000 and 50,000 synthetic
# cities, gunicorn as in production, wrk on loopback; results in bench/results/latest.json.
bench: compile-messages
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py

# Back up the database (DATABASE_URL, PostgreSQL) and the media directories, restore them into
# a new empty database and directories, compare row counts and checksums (docs/operations.md).
# BACKUP_DIR=<dir> keeps the dump and the archives.
backup-check: install
	$(PY) -m gnlc.ops.backup_check $(if $(BACKUP_DIR),--backup-dir=$(BACKUP_DIR))

clean:
	rm -rf $(VENV) test-results .pytest_cache .ruff_cache
