# `make` creates .venv, installs the package and builds _site/; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: all site test check serve bench clean

all: site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# test-only tools from npm: axe-core (injected into Chromium) and the Nu Html Checker
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

site: $(STAMP)
	$(PY) build.py

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

check: $(STAMP)
	$(VENV)/bin/tianxin-report check

serve: $(STAMP)
	$(VENV)/bin/tianxin-report serve

bench: $(STAMP)
	$(PY) bench/build_times.py

clean:
	rm -rf _site .cache
