# Kẻ Sặt Xanh — the two commands are `make run` and `make test` (see README.md); `make dev`
# is `make run` with the reloader.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
export FLASK_APP := app

.PHONY: run dev local-setup test install translations extract-messages vendor browser-deps bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-nodeps.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed

## Compile the translation catalogues (.po → .mo); the .mo files are build products.
translations: install
	$(BIN)/pybabel compile -d app/translations --statistics

## Extract new messages and merge them into app/translations/vi (then translate them).
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --sort-by-file -o messages.pot --no-wrap --ignore-dirs ".* node_modules" --project "Ke Sat Xanh" .
	$(BIN)/pybabel update -i messages.pot -d app/translations --no-wrap --ignore-obsolete --no-fuzzy-matching
	rm -f messages.pot

## Copy htmx from its npm package into static/vendor (done once per upgrade; committed).
vendor: node_modules/.installed
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/htmx.min.js
	cp node_modules/htmx.org/LICENSE static/vendor/htmx/LICENSE

## Debian's Chromium for the browser tests (installed when missing and we are root).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Browser tests need Debian's Chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# Development settings for the local server: SQLite in instance/, a random key kept in
# instance/secret_key, plain-HTTP cookies, 127.0.0.1 and localhost answered (app/config.py).
LOCAL := APP_ENV=development

## Set-up shared by run and dev: migrate, sync content/, load the demo data once.
local-setup: install translations
	$(LOCAL) $(BIN)/flask db upgrade
	$(LOCAL) $(BIN)/flask content sync
	$(LOCAL) $(BIN)/flask demo load --if-empty

## The portal with demo data on SQLite at http://127.0.0.1:5000, under gunicorn (production server).
run: local-setup
	$(LOCAL) GUNICORN_BIND=127.0.0.1:5000 $(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app

## The same with Flask's development server: reloads on code changes, debugger on errors.
dev: local-setup
	$(LOCAL) $(BIN)/flask run --debug --host 127.0.0.1 --port 5000

## The whole suite, browser tests included (TEST_DATABASE_URL=postgresql://… for PostgreSQL).
test: install translations node_modules/.installed browser-deps
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

## Throughput and latency of the main pages under gunicorn with the demo data.
bench: install translations
	$(BIN)/python -m tools.bench

clean:
	rm -rf $(VENV) node_modules .pytest_cache artifacts
