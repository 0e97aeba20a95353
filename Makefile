# QI One-Stop. On a fresh machine: `make run` (serve the demo) or `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := app
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-test vendor translations extract-translations chromium conformance bench clean \
	audit audit-static

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed vendor translations

install-test: $(VENV)/.installed-test vendor translations

# Browser code from the npm registry, checksum-verified (app/web/vendor.py): ECharts, served from our own static
# files, and axe-core, which only the browser tests inject (accessibility checks).
vendor: $(VENV)/.installed
	$(PY) -m app.web.vendor

# Compiles every catalog: translations/, translations/fab/ (corrected FAB strings), plugins/*/translations/.
translations: $(VENV)/.installed
	$(PY) -m app.i18n.catalogs compile

# Refresh the catalogs from the sources; new strings arrive untranslated until zh and en are filled in.
extract-translations: $(VENV)/.installed
	$(PY) -m app.i18n.catalogs extract

# A demo: QI_DEMO=1 lets `flask qi demo` load the demo data and its published passwords sign in.
run: export QI_DEMO := 1
run: install
	$(FLASK) qi init --no-admin
	$(FLASK) qi demo
	@echo "QI One-Stop: http://$(HOST):$(PORT)/  (SQLite database in instance/, demo mode)"
	QI_HTTPS=$${QI_HTTPS:-0} $(FLASK) qi serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null; \
	  else echo "install Debian's chromium and fonts-wqy-microhei (apt-get) first" >&2; exit 1; fi; \
	fi

# The whole suite on SQLite, then on a throw-away PostgreSQL 15 cluster, then once more on SQLite with
# the sample outside plugin installed (a third-party plugin must not turn the suite red), then the
# outside plugin's own tests on the test kit, then the conformance table.
test: install-test chromium
	@rm -rf .conformance; status=0; \
	$(MAKE) -s audit-static || status=1; \
	QI_CONFORMANCE_OUT=.conformance/sqlite.json $(PY) -m pytest --db sqlite || status=1; \
	QI_CONFORMANCE_OUT=.conformance/postgresql.json $(PY) -m pytest --db postgresql || status=1; \
	$(PY) -m pytest --db sqlite -q --with-outside-plugin || status=1; \
	(cd tests/outside_plugin && ../../$(PY) -m pytest --db sqlite -q --qi-install-plugin .) || status=1; \
	$(PY) -m tests.conformance || status=1; \
	exit $$status

# Security checks (issue 17): bandit over the code (medium severity and confidence and up; each accepted finding
# is marked `# nosec` with its reason on the line above), pip-audit over the installed dependencies (offline it
# says that nothing was audited and passes), then the REST API fuzzed from its OpenAPI spec with signed-in tokens
# (schemathesis, tests/test_api_fuzz.py). `make test` runs the first two (seconds); the fuzz runs in the suite.
audit-static: install-test
	$(VENV)/bin/bandit -q -r app plugins -ll -ii -x '*/tests/*'
	$(PY) tools/audit_dependencies.py

audit: audit-static
	$(PY) -m pytest -q --db sqlite tests/test_api_fuzz.py

# docs/conformance.md from the last results; runs the SQLite suite first when there are none.
conformance: install-test
	@if ! ls .conformance/*.json >/dev/null 2>&1; then QI_CONFORMANCE_OUT=.conformance/sqlite.json $(PY) -m pytest --db sqlite -q; fi
	$(PY) -m tests.conformance

# The side-by-side page benchmark (bench/pages_bench.py) -> bench/results.md: every page against a trivial route and
# a plain Flask-AppBuilder list served the same way (gunicorn, 127.0.0.1). BENCH_DB=sqlite|postgresql|both,
# BENCH_SCALE=small|large (large: `flask qi generate --scale large`, long), BENCH_REQUESTS / BENCH_TIME_CAP per case.
BENCH_DB ?= both
BENCH_SCALE ?= small
bench: install
	$(PY) -m bench.pages_bench --db $(BENCH_DB) --scale $(BENCH_SCALE)

clean:
	rm -rf $(VENV) .conformance .pytest_cache
	find . -name '*.mo' -not -path './.venv/*' -delete
