# Tomoshibi: `make run` serves the platform, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Pure modules (no Django) that are type-checked strictly.
PURE_MODULES ?= $(wildcard tomoshibi/estimation tomoshibi/core/addresses.py tomoshibi/core/served.py tomoshibi/directory/referral_engine.py tomoshibi/directory/hours.py tomoshibi/directory/csvformat.py tomoshibi/hotline/canonical.py tomoshibi/hotline/intake.py tomoshibi/core/figures.py tomoshibi/core/glossary.py tomoshibi/hotline/plots.py tomoshibi/screening/scoring.py tomoshibi/screening/content.py tomoshibi/screening/training.py tomoshibi/screening/texts.py tomoshibi/vault/crypto.py tomoshibi/accounts/strength.py tomoshibi/help/flow.py tomoshibi/help/layout.py tomoshibi/line/guess.py tomoshibi/linkage tomoshibi/directory/reach.py tomoshibi/directory/codes.py tomoshibi/directory/checks.py tomoshibi/help/places.py tomoshibi/screening/translations.py tomoshibi/core/furigana.py tomoshibi/joboffers/money.py tomoshibi/joboffers/signs.py tomoshibi/joboffers/wages.py tomoshibi/joboffers/checker.py tomoshibi/joboffers/batch.py tomoshibi/stats/suppression.py tomoshibi/stats/encodings.py tomoshibi/stats/linking.py tomoshibi/stats/published.py tomoshibi/stats/disclosure.py)

.PHONY: help install run setup test lint typecheck migrations-check messages-check pytest reliability clean lock

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

setup: install ## Migrate the SQLite database, load reference data, compile translations
	DEBUG=1 $(BIN)/tomoshibi setup

run: setup ## Set up everything and serve on http://$(HOST):$(PORT) with the worker beside it
	DEBUG=1 $(BIN)/tomoshibi serve --host $(HOST) --port $(PORT)

lint: install ## ruff, and the import contracts of .importlinter (docs/architecture.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install ## mypy on the pure modules
	$(if $(strip $(PURE_MODULES)),$(BIN)/mypy $(PURE_MODULES),@echo 'no pure modules to check')

migrations-check: install ## Fail if a model change has no migration
	DEBUG=1 $(BIN)/tomoshibi makemigrations --check --dry-run

messages-check: install ## Compile translations and fail on any untranslated string
	@if command -v msgfmt >/dev/null; then DEBUG=1 $(BIN)/tomoshibi compilemessages --ignore=.venv --ignore=var -v 0; \
	else echo "msgfmt not found (Debian package gettext): compiling with polib only"; fi
	DEBUG=1 $(BIN)/tomoshibi messages compile
	DEBUG=1 $(BIN)/tomoshibi messages check

# Tests marked slow (long bootstrap checks) run in CI only (.ci/run sets CI=true); CI=true make test runs them here.
SLOW_TESTS := $(if $(filter true 1,$(CI)),,-m "not slow")

pytest: install ## The pytest suite (browser tests need Debian's chromium; slow tests only with CI=true)
	$(BIN)/pytest -n 2 --dist loadgroup --durations=15 $(SLOW_TESTS) $(PYTEST_ARGS)

reliability: install ## Serve for real, send 500 reports and consultations, kill -9 the server midway; fail on a lost or doubled receipt
	$(BIN)/python bench/reliability.py $(RELIABILITY_ARGS)

test: lint typecheck migrations-check messages-check pytest ## Every check: lint, types, migrations, translations, tests

lock: ## Refresh constraints.txt from a fresh resolve
	rm -rf /tmp/tomoshibi-lock && $(PYTHON) -m venv /tmp/tomoshibi-lock
	/tmp/tomoshibi-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/tomoshibi-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean: ## Remove the virtualenv and local data (asks nothing: be sure)
	rm -rf $(VENV) var
