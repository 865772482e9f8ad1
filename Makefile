# Kooperacje 3D portal. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

.PHONY: help install run serve migrate demo messages test test-fast coverage lint format check services services-stop ci clean bench-documents bench-pages bench-search bench-recruitment bench-ranking bench-search-quality bench-transparency

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}'

$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(VENV)/bin/uv pyproject.toml uv.lock
	$(VENV)/bin/uv sync --frozen --inexact --python $(PY) --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## Install the locked Python and npm dependencies into .venv and node_modules

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

demo: migrate ## Load the demo content and the demo accounts, make the demonstration seal (idempotent)
	$(PY) manage.py create_demo_seal
	$(PY) manage.py load_demo_content --accounts

run: demo ## Install, migrate, load the demo and serve on http://127.0.0.1:8000
	@echo "Portal: http://$(HOST):$(PORT)/   panel administracyjny: http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (service tests are skipped, with the reason, when a service is missing)
	$(PY) -m pytest

test-fast: install ## Inner loop: no browser or service tests, last failures first, stop at the first failure
	$(PY) -m pytest -x --ff -m "not browser and not postgres and not elasticsearch" $(ARGS)

coverage: install ## The whole suite with branch coverage: prints the report; fails below the floor in pyproject.toml
	$(PY) -m pytest --cov --cov-report=term --cov-report=html:.cache/coverage-html $(ARGS)

lint: install ## ruff, the import layers (tests/test_import_structure.py) and mypy on the rule modules
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q -p no:randomly -p no:cacheprovider --no-cov -m "not browser and not postgres and not elasticsearch" tests/test_import_structure.py
	$(VENV)/bin/mypy

format: install ## Format Python code and templates
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install ## Refresh the Polish catalogue from the code (gettext), then compile it; give new counted strings their three forms
	$(PY) manage.py makemessages -l pl --no-location --ignore=.venv --ignore=node_modules --ignore=var --ignore=bench
	$(PY) manage.py compilemessages -l pl --ignore=.venv --ignore=node_modules

check: install ## Django system checks and the missing-migrations check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

services: ## (root) Install and start PostgreSQL 15, Elasticsearch 8 and Chromium on loopback; prints the variables to export
	bash scripts/services.sh

services-stop: ## Stop PostgreSQL and Elasticsearch started by `make services`
	bash scripts/services-stop.sh

ci: ## What CI runs: services, checks, lint and the whole suite with every service
	bash .ci/run

clean: ## Remove the virtualenv, node_modules and the local SQLite database
	rm -rf $(VENV) node_modules db.sqlite3

bench-documents: install ## Import 1,000 generated 10-page PDFs (files/s, peak memory) and time the listing at 10,000 documents
	$(PY) bench/documents.py

bench-pages: install ## Benchmark public pages: gunicorn + wrk on PostgreSQL, page cache off and on (needs `make services`)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/pages.py

bench-search: install ## Benchmark search on 10,000 generated documents: indexing docs/s, API p50/p95/p99 at 10 clients (wrk), PostgreSQL and Elasticsearch (needs `make services`)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/search.py

bench-recruitment: install ## Benchmark the deadline rush: 200 applicants autosaving every 5 s while 100 submit in the last minute; p50/p95/p99, then verifies nothing was lost (needs `make services`)
	$(PY) bench/recruitment.py

bench-search-quality: install ## Search quality on the evaluation set of tests/search/quality/: MRR, top 3 and MRR per kind of query; SQLite, and PostgreSQL and Elasticsearch when DATABASE_URL / ELASTICSEARCH_URL are set
	$(PY) bench/search_quality.py

bench-ranking: install ## Score and rank a generated call of 1,000 applications with three cards each (ms, peak memory; target < 1 s); no services needed
	$(PY) bench/ranking.py

bench-transparency: install ## Render a call's public statistics and the chair's calibration view at 1,000 applications (median ms, SQL queries; target < 300 ms); no services needed
	$(PY) bench/call_statistics.py
	$(PY) bench/calibration.py
