# Bakong / KHQR conformance harness.
#   make certify   install everything, certify the bundled reference participant, write reports/
#   make test      install everything, lint, type-check and run the unit, contract and self-check tests
#   make setup     the installs alone (idempotent)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup chromium certify test lint unit bench clean

setup: $(STAMP) tools/report/node_modules/.package-lock.json tools/sdk-oracle/node_modules/.package-lock.json chromium

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[suite,dev]'
	touch $@

tools/%/node_modules/.package-lock.json: tools/%/package-lock.json tools/%/package.json
	npm ci --prefix tools/$* --no-audit --no-fund --loglevel=error

# Debian's chromium, which tools/report/browser-check.mjs drives to check the rendered report (tests/report).
# Quick no-op when it is on PATH; otherwise apt-get, as root or through sudo.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "make setup: chromium is missing, and installing it needs root or sudo." \
	    "Install Debian's package: apt-get install --no-install-recommends chromium" >&2; exit 1; fi; \
	  echo "make setup: installing Debian's chromium with apt-get"; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium && \
	  command -v chromium >/dev/null 2>&1 || { \
	    echo "make setup: could not install chromium with apt-get (see above)." \
	      "Install Debian's package by hand: apt-get install --no-install-recommends chromium" >&2; exit 1; }; }

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
