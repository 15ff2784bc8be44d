# Set-up and everyday commands. `make ingest-sample` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install tesseract test lint ingest-sample serve bench bench-query bench-multi bench-load bench-ocr eval eval-multi clean

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

install: $(STAMP) tesseract

# OCR of scanned PDFs: Debian's Tesseract and its French model, installed when missing; without
# them (no apt, no root) the rest works and scanned PDFs are reported unread.
tesseract:
	@tesseract --list-langs 2>/dev/null | grep -qx fra || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-fra > /dev/null; } || \
		echo "Tesseract non installé : les PDF scannés ne seront pas lus par OCR" \
		"(apt-get install tesseract-ocr tesseract-ocr-fra)." >&2

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

bench-multi: install
	$(BIN)/python -m benchmarks.multi_query

bench-load: install
	$(BIN)/python -m benchmarks.load

bench-ocr: install
	$(BIN)/python -m benchmarks.ocr

# The quality gate: the sample set, then the part of the multi-authority "check" side that fits
# in CI (authorities whose texts weigh at most 400 KB), each against its thresholds.
eval: install
	$(BIN)/delib eval eval/questions/sample.jsonl --corpus corpus/sample --out eval-out/sample \
		--thresholds eval/thresholds.json
	$(BIN)/python eval/datasets/subset.py check eval-out/check-ci/data --max-kb 400 --texts
	$(BIN)/delib eval eval-out/check-ci/data/questions.jsonl --corpus eval-out/check-ci/data/texts \
		--out eval-out/check-ci --thresholds eval/thresholds-check.json

# Both sides of the multi-authority set on every text (tune and check share one index; long).
eval-multi: install
	$(BIN)/python eval/datasets/subset.py tune eval-out/multi/tune-data
	$(BIN)/python eval/datasets/subset.py check eval-out/multi/check-data
	$(BIN)/delib eval eval-out/multi/tune-data/questions.jsonl --corpus eval/datasets/multi/texts \
		--out eval-out/multi/tune
	DELIB_DATA_DIR=eval-out/multi/tune/index $(BIN)/delib eval \
		eval-out/multi/check-data/questions.jsonl --out eval-out/multi/check

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
