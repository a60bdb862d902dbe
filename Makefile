# The two commands a new user runs: `make run` and `make test`; `make serve` for production.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
DEV_STAMP := $(VENV)/.dev-requirements-installed
HOST ?= 127.0.0.1:8000

.PHONY: run serve setup test test-sqlite test-postgres lint browser-deps test-tools postgres-deps clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (see README)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

## Set everything up on the embedded defaults (SQLite + Whoosh in var/). Every step is idempotent.
setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_gazetteers
	@# The seeds once, into a new archive: never again over one in use (a seed an editor deleted stays deleted).
	$(BIN)/python manage.py import_articles seeds/ --if-empty
	@# With DEBUG off: the hashed names and their manifest, which the production server needs.
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py build_index --if-needed

## Development server (DEBUG on).
run: setup
	@echo "Serving the archive on http://$(HOST)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST)

## Production server: gunicorn, several workers, DEBUG off (see README, "Deploying"). Plain HTTP on HOST
## unless told otherwise: behind a TLS proxy run `make serve DJANGO_SECURE_SSL_REDIRECT=1 DJANGO_BEHIND_PROXY=1`.
serve: DJANGO_SECURE_SSL_REDIRECT ?= 0
serve: setup
	@echo "Serving the archive with gunicorn on http://$(HOST)/ (Ctrl-C to stop)"
	DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=$(DJANGO_SECURE_SSL_REDIRECT) ARCHIVE_BIND=$(HOST) \
		$(BIN)/gunicorn --config archive/gunicorn.conf.py archive.wsgi

## Browser tests need Debian's chromium and chromium-driver; install them when missing (needs root or sudo).
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
		echo "chromium and chromedriver are installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	elif command -v sudo >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "warning: cannot install chromium (not root); browser tests will be skipped"; \
	fi

## Scanned PDFs are read by Debian's tesseract-ocr (English data included); installed when missing, so the OCR
## path is tested (needs root or sudo; without it the OCR test is skipped and says why).
.PHONY: ocr-deps
ocr-deps:
	@if command -v tesseract >/dev/null; then \
		echo "tesseract is installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null; \
	elif command -v sudo >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null; \
	else \
		echo "warning: cannot install tesseract-ocr (not root); the OCR test will be skipped"; \
	fi

## The checkers the suite runs on our pages: axe-core and the Nu HTML Checker, pinned in tests/tools/package.json
## (npm ci: the lock file's exact versions, no install scripts), and Java for the Nu checker (Debian's, when missing).
TOOLS := tests/tools
$(TOOLS)/node_modules/.installed: $(TOOLS)/package.json $(TOOLS)/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is required for the page checkers (see README)"; exit 1; }
	npm ci --prefix $(TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test-tools: $(TOOLS)/node_modules/.installed
	@if command -v java >/dev/null; then \
		true; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	elif command -v sudo >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "warning: cannot install Java (not root); the HTML validity test will fail"; \
	fi

## The whole suite: unit, view, importer, index, production-server and browser tests.
## DATABASE_URL selects the database (SQLite in a temporary directory when unset).
## TEST_WORKERS processes share it out (pytest-xdist; 0 runs it in this one). `--dist load` hands each worker its
## tests in collection order, where pytest-django puts the tests that empty the database (transactional ones)
## after the rest: grouping by file (`loadfile`) would run a file's tests after another's emptied the database.
TEST_WORKERS ?= 2
test: $(DEV_STAMP) browser-deps test-tools ocr-deps
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

## The same suite on SQLite, whatever DATABASE_URL says.
test-sqlite:
	env -u DATABASE_URL $(MAKE) test

## The same suite on PostgreSQL: a throwaway cluster in a temporary directory, removed afterwards
## (see .ci/with-postgres; Debian's postgresql is installed when missing, which needs root or sudo).
test-postgres: postgres-deps
	.ci/with-postgres $(MAKE) test

postgres-deps:
	.ci/with-postgres --install-only

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache $(TOOLS)/node_modules
