# Two commands a new user needs: `make serve` and `make test`. Both set everything up.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup serve build test lint check review technique routine docs bench clean
.DEFAULT_GOAL := help

help:
	@echo "make serve   set up and serve the site at http://127.0.0.1:8000 (live reload)"
	@echo "make test    set up and run every test (unit, build and browser)"
	@echo "make build   build the site into site/ in strict mode"
	@echo "make check   check every page and list all problems at once"
	@echo "make review  list every health page and its review; PAGE=\"docs/…md\" (BY=\"Name, profession (registration)\") records a review"
	@echo "make docs    write the generated tables in CONTRIBUTING.md afresh"
	@echo "make technique NAME=\"Foam roller on the floor\"   start a new technique page"
	@echo "make routine NAME=\"Evening wind-down\"   start a new routine (a session of several timers)"
	@echo "make bench   print build-time and page-weight figures"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Lighthouse, for its test (tests/browser/test_lighthouse.py), at the versions pinned in
# tests/lighthouse/package-lock.json. Only `make test` needs it. Without npm this says so and
# goes on: the test is then skipped, or fails under CI.
LIGHTHOUSE := tests/lighthouse
NODE_STAMP := $(LIGHTHOUSE)/node_modules/.installed-$(shell cksum < $(LIGHTHOUSE)/package-lock.json | cut -d' ' -f1)

$(NODE_STAMP): $(LIGHTHOUSE)/package-lock.json $(LIGHTHOUSE)/package.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "npm ci --prefix $(LIGHTHOUSE)"; \
	  npm ci --prefix $(LIGHTHOUSE) --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "npm is missing, so the Lighthouse test will be skipped (README.md, Two commands, gives the install line)"; \
	fi

# Not strict: a warning would keep every page from loading until it is fixed. Warnings are
# printed, pages with problems show them, and `make build` and the tests stay strict.
serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --no-strict

# --strict turns every warning (broken link, missing anchor) into a failure. Never add the
# quiet flag: it drops the very warnings that strict mode counts.
build: setup
	$(BIN)/mkdocs build --strict

lint: setup
	$(BIN)/ruff check macros tests
	$(BIN)/lint-imports --no-cache

check: setup
	$(BIN)/python -m macros.tools.check docs

test: setup lint $(NODE_STAMP)
	$(BIN)/python -m pytest

# A review of pages as they stand (CONTRIBUTING.md, Clinical review): PAGE names them ("all" for
# every health page), BY the clinician who reviewed them (left out: no clinician), DATE the day
# (default today). Without PAGE it lists every health page and the state of its review. The
# values reach the command through the environment, as NAME does below.
review: setup
	$(BIN)/python -m macros.tools.review "$$PAGE" --by "$$BY" --date "$$DATE"

docs: setup
	$(BIN)/python -m macros.tools.docs_tables

# The name reaches the command through the environment (make exports NAME=… given on its
# command line), so quotes and backticks in it stay part of the name.
technique: setup
	@test -n "$$NAME" || { echo 'Give a name: make technique NAME="Foam roller on the floor"'; exit 2; }
	$(BIN)/python -m macros.tools.scaffold "$$NAME"

routine: setup
	@test -n "$$NAME" || { echo 'Give a name: make routine NAME="Evening wind-down"'; exit 2; }
	$(BIN)/python -m macros.tools.scaffold --routine "$$NAME"

bench: setup
	$(BIN)/python tests/bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache test-artifacts $(LIGHTHOUSE)/node_modules
