# Two entry points: `make corpus` (set up and build) and `make test` (set up and run every test).
# PYTHON is the first of python3.11, python3.12, python3.13, python3 that runs and is 3.11 or newer;
# set PYTHON=/path/to/python to choose another.
FIND_PYTHON := for p in python3.11 python3.12 python3.13 python3; do \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { command -v $$p; break; }; done
PYTHON ?= $(shell $(FIND_PYTHON))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help setup python studio corpus test test-python growth-check clean model
.DEFAULT_GOAL := help

help: ## list the targets with what each does
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 24

python: ## check that a Python 3.11 or newer is there
	@if [ -z "$(PYTHON)" ]; then \
	  echo "id-pubadmin-news needs Python 3.11 or newer (3.11 to 3.13 are tested), and none was found; install one or run make PYTHON=/path/to/python3.11"; \
	  exit 1; fi
	@version=$$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null) || { \
	  echo "$(PYTHON) does not run as Python; id-pubadmin-news needs Python 3.11 or newer"; exit 1; }; \
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "$(PYTHON) is Python $$version; id-pubadmin-news needs 3.11 or newer (3.11 to 3.13 are tested)"; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print(sys.version)')" != "$$($(PYTHON) -c 'import sys; print(sys.version)')" ]; then \
	  echo "$(VENV) was made by another Python; making it again with $(PYTHON)"; \
	  rm -rf $(VENV); fi

$(STAMP): pyproject.toml
	@echo "[setup 1/2] $(VENV) with $$($(PYTHON) -c 'import platform; print("Python", platform.python_version())') ($(PYTHON))"
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	@echo "[setup 2/2] installing the package, datasets, pyarrow and the test tools from PyPI into $(VENV): several minutes and about 2 GB the first time"
	$(BIN)/python -m pip install --progress-bar off --disable-pip-version-check -e '.[test]'
	@touch $@

setup: python ## make .venv with the package and the test tools (once; again when pyproject.toml changes)
	@$(MAKE) --no-print-directory -q $(STAMP) || $(MAKE) --no-print-directory $(STAMP) PYTHON="$(PYTHON)"

studio: setup ## install Label Studio into its own .venv-studio (once)
	@echo "[studio] Label Studio in its own .venv-studio: several minutes and about 1 GB the first time, nothing when it is there"
	$(BIN)/id-pubadmin studio install

corpus: setup ## rebuild corpus/ from seeds/ and annotations/
	$(BIN)/id-pubadmin build

model: setup ## retrain the shipped entity model from annotations/training/ (fixed seed, CPU), then score it
	$(BIN)/python -m id_pubadmin model train --out scripts/id_pubadmin/predictor/model
	$(BIN)/python -m id_pubadmin.bench predictions

test: setup studio ## run the whole test suite, the live Label Studio tests included
	$(BIN)/python -m pytest

clean: ## remove the virtualenvs and the local Label Studio data (.venv*, .studio)
	rm -rf $(VENV) .venv-py3.* .venv-studio .studio

# The suite without the live Label Studio tests on another Python (CI runs it on the newest one
# the machine has): make test-python OTHER_PYTHON=python3.13
OTHER_PYTHON ?= python3.13
OTHER_VENV = .venv-py$(shell $(OTHER_PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')

test-python: ## the tests that need no Label Studio on another Python: make test-python OTHER_PYTHON=python3.13
	@echo "[test-python] $(OTHER_VENV): the package and test tools for $(OTHER_PYTHON), then the tests that need no Label Studio"
	@[ -x $(OTHER_VENV)/bin/python ] || $(OTHER_PYTHON) -m venv $(OTHER_VENV)
	$(OTHER_VENV)/bin/python -m pip install --progress-bar off --disable-pip-version-check -q -e '.[test]'
	$(OTHER_VENV)/bin/python -m pytest --ignore tests/test_studio_live.py

# The README's "Adding an article" path on a throw-away copy: three invented articles added, built,
# released as the next minor version, validated, then every test that needs no Label Studio.
growth-check: setup ## grow a throw-away copy by 3 invented articles, release it and run the tests there (about 5 min)
	PYTHON=$(BIN)/python bash tests/growth-check.sh
