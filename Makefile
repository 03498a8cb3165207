# Two commands for a fresh machine: `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_series --upcoming
	@echo "Emails are delivered to this console by the worker running beside the server."
	$(BIN)/python manage.py send_queued_email & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

browser-deps:
	@scripts/ensure-chromium

test: $(VENV)/.installed-dev browser-deps
	$(BIN)/pytest

# Formatting, lint, template style and migrations.
check: $(VENV)/.installed-dev
	scripts/check

clean:
	rm -rf $(VENV) var
