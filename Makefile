# Forty2 — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FORTY2_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= forty2-demo-password
PYTEST_ARGS ?=

.PHONY: setup run test lint audit bench demo assets migrate clean browser

setup: $(VENV)/.installed assets migrate ## venv, locked dependencies, front-end assets, migrations (idempotent)

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

forty2/static/forty2/vendor/htmx.min.js: package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p forty2/static/forty2/vendor
	cp node_modules/htmx.org/dist/htmx.min.js forty2/static/forty2/vendor/htmx.min.js

assets: forty2/static/forty2/vendor/htmx.min.js

migrate: $(VENV)/.installed
	$(BIN)/forty2 migrate --verbosity 0

demo: setup
	FORTY2_DEMO_PASSWORD=$(DEMO_PASSWORD) $(BIN)/forty2 demo

run: demo ## set up, load the demo organisations and serve on http://127.0.0.1:8000
	@echo ""
	@echo "  Forty2 demo: http://$(HOST):$(PORT)/"
	@echo "  Sign in as admin@acme.example (or admin@globex.example) with password: $(DEMO_PASSWORD)"
	@echo ""
	$(BIN)/forty2 serve --host $(HOST) --port $(PORT)

browser: ## Debian's chromium and chromedriver for the browser tests (installed when missing, as root)
	@command -v chromedriver >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium/chromedriver missing and not root: the browser tests will be skipped"; fi; }

test: $(VENV)/.installed assets browser ## the whole suite (SQLite unless DATABASE_URL is set)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff, then the layering contracts in pyproject.toml (import-linter)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

audit: $(VENV)/.installed ## supply chain: bandit, pip-audit over requirements.lock, npm audit (tools/supply_chain.py)
	$(BIN)/python tools/supply_chain.py

bench: setup ## the API latency benchmark (SQLite; see docs/operations.md for the others)
	$(BIN)/python bench/api_latency.py

clean:
	rm -rf $(VENV) node_modules var forty2/static/forty2/vendor
