# Quick start:  make run   (set up .venv, open the flagship sample)
#               make test  (set up .venv with test tools, run the whole suite)
# CI also:      make check-install  (build the wheel, pip install it in a fresh venv, run it)
#               make test-lower     (the suite with every dependency at its lower bound)
#               make test-2031      (the suite with the clock set years ahead, by libfaketime)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VENV_LOWER := .venv-lower
LOWER_BOUNDS := constraints/lower-bounds.txt
FLAGSHIP := assets/samples/academic-medical-center-ali.yaml
PYTEST := QT_QPA_PLATFORM=offscreen
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: run test setup setup-test test-tools test-lower test-2031 check-install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip

# `make run` opens the desktop workbench: the gui extra (Qt); `make test` installs the test
# extra, which takes the gui extra in. The command line alone: pip install . (no Qt)
$(VENV)/.installed: pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_QUIET) -e '.[gui]'
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_QUIET) -e '.[test]'
	touch $@ $(VENV)/.installed

# The consumers the tests check the output with (tools/package.json: the SARIF Multitool, the
# YAML language server), when npm is here; without it the tests that need them skip, saying why.
TOOLS := tools
$(TOOLS)/node_modules/.installed: $(TOOLS)/package.json $(TOOLS)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(TOOLS) && npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules/.installed; \
	else \
		echo "npm not found: the SARIF Multitool and YAML language server tests will skip" >&2; \
	fi

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test test-tools
test-tools: $(TOOLS)/node_modules/.installed

run: setup
	$(BIN)/ehrwb gui $(FLAGSHIP)

test: setup-test
	$(PYTEST) $(BIN)/python -m pytest

# The same suite in its own venv, every dependency pinned to its declared lower bound.
$(VENV_LOWER)/.installed-test: pyproject.toml setup.py $(LOWER_BOUNDS)
	rm -rf $(VENV_LOWER)
	$(PYTHON) -m venv $(VENV_LOWER)
	$(VENV_LOWER)/bin/python -m pip install $(PIP_QUIET) --upgrade pip
	$(VENV_LOWER)/bin/python -m pip install $(PIP_QUIET) -c $(LOWER_BOUNDS) -e '.[test]'
	touch $@

test-lower: $(VENV_LOWER)/.installed-test test-tools
	$(PYTEST) $(VENV_LOWER)/bin/python -m pytest

# The same suite with the system clock set to mid-2031 for every process it starts (libfaketime,
# Debian package faketime): no test may depend on the day it runs.
FUTURE := 2031-06-15 12:00:00
test-2031: setup-test
	@command -v faketime >/dev/null || { echo "test-2031 needs faketime (apt-get install faketime)" >&2; exit 1; }
	$(PYTEST) faketime -f '@$(FUTURE)' $(BIN)/python -m pytest

check-install:
	PYTHON=$(PYTHON) bash .ci/check-install.sh

clean:
	rm -rf $(VENV) $(VENV_LOWER) build dist *.egg-info $(TOOLS)/node_modules
