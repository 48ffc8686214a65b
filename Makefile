# Parcours — every command a developer or CI needs. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1:8000

DEMO_2FA := admin siege chef travailleur

.PHONY: install lock audit-deps system-deps demo demo-code serve serve-production worker test test-sqlite test-postgresql lint bench clean

# Every package pinned and hashed (docs/decisions/017-lock-file.md): requirements.lock, built from requirements*.txt
# by `make lock` (requirements-dev.txt, which takes in requirements.txt, and requirements-s3.txt); pip itself is in it.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Rebuild the locks after a change of requirements*.txt (or to take newer releases: `make lock UPGRADE=1`).
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: install
	$(PIP_COMPILE) --output-file requirements.lock requirements-dev.txt requirements-s3.txt

# Known vulnerabilities of the locked versions, when an advisory database answers (a loud skip otherwise).
audit-deps: install
	@bash scripts/audit-deps.sh

# Debian packages: Chromium for the browser tests, poppler for PDF checks, Pango for PDF rendering.
system-deps:
	@bash scripts/system-deps.sh

demo: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) make_demo --year 2019
	$(MANAGE) demo_accounts
	$(MANAGE) demo_two_factor $(DEMO_2FA)
	@bash scripts/with-worker.sh $(MANAGE) runserver $(HOST)

# The demo accounts' two-factor codes of the moment (their published secret: README.md).
demo-code: install
	@$(MANAGE) demo_two_factor --code $(DEMO_2FA)

# Development server and a background-job worker (Ctrl-C stops both).
serve: install
	@bash scripts/with-worker.sh $(MANAGE) runserver $(HOST)

# Production on this machine: PostgreSQL, gunicorn, WhiteNoise, a worker (docs/deployment.md).
serve-production: install
	@bash scripts/serve-production.sh

worker: install
	$(MANAGE) worker

lint: install
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy .
	$(BIN)/lint-imports

test: install system-deps lint audit-deps
	@bash scripts/test.sh

test-sqlite: install
	$(BIN)/pytest -p no:cacheprovider --create-db

test-postgresql: install
	@bash scripts/test.sh --postgresql-only

bench: install
	@bash scripts/bench.sh

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
