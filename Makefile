# Two entry points: `make corpus` (set up and build) and `make test` (set up and run every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup studio corpus test clean

$(BIN)/id-pubadmin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/id-pubadmin

studio: setup
	$(BIN)/id-pubadmin studio install

corpus: setup
	$(BIN)/id-pubadmin build

test: setup studio
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .venv-studio .studio
