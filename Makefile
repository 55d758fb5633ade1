# The two commands of the README: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run chat test lint check evaluate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## run the bot (terminal chat when no token is set)
	$(BIN)/python -m bot run --chat-fallback

chat: $(STAMP)  ## terminal chat through the same answer engine
	$(BIN)/python -m bot chat

test: $(STAMP)  ## every test, lint and type check
	$(BIN)/ruff check bot knowledge tests
	$(BIN)/ruff format --check bot knowledge tests
	$(BIN)/mypy
	$(BIN)/python -m knowledge check --complete
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/python -m knowledge check

evaluate: $(STAMP)
	$(BIN)/python -m knowledge evaluate

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
