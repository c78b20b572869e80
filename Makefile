# Quick start:  make run   (set up .venv, open the flagship sample)
#               make test  (set up .venv with test tools, run the whole suite)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLAGSHIP := assets/samples/academic-medical-center-ali.yaml

.PHONY: run test setup setup-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

run: setup
	$(BIN)/ehrwb gui $(FLAGSHIP)

test: setup-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
