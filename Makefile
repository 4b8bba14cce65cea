# Two commands matter: `make run` and `make test`. Everything else is what they build on.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export FLASK_APP := wsgi

.PHONY: run test test-sqlite test-postgres bench migrate system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.run-deps

migrate: $(VENV)/.run-deps
	$(BIN)/flask db upgrade

## Serve on the embedded SQLite database (HOST/PORT override; HTTPS=1 for a phone on the LAN).
run: migrate
	$(BIN)/python -m netpwa.serve --host $(HOST) --port $(PORT) $(if $(HTTPS),--https)

## Chromium and pdftoppm for the browser and print tests; installed with apt-get when missing.
system-deps:
	@bash scripts/system-deps.sh

## The whole suite on SQLite (real-browser tests included), then again on PostgreSQL.
test: $(VENV)/.test-deps system-deps test-sqlite test-postgres

test-sqlite: $(VENV)/.test-deps
	$(BIN)/python -m pytest -p no:cacheprovider --durations=15

test-postgres: $(VENV)/.test-deps
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -p no:cacheprovider -m "not e2e and not sqlite_only" -q --durations=15

bench: $(VENV)/.test-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
