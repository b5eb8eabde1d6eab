# The two commands of the README: `make demo` runs the product, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test serve install bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Builds the demo district on SQLite under ./var, then serves it on http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/xiaoneng demo

serve: $(STAMP)
	$(BIN)/xiaoneng serve

# SQLite always; PostgreSQL again when XIAONENG_TEST_DATABASE_URL names a server (CI sets it).
test: $(STAMP)
	env -u XIAONENG_TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$XIAONENG_TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		$(BIN)/pytest -m "not browser"; \
	fi

bench: $(STAMP)
	for f in bench/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache
