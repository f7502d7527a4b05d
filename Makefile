# Two commands: `make run` (set up, build the index if there is none, serve the page) and
# `make test` (set up, run the tests). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX_DIR ?= index_data
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: run test lint index fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Builds the index from corpus/ when there is none, then pulls the PubMed literature that
# corpus/literature.toml names; without network the sync says so and the page serves what exists.
index: $(VENV)/.installed
	@if [ -f "$(INDEX_DIR)/CURRENT" ]; then \
		echo "index found in $(INDEX_DIR)/"; \
	else \
		$(BIN)/python -m ingest build --corpus corpus --index "$(INDEX_DIR)"; \
	fi
	@$(BIN)/python -m ingest sync --index "$(INDEX_DIR)" || \
		echo "literature sync incomplete (see above): serving the index as it is"

# Serves on this machine only (http://127.0.0.1:8501); `make run HOST=0.0.0.0` serves others.
run: index
	KLS_INDEX_DIR="$(INDEX_DIR)" $(BIN)/streamlit run app.py --server.headless true \
		--browser.gatherUsageStats false --server.address $(HOST) --server.port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

# The property tests with thousands of random and adversarial inputs each (`make test` runs the
# same tests with a small fixed budget).
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -m fuzz tests/test_fuzz_ingest.py

# ruff (rules E, F, B, SIM, UP, I; line length 100) and mypy, both configured in pyproject.toml.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy .
