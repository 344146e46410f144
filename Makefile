# Bangfu (帮扶) — developer commands. GNU make; needs only python3 (>= 3.11) and make.
#
#   make demo     set up, load the Shanwei demo register and serve it at http://127.0.0.1:8000/
#   make test     lint, check the layers (lint-imports), check migrations, run the tests (SQLite; PostgreSQL too when
#                 BANGFU_TEST_POSTGRES_URL is set)
#
# Run `make` or `make help` for the full list.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp is newer than pyproject.toml once the dependencies it names are installed.
VENV_STAMP := $(VENV)/.bangfu-installed

# Extra options for `bangfu demo`, e.g. `make demo ARGS=--no-serve` or `make demo ARGS='--port 8080'`.
ARGS ?=
# BANGFU_HOME for the test runs: a scratch folder (var/ is ignored by git).
TEST_HOME ?= $(CURDIR)/var/test
# Folders to lint; tests/ and bench/ are linted once they exist.
LINT_PATHS := $(wildcard src tests bench)

.PHONY: help venv demo test lint format messages clean

help: ## list the targets
	@echo "Bangfu — make targets:"
	@echo
	@awk -F ':.*## ' '/^[a-z.]+:.*## / { printf "  make %-9s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo
	@echo "Options: ARGS='...' passes options to 'bangfu demo' (e.g. ARGS=--no-serve);"
	@echo "         TEST_HOME=DIR sets BANGFU_HOME for the tests (default: var/test);"
	@echo "         BANGFU_TEST_POSTGRES_URL=postgresql://... makes 'make test' also run on PostgreSQL."

.venv: $(VENV_STAMP) ## create the virtual environment in .venv and install Bangfu with its dev tools
venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

demo: $(VENV_STAMP) ## load the Shanwei demo into SQLite and serve it at http://127.0.0.1:8000/ (ARGS=--no-serve to only load)
	$(BIN)/bangfu demo $(ARGS)

test: $(VENV_STAMP) ## lint, check the declared layers and migrations, run the tests on SQLite (and, if BANGFU_TEST_POSTGRES_URL is set, the database tests on PostgreSQL at the same time)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports --no-cache
	BANGFU_HOME=$(TEST_HOME) BANGFU_DATABASE_URL= $(BIN)/bangfu makemigrations --check --dry-run
	@if [ -z "$${BANGFU_TEST_POSTGRES_URL:-}" ]; then \
	  echo "== pytest on SQLite (BANGFU_HOME=$(TEST_HOME)/sqlite)"; \
	  BANGFU_HOME=$(TEST_HOME)/sqlite BANGFU_DATABASE_URL= $(BIN)/pytest; \
	  echo "== PostgreSQL run skipped: BANGFU_TEST_POSTGRES_URL is not set"; \
	else \
	  mkdir -p $(TEST_HOME); \
	  echo "== pytest at the same time: the database tests on SQLite, the database tests on PostgreSQL ($$(sed -E 's#//([^:/@]*):[^@]*@#//\1:***@#' <<< "$$BANGFU_TEST_POSTGRES_URL")), the tests that touch no database (once)"; \
	  BANGFU_HOME=$(TEST_HOME)/sqlite BANGFU_DATABASE_URL= BANGFU_TEST_SELECT=database $(BIN)/pytest > $(TEST_HOME)/pytest-sqlite.log 2>&1 & sqlite_pid=$$!; \
	  BANGFU_HOME=$(TEST_HOME)/postgresql BANGFU_DATABASE_URL="$$BANGFU_TEST_POSTGRES_URL" BANGFU_TEST_SELECT=database $(BIN)/pytest > $(TEST_HOME)/pytest-postgresql.log 2>&1 & pg_pid=$$!; \
	  BANGFU_HOME=$(TEST_HOME)/no-database BANGFU_DATABASE_URL= BANGFU_TEST_SELECT=no-database $(BIN)/pytest > $(TEST_HOME)/pytest-no-database.log 2>&1 & other_pid=$$!; \
	  sqlite_rc=0; wait $$sqlite_pid || sqlite_rc=$$?; pg_rc=0; wait $$pg_pid || pg_rc=$$?; other_rc=0; wait $$other_pid || other_rc=$$?; \
	  echo "== pytest on SQLite, database tests (exit $$sqlite_rc)"; cat $(TEST_HOME)/pytest-sqlite.log; \
	  echo "== pytest on PostgreSQL, database tests (exit $$pg_rc)"; cat $(TEST_HOME)/pytest-postgresql.log; \
	  echo "== pytest, tests that touch no database (exit $$other_rc)"; cat $(TEST_HOME)/pytest-no-database.log; \
	  [ $$sqlite_rc -eq 0 ] && [ $$pg_rc -eq 0 ] && [ $$other_rc -eq 0 ]; \
	fi

lint: $(VENV_STAMP) ## check code style (ruff) and the declared layers (lint-imports) without changing files
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports --no-cache

format: $(VENV_STAMP) ## reformat the code and apply safe lint fixes (ruff)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/ruff check --fix $(LINT_PATHS)

messages: $(VENV_STAMP) ## update the zh_Hans catalogue in src/bangfu/locale from the code and locale/zh_Hans.json, and compile it (needs GNU gettext)
	@command -v msgfmt >/dev/null || { echo "make messages needs GNU gettext (xgettext): apt-get install gettext" >&2; exit 1; }
	cd src/bangfu && BANGFU_HOME=$(CURDIR)/var ../../$(BIN)/bangfu makemessages -l zh_Hans --no-location --ignore '*/tests/*'
	$(BIN)/python scripts/translate.py

clean: ## remove the virtual environment and var/ (the demo database, generated files)
	rm -rf $(VENV) var
