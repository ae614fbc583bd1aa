# Two commands for a newcomer: `make site` and `make test` (each installs what it needs).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= data
SITE ?= site

.PHONY: site test serve validate browser checkers golden bench clean upgrade

# Exact versions from requirements.lock (the ones the tests passed with), then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

## Refresh requirements.lock to the newest versions pyproject.toml allows; then make test, and commit both
upgrade:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --upgrade --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml
	sed -i 's|^#    pip-compile .*|#    make upgrade|' requirements.lock

## Build the site from $(DATA) into $(SITE)
site: $(VENV)/.installed
	$(PY) -m generator build --data $(DATA) --site $(SITE)

## Check the data and list every error and warning
validate: $(VENV)/.installed
	$(PY) -m generator validate --data $(DATA)

## Live preview at http://127.0.0.1:8000/ (edits to data/ refresh the page)
serve: $(VENV)/.installed
	$(PY) -m generator serve --data $(DATA)

## Debian's Chromium for the browser tests (no browser download by test tools), poppler-utils for the print test
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium mancante: installarlo con 'sudo apt-get install chromium'"; exit 1; fi; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "pdftotext mancante: installarlo con 'sudo apt-get install poppler-utils'"; exit 1; fi; }

## The conformance checkers the tests run: Java for the Nu HTML checker, and the npm
## packages pinned in package-lock.json (vnu-jar, html_codesniffer). --ignore-scripts:
## vnu-jar's install script would download a Java of its own.
checkers: node_modules/.installed
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Java mancante: installarlo con 'sudo apt-get install default-jre-headless'"; exit 1; fi; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm mancante: installarlo con 'sudo apt-get install nodejs npm'"; exit 1; fi; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## Run the whole test suite (unit, golden, built site, browser, Nu, axe, HTML_CodeSniffer)
test: $(VENV)/.installed browser checkers
	$(PY) -m pytest -q

## Refresh the golden pages after an intended change (review the diff!)
golden: $(VENV)/.installed
	$(PY) -m pytest -q tests/test_golden.py --update-golden

## Print build timings and memory for YEARS synthetic years (not a test): make bench YEARS=1,3,10,20
YEARS ?= 10
bench: $(VENV)/.installed
	$(PY) scripts/bench.py --years $(YEARS)

clean:
	rm -rf $(SITE) .cache build
