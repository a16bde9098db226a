# The two commands: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO_STORE ?= .newsgraph-demo

.PHONY: demo test test-scale lint typecheck check docs golden bench bench-quick bench-remote clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[server]'
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_STORE)
	$(BIN)/newsgraph --store $(DEMO_STORE) load examples/
	$(BIN)/newsgraph --store $(DEMO_STORE) query who-met-whom

test: $(DEVSTAMP)
	$(BIN)/ruff check loader tests benchmarks tools
	$(BIN)/vulture
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

# The remote stores on a 10,000-article synthetic corpus against the real Oxigraph server
# and Virtuoso (tests/test_remote_scale.py; `make test` runs it at 1,000). CI runs both.
test-scale: $(DEVSTAMP)
	NEWSGRAPH_REMOTE_ARTICLES=10000 $(BIN)/python -m pytest -q tests/test_remote_scale.py

# vulture: dead code (settings in pyproject.toml; names only libraries use: tools/vulture_whitelist.py)
lint: $(DEVSTAMP)
	$(BIN)/ruff check loader tests benchmarks tools
	$(BIN)/ruff format --check loader benchmarks tools
	$(BIN)/vulture

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

# The query tables of README.md and docs/queries.md (from the queries/*.rq headers) and
# docs/cli.md (from every command's --help). tests/test_docs.py fails when they are stale.
docs: $(DEVSTAMP)
	$(BIN)/python tools/gen_docs.py

# Rewrite every golden file from real runs: the canned queries' rows (tests/golden/) and
# the load's TriG (tests/fixtures/load/expected.trig). Review the diff before committing.
golden: $(DEVSTAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -n 2 tests/test_queries.py \
		tests/test_load.py::test_load_matches_golden_trig

bench-quick: $(DEVSTAMP)
	$(BIN)/python benchmarks/run.py --articles 1000

bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/run.py --articles 10000 --articles 100000
	$(BIN)/python benchmarks/remote_bench.py --articles 10000 --articles 100000

bench-remote: $(DEVSTAMP)
	$(BIN)/python benchmarks/remote_bench.py --articles 10000 --articles 100000

clean:
	rm -rf $(VENV) $(DEMO_STORE) .newsgraph build *.egg-info
