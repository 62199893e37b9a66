# The two commands of the README: `make run` and `make test`. Everything they need is
# installed here, into .venv, from the package registries, at the versions and hashes of the
# lock files (requirements.txt for production, requirements-dev.txt for development and tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt | cksum | cut -d' ' -f1)
# make lock: the lock files from pyproject.toml's ranges, for every platform, with hashes.
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"
# pytest-xdist workers for make test and make test-fast (auto: one per core).
WORKERS ?= auto
HOST ?= 127.0.0.1
PORT ?= 8000
# The catalogues: one per language of settings.LANGUAGES (zh-hans is the locale zh_Hans).
LOCALES := -l en -l fr -l es -l ar -l zh_Hans -l ru

.PHONY: install lock messages compile-messages run test test-fast lint format bench backup-check clean

install: $(STAMP)

# Only what the lock names, each file checked against its hash; the venv's own pip is used as
# it is (an upgrade from the registry would make two installs differ).
$(STAMP): requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	$(PY) -m pip check
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Refresh both lock files after a change to pyproject.toml. Pinned versions are kept unless the
# ranges exclude them; UPGRADE="--upgrade-package NAME" (or "--upgrade") moves them on purpose.
lock: install
	$(LOCK) --extra s3 $(UPGRADE) -o requirements.txt
	$(LOCK) --extra dev -c requirements.txt $(UPGRADE) -o requirements-dev.txt
	$(PY) .ci/check_lock.py

compile-messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Extract new UI strings into the .po files (a developer's task; lint checks the result).
messages: install
	$(PY) manage.py makemessages $(LOCALES) --ignore=.venv --ignore=node_modules \
		--ignore=static/vendor --no-obsolete --add-location=file
	$(PY) manage.py makemessages -d djangojs $(LOCALES) --ignore=.venv \
		--ignore=node_modules --ignore=static/vendor --no-obsolete --add-location=file

run: compile-messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on every core: the browser tests in one group (one worker, one Chromium), the
# others spread over the workers. WORKERS=0 runs it in one process.
test: compile-messages
	$(PY) -m pytest -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The suite without the browser tests, in parallel: the quick check while working.
test-fast: compile-messages
	$(PY) -m pytest -m "not browser" -n $(WORKERS) --dist loadgroup -q $(PYTEST_ARGS)

lint: compile-messages
	$(PY) .ci/check_lock.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
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
# haproxy is the round robin of the two-server run; without it, two wrk run at once instead.
bench: compile-messages
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	command -v haproxy >/dev/null || (apt-get update -qq && apt-get install -y -qq haproxy) \
		|| echo "haproxy not installed: the two-server run loads each server with its own wrk"
	$(PY) bench/run.py

# Back up the database (DATABASE_URL, PostgreSQL) and the media directories, restore them into
# a new empty database and directories, compare row counts and checksums (docs/operations.md).
# BACKUP_DIR=<dir> keeps the dump and the archives.
backup-check: install
	$(PY) -m gnlc.ops.backup_check $(if $(BACKUP_DIR),--backup-dir=$(BACKUP_DIR))

clean:
	rm -rf $(VENV) test-results .pytest_cache .ruff_cache .import_linter_cache
