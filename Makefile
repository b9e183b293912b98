# The two commands: `make build` (site/) and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test lint validate schema clean screenshots bench

# requirements.txt is the lock file; the project itself is then installed without touching it,
# so that `playbook`, `mkdocs build` and `mkdocs serve` work in the activated venv.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## build: validate the data (errors and warnings refuse it, as in the pull request), then build
## the site into site/ (left untouched if anything fails)
build: $(STAMP)
	$(PY) -m playbook build

## serve: preview on http://127.0.0.1:8000 (playbook serve): each save is checked as validate checks it and
## the pages it changes are served within a second, the browser reloading; while the data has problems, the
## last good site with validate's lines listed on every page. Prints the warnings validate fails on, once.
## Another address: make serve DEV_ADDR=127.0.0.1:8123
DEV_ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(PY) -m playbook serve --dev-addr $(DEV_ADDR)

## test: lint (ruff), types (mypy), then the whole test suite on every core (pytest-xdist), browser tests included
test: lint $(STAMP)
	$(PY) -m pytest -n auto

## lint: ruff (lint and format) and mypy, as make test runs them
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## validate: check every record and page, one line per problem; "OK" only when the pull request will pass
validate: $(STAMP)
	$(PY) -m playbook validate

## schema: regenerate schema/*.json from the model
schema: $(STAMP)
	$(PY) -m playbook schema

clean:
	rm -rf site .site.playbook-staging .site.playbook-old .site.playbook-lock $(VENV)

## screenshots: remake the README's screenshots from a real build (needs chromium and poppler-utils)
screenshots: $(STAMP)
	$(PY) scripts/screenshots.py

## bench: synthetic playbooks of 100, 1,000 and 3,000 records, timed against plain MkDocs,
## check-jsonschema and Zensical; writes benchmarks/README.md (about 25 minutes)
bench: $(STAMP)
	$(PY) -m benchmarks
