# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test test-core bench sample template clean

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

run: $(VENV)/.app-installed
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: $(VENV)/.test-installed $(CHROMIUM)
	$(PY) -m pytest -q tests

test-core: $(VENV)/.test-installed
	$(PY) -m pytest -q tests/core

bench: $(VENV)/.app-installed
	$(PY) bench/bench.py

sample: $(VENV)/.app-installed
	$(PY) -m data.build_library
	$(PY) -m data.build_sample

template: $(VENV)/.app-installed
	$(PY) -m core template scorecard_template.xlsx

clean:
	rm -rf $(VENV) .pytest_cache test-output
