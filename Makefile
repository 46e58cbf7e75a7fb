# The two commands: `make run` and `make test`. Both set up everything they need.
PYTHON ?= python3
PYTEST ?= $(PYTHON) -m pytest -n 2 --dist worksteal
export PIP_DISABLE_PIP_VERSION_CHECK = 1
export PIP_ROOT_USER_ACTION = ignore
# Compiled bytecode is kept (under var/pycache, out of the tree), whatever the shell says:
# without it every process of the suite (two workers per database, each `koers` command a
# test starts) compiles Django and the tests again: about 12 s of CPU per process.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX = $(CURDIR)/var/pycache
STAMP = var/.installed

.PHONY: install run test test-sqlite test-postgres lint check bench bench-load browsers clean

install: $(STAMP)
$(STAMP): pyproject.toml
	mkdir -p var
	$(PYTHON) -m pip install -q -e '.[dev]'
	touch $@

# Debian's Chromium drives the browser tests (Playwright never downloads a browser);
# WeasyPrint needs Pango, pdftoppm renders PDF pages for the report tests; axe-core (npm,
# pinned in package-lock.json) checks every page state of the browser tests.
# Debian's npm is asked for only when there is no npm: a Node.js from elsewhere (NodeSource's
# package, say) brings its own npm, and apt refuses Debian's beside it ("held broken packages").
browsers:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && command -v npm >/dev/null && fc-list | grep -qi dejavu || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 \
	      $$(command -v npm >/dev/null || echo npm) >/dev/null; }
	@test package-lock.json -ot node_modules/.package-lock.json || npm ci --no-audit --no-fund --silent

run: install
	koers migrate --noinput
	koers collectstatic --noinput -v 0
	koers demo --if-empty
	koers serve

lint: install
	ruff check src tests
	ruff format --check src tests
	$(PYTHON) -m mypy

check: install
	koers makemigrations --check --dry-run
	koers check

test-sqlite: install browsers
	DATABASE_URL= $(PYTEST)

test-postgres: install browsers
	scripts/with-postgres --standby $(PYTEST)

test: lint check test-sqlite test-postgres

# every benchmark, written to docs/performance.md; the load run (bench/load.py) needs Locust
bench: install
	$(PYTHON) -m pip install -q -e '.[dev,bench]'
	$(PYTHON) bench/run.py

# the load benchmark alone (about half an hour; README "Development" for its settings)
bench-load: install
	$(PYTHON) -m pip install -q -e '.[dev,bench]'
	$(PYTHON) bench/run.py load

clean:
	rm -rf var/.installed var/static
