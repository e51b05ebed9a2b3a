# IMDI portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?= -n auto

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools

run: install ## Set up and run the portal with demo data on http://127.0.0.1:8000/
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)} DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install chromium ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

chromium: ## Install Debian's Chromium for the browser tests if it is missing
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

lint: install ## ruff lint + format check, types of services/selectors, import direction, Django checks, migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(BIN)/python manage.py check
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

fmt: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Update the French and Spanish catalogues and compile them
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l fr -l es --ignore=.venv --ignore=tests
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
	$(BIN)/celery -A imdi_portal worker --loglevel=info -Q default,imports,indicators,notifications

beat: install ## Run Celery beat with the schedules stored in the database
	$(BIN)/celery -A imdi_portal beat --loglevel=info

bench: install wrk ## Run the benchmarks on PostgreSQL and write bench/RESULTS.md
	$(BIN)/python bench/run.py

bench-csv: install ## Streaming CSV downloads: 100,000 rows on PostgreSQL, time and RSS growth
	$(BIN)/python bench/csv_bench.py

bench-web: install chromium wrk ## Chromium bytes/requests per page and wrk on the cached paths (PostgreSQL + Redis)
	$(BIN)/python bench/web_bench.py
	$(BIN)/python bench/http_bench.py

wrk: ## Install Debian's wrk for the load test of make bench if it is missing
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for the load test..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

clean: ## Remove the virtualenv, caches and the local SQLite database
	rm -rf $(VENV) .pytest_cache .ruff_cache db.sqlite3 staticfiles test-artifacts

.PHONY: help install run test chromium lint fmt messages worker beat bench bench-csv bench-web wrk audit clean

audit: install ## Check the installed packages against known vulnerabilities (pip-audit; needs pypi.org's JSON API)
	$(BIN)/pip-audit --skip-editable --strict
