# `make` creates .venv, installs the package and builds _site/; `make test` runs ruff, mypy
# and the whole suite, first installing the tools the tests use if they are missing
# (scripts/test-deps); `make test-fast` runs ruff and the tests that need neither a browser
# nor a build with PDFs (pytest -m "not browser and not slow"): minutes instead of ten.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: all site test test-fast lint test-deps check serve bench clean

all: site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# poppler-utils, Debian's chromium, Java, npm: checked every time, installed when missing
# (as root on Debian/Ubuntu; otherwise it prints the command and fails). Never needed by `make`.
test-deps:
	scripts/test-deps

# test-only tools from npm: axe-core (injected into Chromium) and the Nu Html Checker;
# `npm` itself comes from test-deps, which must run first (order-only: no rebuild each time)
$(NODE_STAMP): package.json package-lock.json | test-deps
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

site: $(STAMP)
	$(PY) build.py

test: test-deps $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src
	$(PY) -m pytest

# the edit-test loop: no Chromium, no PDFs, no build of the real content; needs no test-deps
test-fast: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(PY) -m pytest -m "not browser and not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src

check: $(STAMP)
	$(VENV)/bin/tianxin-report check

serve: $(STAMP)
	$(VENV)/bin/tianxin-report serve

bench: $(STAMP)
	$(PY) bench/build_times.py

clean:
	rm -rf _site .cache   # the build cache itself lives in ~/.cache/tianxin-report
