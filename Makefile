# Parcours — every command a developer or CI needs. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1:8000

DEMO_2FA := admin siege chef travailleur

.PHONY: install system-deps demo demo-code serve serve-production worker test test-sqlite test-postgresql lint bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

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

test: install system-deps lint
	@bash scripts/test.sh

test-sqlite: install
	$(BIN)/pytest -p no:cacheprovider --create-db

test-postgresql: install
	@bash scripts/test.sh --postgresql-only

bench: install
	@bash scripts/bench.sh

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
