# Forty2 — two commands on a fresh machine: `make run` and `make test`.
# `make run` installs what running needs (requirements.lock, npm ci --omit=dev); `make test`, `make lint` and
# `make audit` add the tests, lint and audit tools and the S3 extra (requirements-dev.lock, the full npm ci).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv (docs.astral.sh/uv), when installed, makes the venv and installs the same hash-checked locks in seconds; pip
# otherwise, or with `make run UV=` (e.g. where only pip's configured index is reachable). Both byte-compile, as
# pip does by default: with PYTHONDONTWRITEBYTECODE set, every process would otherwise compile what it imports.
UV ?= $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
VENV_CREATE := $(PYTHON) -m venv $(VENV)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
else
VENV_CREATE := $(UV) venv --quiet --seed --python $(PYTHON) $(VENV)
PIP := $(UV) pip install --quiet --compile-bytecode --python $(BIN)/python
endif
NPM_CI := npm ci --no-audit --no-fund --silent
export FORTY2_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000
# the address links point to (the demo's invitation link, mails): where `make run` serves unless set in the environment
FORTY2_SITE_URL ?= http://$(HOST):$(PORT)
DEMO_PASSWORD ?= forty2-demo-password
# `make test BROWSER=skip`: do not apt-get install Chromium when running as root (the browser tests are skipped)
BROWSER ?= install
PYTEST_ARGS ?=

.PHONY: setup setup-dev run test lint audit bench demo assets assets-dev bytecode migrate clean browser pdf-libs

setup: pdf-libs $(VENV)/.installed assets bytecode migrate ## venv, runtime dependencies, front-end assets, migrations (idempotent)

setup-dev: $(VENV)/.installed-dev assets-dev ## setup plus the tests, lint and audit tools and the S3 extra

# runtime only: requirements.lock, with hashes (uv pip compile pyproject.toml, see its first lines)
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(VENV_CREATE)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps -e .
	touch $@

# the same pins plus the dev and s3 extras: requirements-dev.lock
$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PIP) --require-hashes -r requirements-dev.lock
	touch $@

# npm ci empties node_modules first, so each stamp lives inside it and goes with what it describes
node_modules/.forty2-runtime: package-lock.json
	$(NPM_CI) --omit=dev
	touch $@

node_modules/.forty2-dev: package-lock.json
	$(NPM_CI)
	touch $@ node_modules/.forty2-runtime

forty2/static/forty2/vendor/htmx.min.js: node_modules/.forty2-runtime
	mkdir -p forty2/static/forty2/vendor
	cp node_modules/htmx.org/dist/htmx.min.js forty2/static/forty2/vendor/htmx.min.js

assets: forty2/static/forty2/vendor/htmx.min.js ## htmx, vendored from package-lock.json (no CDN)

assets-dev: node_modules/.forty2-dev assets ## plus oidc-provider, the OpenID Connect provider of the SSO tests

# Forty2's own modules byte-compiled once (only what changed since): where PYTHONDONTWRITEBYTECODE is set, every
# process of `make run` (migrate, demo, serve, its web workers and the job worker) would otherwise compile about
# 300 modules again. The dependencies are compiled when installed (--compile-bytecode).
bytecode: $(VENV)/.installed
	$(BIN)/python -m compileall -q -j 0 forty2 >/dev/null

migrate: $(VENV)/.installed bytecode
	$(BIN)/forty2 migrate --verbosity 0

demo: setup
	FORTY2_SITE_URL='$(FORTY2_SITE_URL)' FORTY2_DEMO_PASSWORD=$(DEMO_PASSWORD) $(BIN)/forty2 demo

run: demo ## set up, load the demo organisations and serve on http://$(HOST):$(PORT) (default 127.0.0.1:8000)
	@echo ""
	@echo "  Forty2 demo: $(FORTY2_SITE_URL)/"
	@echo "  Sign in as admin@acme.example (or admin@globex.example) with password: $(DEMO_PASSWORD)"
	@echo ""
	FORTY2_SITE_URL='$(FORTY2_SITE_URL)' $(BIN)/forty2 serve --host $(HOST) --port $(PORT)

# the system libraries WeasyPrint loads for PDF reports (forty2/reports/render.py PDF_PACKAGES; docs/operations.md):
# apt-get installs them as root when Pango is missing; otherwise PDF reports answer what to install (DOCX and
# XLSX reports work without them). `make setup PDF_LIBS=skip` leaves them alone.
PDF_LIBS ?= install
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core
pdf-libs: ## Pango, HarfBuzz and a font for PDF reports: apt-get installs them when missing, as root
	@ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || { \
	  if [ "$(PDF_LIBS)" != install ]; then \
	    echo "make setup: PDF_LIBS=$(PDF_LIBS): Pango missing, PDF reports will say what to install"; \
	  elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "  installing Debian's $(PDF_PACKAGES) for PDF reports (WeasyPrint)"; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  else echo "make setup: Pango missing and not root: install $(PDF_PACKAGES) for PDF reports"; fi; }

browser: ## Debian's chromium and chromium-driver for the browser tests: apt-get installs them when missing, as root
	@command -v chromedriver >/dev/null 2>&1 || { \
	  if [ "$(BROWSER)" != install ]; then \
	    echo "make test: BROWSER=$(BROWSER): chromedriver missing, the browser tests will be skipped"; \
	  elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo ""; \
	    echo "  make test runs as root and chromedriver is missing: installing Debian's packages chromium and"; \
	    echo "  chromium-driver with apt-get (system-wide, a few hundred MB) for the browser tests (tests/browser)."; \
	    echo "  Not wanted? Press Ctrl-C now and run  make test BROWSER=skip  (the browser tests are then skipped)."; \
	    echo ""; \
	    if [ -t 0 ]; then sleep 5; fi; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
	      && echo "  installed: $$(command -v chromium) $$(command -v chromedriver)"; \
	  else echo "make test: chromium/chromedriver missing and not root: the browser tests will be skipped"; fi; }

# --dist worksteal: each process starts on its own half of the suite, in order, and takes tests from the other's
# queue once its own is empty; a module's tests therefore mostly run in one process, which builds the module's
# fixtures once (the isolation and fuzzing world of tests/security/world.py, a demo) instead of in both
test: setup-dev browser pdf-libs ## the whole suite (SQLite unless DATABASE_URL is set)
	$(BIN)/python -m pytest -n 2 --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## ruff, then the layering contracts in pyproject.toml (import-linter)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

audit: $(VENV)/.installed-dev ## supply chain: bandit, pip-audit over both lock files, npm audit (tools/supply_chain.py)
	$(BIN)/python tools/supply_chain.py

# PostgreSQL server where `make bench` may create (and drops) two scratch databases; none answering: SQLite only
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432
BENCH_ARGS ?=

bench: setup ## Forty2 / the bare floor (bench/floor/): p50 and SQL statements per call, SQLite and PostgreSQL
	BENCH_POSTGRES='$(BENCH_POSTGRES)' $(BIN)/python bench/faces.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var forty2/static/forty2/vendor
