# Two commands on a fresh machine with Python 3.11 and make:
#   make run    set everything up and serve the portal with demo data on SQLite
#   make test   install the test dependencies and run the whole suite
# Running either again is safe: each step only does what is missing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# `make test` runs the suite in this many pytest-xdist workers; 0 runs it in one process.
TEST_WORKERS ?= 2

.PHONY: run serve demo-cluster bench bench-pg test install install-dev setup lint format translations messages clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A local .env with a fresh secret key and DEBUG on; never overwritten once made.
.env:
	$(PYTHON) scripts/make_local_env.py $@

translations: $(VENV)/.installed .env
	$(PY) manage.py compile_translations --verbosity 0

# The local demo: fictional data may be loaded, and every page says so (DEMO_SITE).
setup run: export DEMO_SITE = true
setup: install translations
	$(PY) manage.py createcachetable
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py local_admin

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# As in production, on this machine: DEBUG off, collected static files served by
# WhiteNoise, uploads by the app (SERVE_MEDIA), gunicorn with deploy/gunicorn.conf.py.
# Plain HTTP on loopback, so no HTTPS redirect and no Secure-only cookies here.
serve: export DEBUG = false
serve: export SERVE_MEDIA = true
serve: export SECURE_SSL_REDIRECT = false
serve: export SECURE_COOKIES = false
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export SITE_URL ?= http://$(HOST):$(PORT)
serve: install translations
	$(PY) manage.py createcachetable
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_wilayah
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving as in production on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py balikpapan_umkm.wsgi

# Several app servers, as on several machines, all on loopback: PostgreSQL, Redis, an S3
# server (moto), two gunicorns and nginx (deploy/cluster.py). Ctrl+C stops and deletes it.
demo-cluster: install-dev translations
	scripts/system_packages.sh --postgresql
	$(PY) -m deploy.cluster

# The benchmark at 30,000 products, with and without the page cache, written to BENCHMARK.md
# (scripts/bench_report.sh; about eight minutes each; needs a clean working tree).
bench: install translations
	scripts/bench_report.sh sqlite
bench-pg: install translations
	scripts/bench_report.sh postgresql

# Python keeps compiled modules, and pytest its assert-rewritten test modules, in the
# __pycache__ folders git ignores. A machine that sets PYTHONDONTWRITEBYTECODE (some
# containers do) would otherwise compile and rewrite every module again in each worker
# on every run: 2 s of each worker's start.
test: export PYTHONDONTWRITEBYTECODE =
test: install-dev translations
	scripts/system_packages.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	@# The deployment checklist with production settings: HTTPS, HSTS, cookies, a real key.
	DEBUG=false ALLOWED_HOSTS=sentra.example.id SITE_URL=https://sentra.example.id \
	  SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	@# The suite: models, pages, back office, and the browser tests in Chromium, in
	@# pytest-xdist workers, each with its own test database, demo data, live servers and
	@# Chromium. `--dist load` hands tests out in pytest-django's order, so in each worker
	@# the tests that read the committed demo data (`reading_page`) still run before any
	@# transactional test empties it; one at a time, so that no worker is left with a queue
	@# of slow browser tests while the other has finished.
	$(PY) -m pytest -m "not production" -n $(TEST_WORKERS) --dist load --maxschedchunk 1 \
	  $(PYTEST_ARGS)
	@# The production start on loopback: nginx, two gunicorn app servers, Redis, an S3
	@# bucket; shared state, failover, backup and restore, and a bounded load test.
	$(PY) -m pytest -m production $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract translatable strings (needs GNU gettext; only when strings change).
messages: install
	$(PY) manage.py makemessages --locale id --locale en --ignore '.venv/*' --ignore 'media/*'

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
