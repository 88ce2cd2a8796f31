# The two commands of the README: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test test-fast bench docs screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	-$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## Start the app on the default SQLite database at http://127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/fibrotrack db upgrade
	$(BIN)/fibrotrack serve --host 127.0.0.1 --port 8000

## Run the whole suite (SQLite and a throwaway PostgreSQL server), including slow tests
test: $(VENV)/.installed-dev
	bash scripts/install-test-deps.sh
	bash scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

## The suite without slow tests (no PostgreSQL server unless FIBROTRACK_TEST_PG_URL is set)
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n 2 -q -m "not slow" $(PYTEST_ARGS)

## Every benchmark, each printing a table and a JSON last line (QUICK=1: the reduced runs)
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/trigger_quality.py $(if $(QUICK),--quick)
	$(BIN)/python bench/engine_speed.py $(if $(QUICK),--quick)
	$(BIN)/python bench/experiment_quality.py $(if $(QUICK),--quick)
	$(BIN)/python bench/web_checkin.py

## Regenerate docs/cli.md from --help
docs: $(VENV)/.installed
	$(BIN)/python -m fibrotrack.docgen > docs/cli.md

## Screenshots of every page at phone (390x844) and desktop (1280x800) sizes into docs/screenshots/
screenshots: $(VENV)/.installed-dev
	bash scripts/install-test-deps.sh
	$(BIN)/python tests/browser/screenshots.py docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache build dist
