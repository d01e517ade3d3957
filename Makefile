# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make demo   - the quick start on the embedded default (SQLite, no servers)
#   make test   - the whole suite (browser tests included: they skip without chromium)
#   make e2e    - only the browser tests (Debian's chromium: apt-get install chromium)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Playwright drives the system's /usr/bin/chromium: never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: demo test e2e lint format bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python manage.py demo

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Screenshots go to var/e2e-artifacts/<test>/ (printed at the end of the run).
e2e: $(STAMP)
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# api_baseline.py and api_settings.py are modules that benchmarks/api.py serves, not benchmarks.
BENCH_HELPERS := benchmarks/api_baseline.py benchmarks/api_settings.py

bench: $(STAMP)
	@for script in $(filter-out $(BENCH_HELPERS),$(wildcard benchmarks/*.py)); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
