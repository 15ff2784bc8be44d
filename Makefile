# Set-up and everyday commands. `make ingest-sample` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint ingest-sample serve bench bench-query bench-load eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest
	$(MAKE) --no-print-directory eval

ingest-sample: install
	$(BIN)/delib ingest corpus/sample

# The web app; the sample corpus is indexed first when the index holds no deliberation.
serve: install
	@$(BIN)/delib stats --json 2>/dev/null | $(BIN)/python -c "import json, sys; \
		sys.exit(0 if json.load(sys.stdin)['deliberations'] else 1)" 2>/dev/null \
		|| $(BIN)/delib ingest corpus/sample
	$(BIN)/delib serve

bench: install
	$(BIN)/python -m benchmarks.ingest

bench-query: install
	$(BIN)/python -m benchmarks.query

bench-load: install
	$(BIN)/python -m benchmarks.load

eval: install
	$(BIN)/delib eval eval/questions/sample.jsonl --corpus corpus/sample --out eval-out/sample \
		--thresholds eval/thresholds.json

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
