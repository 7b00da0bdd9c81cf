# One entry point for a fresh machine: `make book` builds the site, `make test` passes the tests.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
SITE   := _build/html

.PHONY: help book test test-fast lint check data browser citation-js bench audit pdf clean
help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

book: $(STAMP) browser  ## create the pinned environment and build the site, with its PDFs, into _build/html
	$(VENV)/bin/multivector build --pdf --out $(SITE)

check: $(STAMP)  ## validate data/ and the default parameters, build nothing
	$(VENV)/bin/multivector check

data: $(STAMP)  ## regenerate the derived CSVs in data/ from the snapshots in data/raw/ (see data/README.md)
	$(VENV)/bin/multivector data build

# Debian's Chromium: the full browser prints the PDFs and runs `make audit` and `make bench`; the tests drive its
# headless shell (same release, less CPU: tests/browser_support.py says how much).
CHROMIUMS := chromium chromium-headless-shell
browser:  ## make sure Debian's Chromium (the browser and its headless shell) is there
	@$(foreach b,$(CHROMIUMS),test -x /usr/bin/$(b) &&) true || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q $(CHROMIUMS); \
	  else echo "Chromium is missing: run 'sudo apt-get install -y $(CHROMIUMS)' (Debian's packages)"; exit 1; fi; }

# citation-js 0.7, the second citation processor the tests format each citation file with
# (tests/test_citation_processors.py): installed by `npm ci`, exactly as tests/js/package-lock.json pins it.
JS := tests/js
citation-js: $(JS)/node_modules/.package-lock.json  ## install citation-js from npm into tests/js/ (needs npm)
$(JS)/node_modules/.package-lock.json: $(JS)/package.json $(JS)/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q npm; \
	  else echo "npm is missing: run 'sudo apt-get install -y npm' (Debian's package)"; exit 1; fi; }
	npm ci --prefix $(JS) --no-audit --no-fund --loglevel=error

# Three test processes (pytest-xdist) on two cores: the browser tests and the builds' subprocesses wait often enough
# that a third keeps the cores busy (7 min 40 s against 8 min 17 s with two). --dist loadscope keeps each test file,
# and each notebook's cells, in one process, with the fixtures they share; --no-loadscope-reorder hands the files out
# in conftest's LONGEST_FIRST order (by default xdist sorts them by how many tests they hold).
test: $(STAMP) browser citation-js  ## create the environment, build the site, run every test (unit, nbval, build, browser)
	$(VENV)/bin/multivector build --pdf --out $(SITE)
	$(PY) -m pytest -n 3 --dist loadscope --no-loadscope-reorder tests _build/html.stage/notebooks --nbval-lax -p no:cacheprovider

test-fast: $(STAMP)  ## every test that needs no built site, no browser and no build of its own (the edit-run loop)
	$(PY) -m pytest -n 2 --dist worksteal -m "not slow" tests -p no:cacheprovider

# pytest rewrites the asserts of every test file in each of its workers, again on every run unless Python may keep
# the rewritten bytecode: an environment that sets PYTHONDONTWRITEBYTECODE (as this machine's does) is overridden for
# the tests. Measured on the fast loop: 9.7 s of start-up before the first test against 7.5 s, and 50-54 s against
# 56-63 s in all. The bytecode goes to __pycache__ folders, which git ignores and the build's keys leave out. The bench
# too: it measures builds as an installed package runs them, from bytecode, not from a module edited since its
# bytecode was written, which every process of every build would compile again.
test test-fast bench: export PYTHONDONTWRITEBYTECODE =

lint: $(STAMP)  ## ruff (lint and format) and the check that source notebooks carry no outputs, as pre-commit runs them
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

bench: $(STAMP) browser  ## time clean, no-op and one-change builds, weigh pages, time charts: _build/bench.json
	$(PY) benchmarks/bench.py

audit: $(STAMP) browser  ## serve the site gzip-compressed; Lighthouse 12 (npm, into .lighthouse/), axe, bytes per page
	@test -f $(SITE)/index.html || $(VENV)/bin/multivector build --pdf --out $(SITE)
	$(PY) -m multivector.tools.audit $(SITE)

pdf: $(STAMP) browser  ## print the whole book and each section to _build/pdf/ with Chromium
	@test -f $(SITE)/index.html || $(VENV)/bin/multivector build --pdf --out $(SITE)
	$(PY) -m multivector.tools.pdf $(SITE)

clean:  ## remove the build folder (keeps the environment)
	rm -rf _build
