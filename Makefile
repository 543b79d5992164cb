# Two commands for a new user: `make run` (install, ingest the sample corpus, serve on 127.0.0.1:8000)
# and `make test` (install the test dependencies and run the whole test suite). .ci/run calls `make test`.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test install lint eval bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/kildesvar ingest corpus
	$(BIN)/kildesvar serve

# axe-core from npm for the accessibility tests of the widget (tests/widget/accessibility.py).
AXE := tests/widget/axe/node_modules/axe-core/axe.min.js

$(AXE): tests/widget/axe/package.json tests/widget/axe/package-lock.json
	npm ci --prefix tests/widget/axe --no-audit --no-fund
	touch $(AXE)

# Microsoft's Adaptive Cards renderer and Teams manifest schemas from npm, for the Teams card and package tests.
TEAMS_CARD := scripts/teams-card/node_modules/.package-lock.json

$(TEAMS_CARD): scripts/teams-card/package.json scripts/teams-card/package-lock.json
	npm ci --prefix scripts/teams-card --no-audit --no-fund --loglevel=error
	touch $(TEAMS_CARD)

test: lint $(AXE) $(TEAMS_CARD)
	scripts/install-system-deps
	$(BIN)/pytest --durations=30

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy vectorstore ingest service evaluation kildesvar bench

eval: install
	$(BIN)/kildesvar eval

# The scale benchmark (hours; see README "Benchmark"). `install` installs the test extra, which includes the
# bench extra (matplotlib). More options: make bench BENCH_ARGS="--tier 2k --runs 5".
bench: install
	$(BIN)/kildesvar bench --output docs/performance.json --plot docs/performance.png \
		--markdown docs/performance.md $(BENCH_ARGS)
