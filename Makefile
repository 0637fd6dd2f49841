# `make` creates .venv, installs the package and builds _site/; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all site test check serve bench clean

all: site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) build.py

test: $(STAMP)
	$(PY) -m pytest

check: $(STAMP)
	$(VENV)/bin/tianxin-report check

serve: $(STAMP)
	$(VENV)/bin/tianxin-report serve

bench: $(STAMP)
	$(PY) bench/build_times.py

clean:
	rm -rf _site .cache
