# The README's two commands: `make demo` and `make test`. Each sets itself up from a fresh clone.
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_OUT ?= out/demo

# The first Python 3.11+ on PATH makes the virtual environment.
BASE_PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: setup demo test lint bench system-deps clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(BASE_PYTHON)" || { echo "curation needs Python 3.11 or newer on PATH" >&2; exit 1; }
	$(BASE_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	$(PYTHON) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

demo: setup
	$(VENV)/bin/curation demo --out $(DEMO_OUT)

# System packages the browser and PostgreSQL tests need; installed only where we may (root + apt).
system-deps:
	@bash scripts/system-deps.sh

test: setup system-deps
	$(PYTHON) -m pytest

lint: setup
	$(VENV)/bin/ruff check curation tests bench
	$(VENV)/bin/ruff format --check curation tests bench

bench: setup
	$(PYTHON) bench/parse.py
	$(PYTHON) bench/ingest.py

clean:
	rm -rf $(VENV) out .pytest_cache
