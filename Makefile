# Two commands for a fresh machine: `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run PORT=8001` serves on another port; links and emails follow (SITE_URL), unless
# SITE_URL is set by hand.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run demo test check lock browser-deps test-clients fonts clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exactly the versions in the lock files, checked against their hashes; then the site itself.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps .
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed fonts
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_series --upcoming
	@echo "Emails are delivered to this console by the worker running beside the server."
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py send_queued_email & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A demo of its own, rebuilt from nothing each time (var/demo, never var/db.sqlite3 nor the
# DATABASE_URL you may have set): seminars in which things have happened, and staff accounts
# whose passwords it prints. Never in production (the commands refuse).
DEMO_VAR ?= var/demo
DEMO_ENV = DJANGO_VAR_DIR=$(DEMO_VAR) DATABASE_URL= SITE_URL=$(SITE_URL)
demo: $(VENV)/.installed fonts
	rm -rf $(DEMO_VAR)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_series --upcoming
	$(DEMO_ENV) $(BIN)/python manage.py build_demo
	@echo "Emails are delivered to this console by the worker running beside the server."
	export $(DEMO_ENV); \
	$(BIN)/python manage.py send_queued_email & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

browser-deps:
	@scripts/ensure-chromium

# Noto fonts (Debian, SIL Open Font License): certificates print names in any script.
fonts:
	@scripts/ensure-fonts

test-clients:
	@scripts/ensure-clients

test: $(VENV)/.installed-dev browser-deps test-clients fonts
	$(BIN)/pytest

# Formatting, lint, template style and migrations.
check: $(VENV)/.installed-dev
	scripts/check

# After changing the dependencies in pyproject.toml: pin them again, with hashes, for Linux
# x86-64 and Python 3.11 (these machines). Keeps every pin it can; `make lock UPGRADE=1` for the
# newest versions the ranges allow.
lock: $(VENV)/.installed-dev
	scripts/lock $(if $(UPGRADE),--upgrade)

clean:
	rm -rf $(VENV) var
