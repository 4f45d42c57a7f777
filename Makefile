# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test test-core bench sample template clean postgresql

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $(VENV)/.app-installed $@

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# Debian's PostgreSQL for the PostgreSQL variant of the history-store tests: tests/with_postgres.sh starts a
# throwaway server on 127.0.0.1 for the test run and stops it after. Installed when missing; when it cannot
# be installed the tests still run, and the PostgreSQL variants skip with a loud reason.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) timeout 600 apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) timeout 900 apt-get install -y -qq postgresql; } || \
		echo "##### POSTGRESQL COULD NOT BE INSTALLED: the PostgreSQL store tests will skip #####" >&2

run: $(VENV)/.app-installed
	$(PY) -m streamlit run serve.py --server.port $(PORT)

test: $(VENV)/.test-installed $(CHROMIUM) postgresql
	tests/with_postgres.sh $(PY) -m pytest -q tests

test-core: $(VENV)/.test-installed
	$(PY) -m pytest -q tests/core

bench: $(VENV)/.app-installed
	$(PY) bench/bench.py
	$(PY) -m bench.history_bench
	$(PY) bench/first_page.py

sample: $(VENV)/.app-installed
	$(PY) -m data.build_library
	$(PY) -m data.build_sample

template: $(VENV)/.app-installed
	$(PY) -m core template scorecard_template.xlsx

clean:
	rm -rf $(VENV) .pytest_cache test-output
