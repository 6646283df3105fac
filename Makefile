# Bakong / KHQR conformance harness.
#   make certify   install everything, certify the bundled reference participant, write reports/
#   make test      install everything, lint, type-check and run the unit, contract and self-check tests
#   make setup     the installs alone (idempotent)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup certify test lint unit bench clean

setup: $(STAMP) tools/report/node_modules/.package-lock.json tools/sdk-oracle/node_modules/.package-lock.json

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[suite,dev]'
	touch $@

tools/%/node_modules/.package-lock.json: tools/%/package-lock.json tools/%/package.json
	npm ci --prefix tools/$* --no-audit --no-fund --loglevel=error

certify: setup
	$(BIN)/bakong-conformance certify --out reports

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest

test: lint unit

bench: setup
	$(BIN)/python -m pytest tests/khqr/bench_*.py --benchmark-only -p no:cacheprovider

clean:
	rm -rf $(VENV) tools/*/node_modules reports/allure-results reports/html reports/*.json reports/*.xml
