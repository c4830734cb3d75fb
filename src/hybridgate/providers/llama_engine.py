"""The embedded model's engine, run inside its worker process (model_worker.py), never in the
gateway: a GGUF file on llama.cpp, answering OpenAI chat-completion bodies with OpenAI chunks.

What llama.cpp can honour is honoured: sampling (temperature, top_p, seed, penalties,
logit_bias), `stop`, JSON output (`response_format` json_object or json_schema, through a
grammar) and tool calls (a named or required tool through a grammar over its parameters; with
`auto`, the model may answer with a tool-call object, recognised after generation). Fields
that change nothing for a local model are accepted and ignored; anything else is refused with
a 400 naming the field, before any work is done.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llama_cpp import Llama, LlamaGrammar
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

DEFAULT_MAX_TOKENS = 256
# llama-cpp-python's own defaults: a 135M model rambles at OpenAI's temperature 1.0.
DEFAULT_TEMPERATURE = 0.2
DEFAULT_TOP_P = 0.95

#: Fields read and honoured.
HONOURED = frozenset(
    {
        "model",
        "messages",
        "max_tokens",
        "max_completion_tokens",
        "temperature",
        "top_p",
        "stop",
        "seed",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "response_format",
        "tools",
        "tool_choice",
        "stream",
        "stream_options",
        "n",
    }
)
#: Fields that change nothing for a local model: accepted, ignored.
IGNORED = frozenset(
    {
        "metadata",
        "store",
        "user",
        "parallel_tool_calls",
        "service_tier",
        "reasoning_effort",
        "prompt_cache_key",
        "safety_identifier",
    }
)
#: Every request field the engine accepts (what the gateway routes here, see local_llama.py).
ACCEPTED = HONOURED | IGNORED


class BadRequest(Exception):
    """The request cannot be served as sent (a 400 naming `param`)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


@dataclass
class Prepared:
    """A validated request, ready to generate: the prompt's tokens and the sampling set-up."""

    prompt_tokens: list[int]
    max_tokens: int
    sampling: dict[str, Any]
    stop: list[str]
    grammar: LlamaGrammar | None = None
    #: "text": stream text; "json": text under a grammar; "tool:NAME": the output is NAME's
    #: arguments; "tool:*": the output is {"name", "arguments"}; "maybe_tool": text, unless
    #: the whole answer is a tool-call object.
    mode: str = "text"
    tool_names: frozenset[str] = frozenset()
    stream: bool = False
    include_usage: bool = False
    created: int = field(default_factory=lambda: int(time.time()))
    id: str = field(default_factory=lambda: "chatcmpl-" + secrets.token_hex(12))


def _text(content: object, where: str) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        pieces: list[str] = []
        for part in content:
            if not isinstance(part, dict):
                raise BadRequest(f"{where}: content parts must be objects", where)
            if part.get("type") == "text":
                pieces.append(str(part.get("text", "")))
            elif part.get("type") in ("image_url", "input_image", "image"):
                raise BadRequest("this model cannot read images", "messages")
            else:
                raise BadRequest(f"{where}: unsupported content part {part.get('type')!r}", where)
        return "".join(pieces)
    raise BadRequest(f"{where}: content must be a string or a list of parts", where)


def _tool_call_text(name: str, arguments: str) -> str:
    return json.dumps({"name": name, "arguments": json.loads(arguments or "{}")})


def template_messages(body: dict[str, Any]) -> list[dict[str, str]]:
    """OpenAI messages as chat-template input; tool traffic becomes the text the model was told
    to use (a tool result becomes user text: small templates have no tool role)."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("'messages' must be a non-empty list", "messages")
    out: list[dict[str, str]] = []
    for i, m in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(m, dict):
            raise BadRequest(f"{where} must be an object", where)
        role = m.get("role")
        text = _text(m.get("content"), where)
        if role == "tool":
            label = m.get("name") or m.get("tool_call_id") or "tool"
            out.append({"role": "user", "content": f"Result of {label}:\n{text}"})
            continue
        if role not in ("system", "developer", "user", "assistant"):
            raise BadRequest(f"{where}.role: unknown role {role!r}", f"{where}.role")
        calls = m.get("tool_calls") or []
        try:
            called = [
                _tool_call_text(c["function"]["name"], c["function"].get("arguments") or "{}")
                for c in calls
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise BadRequest(f"{where}.tool_calls: malformed ({exc})", where) from None
        content = "\n".join(t for t in (text, *called) if t)
        out.append({"role": "system" if role == "developer" else role, "content": content})
    return out


def _tools(body: dict[str, Any]) -> list[dict[str, Any]]:
    tools = body.get("tools") or []
    if not isinstance(tools, list):
        raise BadRequest("'tools' must be a list", "tools")
    functions = []
    for i, tool in enumerate(tools):
        fn = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise BadRequest(f"tools[{i}] must be a function with a name", f"tools[{i}]")
        functions.append(fn)
    return functions


def _tool_prompt(functions: list[dict[str, Any]]) -> str:
    listed = "\n".join(
        json.dumps(
            {
                "name": f["name"],
                "description": f.get("description") or "",
                "parameters": f.get("parameters") or {"type": "object", "properties": {}},
            }
        )
        for f in functions
    )
    return (
        "You can call these tools:\n"
        f"{listed}\n"
        'To call one, answer with only a JSON object: {"name": <tool name>, "arguments": {...}}.'
    )


class ChatEngine:
    """One loaded model; `generate` runs one request at a time on the caller's thread."""

    def __init__(self, path: Path, n_ctx: int, threads: int | None = None) -> None:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import CHATML_CHAT_TEMPLATE, Jinja2ChatFormatter

        if threads is None:
            # Half the CPUs we may use (llama-cpp-python's own default): llama.cpp threads spin
            # at each barrier, so claiming every core starves the gateway on a shared host.
            usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
            threads = max(1, (usable or os.cpu_count() or 1) // 2)
        self.n_ctx = n_ctx
        self.llama: Llama = Llama(
            model_path=str(path),
            n_ctx=n_ctx,
            n_threads=threads,
            n_threads_batch=threads,
            verbose=False,
        )
        llama = self.llama
        eos = llama.token_eos()
        self._template: Jinja2ChatFormatter = Jinja2ChatFormatter(
            template=llama.metadata.get("tokenizer.chat_template", CHATML_CHAT_TEMPLATE),
            eos_token=llama.detokenize([eos], special=True).decode(),
            bos_token=llama.detokenize([llama.token_bos()], special=True).decode(),
            stop_token_ids=[eos],
        )

    def count(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode(), add_bos=False, special=True))

    # ------------------------------------------------------------------ validation

    def prepare(self, body: dict[str, Any]) -> Prepared:
        """Checks every field and builds what generation needs; raises BadRequest."""
        for name, value in body.items():
            if name not in ACCEPTED and value is not None:
                raise BadRequest(f"parameter '{name}' is not supported by this model", name)
        if body.get("logprobs"):
            raise BadRequest(
                "parameter 'logprobs' is not supported by this model", "logprobs"
            )  # llama.cpp would keep logits for every position: ~800 MB at 4K context
        if body.get("n") not in (None, 1):
            raise BadRequest("parameter 'n': only n=1 is supported", "n")
        messages = template_messages(body)
        functions = _tools(body)
        mode, grammar_schema, names = self._tool_mode(body, functions)
        if mode != "text" and functions:
            messages = [{"role": "system", "content": _tool_prompt(functions)}, *messages]
        if mode == "text":
            mode, grammar_schema = self._response_format(body)
        rendered = self._template(messages=messages)  # type: ignore[arg-type]
        prompt = self.llama.tokenize(
            rendered.prompt.encode(), add_bos=not rendered.added_special, special=True
        )
        room = self.n_ctx - len(prompt)
        if room <= 0:
            raise BadRequest(
                f"the prompt is {len(prompt)} tokens; this model's context is {self.n_ctx} tokens",
                "messages",
            )
        requested = body.get("max_completion_tokens") or body.get("max_tokens")
        if requested is not None and (not isinstance(requested, int) or requested < 1):
            raise BadRequest("max_tokens must be a positive integer", "max_tokens")
        stop = body.get("stop") or []
        stop = [stop] if isinstance(stop, str) else list(stop)
        if rendered.stop:
            stop += rendered.stop if isinstance(rendered.stop, list) else [rendered.stop]
        options = body.get("stream_options") or {}
        return Prepared(
            prompt_tokens=prompt,
            max_tokens=min(requested or DEFAULT_MAX_TOKENS, room),
            sampling=self._sampling(body),
            stop=stop,
            grammar=self._grammar(grammar_schema) if grammar_schema is not None else None,
            mode=mode,
            tool_names=names,
            stream=bool(body.get("stream")),
            include_usage=bool(isinstance(options, dict) and options.get("include_usage")),
        )

    def _tool_mode(
        self, body: dict[str, Any], functions: list[dict[str, Any]]
    ) -> tuple[str, dict[str, Any] | None, frozenset[str]]:
        names = frozenset(f["name"] for f in functions)
        choice = body.get("tool_choice")
        if not functions:
            if choice not in (None, "none", "auto"):
                raise BadRequest("tool_choice needs tools", "tool_choice")
            return "text", None, names
        if choice in (None, "auto"):
            return "maybe_tool", None, names
        if choice == "none":
            return "text", None, names
        if choice == "required":
            schema = {
                "anyOf": [
                    {
                        "type": "object",
                        "properties": {
                            "name": {"const": f["name"]},
                            "arguments": f.get("parameters") or {"type": "object"},
                        },
                        "required": ["name", "arguments"],
                    }
                    for f in functions
                ]
            }
            return "tool:*", schema, names
        if isinstance(choice, dict):
            name = (choice.get("function") or {}).get("name")
            chosen = next((f for f in functions if f["name"] == name), None)
            if chosen is None:
                raise BadRequest(
                    f"tool_choice names {name!r}, which is not in tools", "tool_choice"
                )
            return f"tool:{name}", chosen.get("parameters") or {"type": "object"}, names
        raise BadRequest(f"tool_choice {choice!r} is not supported", "tool_choice")

    def _response_format(self, body: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
        fmt = body.get("response_format")
        if fmt is None:
            return "text", None
        kind = fmt.get("type") if isinstance(fmt, dict) else None
        if kind == "text":
            return "text", None
        if kind == "json_object":
            return "json", fmt.get("schema") or {"type": "object"}
        if kind == "json_schema":
            spec = fmt.get("json_schema")
            if not isinstance(spec, dict) or not isinstance(spec.get("schema", {}), dict):
                raise BadRequest("response_format.json_schema needs a schema", "response_format")
            return "json", spec.get("schema") or {"type": "object"}
        raise BadRequest(f"response_format type {kind!r} is not supported", "response_format")

    def _grammar(self, schema: dict[str, Any]) -> LlamaGrammar:
        from llama_cpp import LlamaGrammar

        try:
            return LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
        # The converter raises whatever it meets; all of it means "this schema is not usable".
        except Exception as exc:
            raise BadRequest(
                f"the JSON schema cannot be enforced: {exc}", "response_format"
            ) from None

    @staticmethod
    def _sampling(body: dict[str, Any]) -> dict[str, Any]:
        def number(name: str, default: float, low: float, high: float) -> float:
            value = body.get(name)
            if value is None:
                return default
            if not isinstance(value, int | float) or not low <= value <= high:
                raise BadRequest(f"{name} must be a number from {low:g} to {high:g}", name)
            return float(value)

        seed = body.get("seed")
        if seed is not None and not isinstance(seed, int):
            raise BadRequest("seed must be an integer", "seed")
        bias = body.get("logit_bias") or {}
        try:
            logit_bias = {int(k): float(v) for k, v in bias.items()}
        except (AttributeError, TypeError, ValueError):
            raise BadRequest("logit_bias maps token ids to numbers", "logit_bias") from None
        return {
            "temperature": number("temperature", DEFAULT_TEMPERATURE, 0, 2),
            "top_p": number("top_p", DEFAULT_TOP_P, 0, 1),
            "presence_penalty": number("presence_penalty", 0.0, -2, 2),
            "frequency_penalty": number("frequency_penalty", 0.0, -2, 2),
            "seed": None if seed is None else seed & 0xFFFFFFFF,
            "logit_bias": logit_bias or None,
        }

    # ------------------------------------------------------------------ generation

    def generate(
        self, request: Prepared, stopped: threading.Event, progress: Callable[[], None]
    ) -> Iterator[dict[str, Any]]:
        """OpenAI `chat.completion.chunk` objects; the last carries usage. `progress` is called
        at every token (the worker's stall watchdog reads it); `stopped` ends it early."""
        if request.sampling["seed"] is not None:
            # Reproducible as asked: evaluating only the part of the prompt that differs from
            # the last one (llama.cpp's prefix reuse) takes another numerical path, and a
            # greedy pick can flip between near-equal tokens.
            self.llama.reset()
        chunks: Iterator[Any] = self.llama.create_completion(  # type: ignore[assignment]
            prompt=request.prompt_tokens,
            max_tokens=request.max_tokens,
            stop=request.stop,
            stream=True,
            grammar=request.grammar,
            **request.sampling,
        )
        buffered = request.mode not in ("text", "json")  # tool calls are known at the end
        text: list[str] = []
        reason = "stop"
        try:
            for chunk in chunks:
                progress()
                if stopped.is_set():
                    return
                choice = chunk["choices"][0]
                piece = choice.get("text") or ""
                if piece:
                    text.append(piece)
                    if not buffered:
                        yield self._chunk(request, {"content": piece})
                if choice.get("finish_reason") is not None:
                    reason = "length" if choice["finish_reason"] == "length" else "stop"
        finally:
            chunks.close()  # type: ignore[attr-defined]  # a generator: ends llama's loop now
        output = "".join(text)
        if buffered:
            call = self._tool_call(request, output)
            if call is not None:
                yield self._chunk(request, {"tool_calls": [call]})
                reason = "tool_calls"
            elif output:
                yield self._chunk(request, {"content": output})
        yield self._chunk(request, {}, finish_reason=reason)
        usage = {
            "prompt_tokens": len(request.prompt_tokens),
            "completion_tokens": self.count(output) if output else 0,
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        yield {**self._chunk(request, None), "choices": [], "usage": usage}

    @staticmethod
    def _tool_call(request: Prepared, output: str) -> dict[str, Any] | None:
        mode = request.mode
        if mode in ("text", "json"):
            return None
        if mode.startswith("tool:") and mode != "tool:*":
            name, arguments = mode[5:], output.strip() or "{}"
        else:
            candidate = output.strip().removeprefix("<tool_call>").removesuffix("</tool_call>")
            candidate = candidate.strip().removeprefix("```json").strip("`").strip()
            try:
                parsed = json.loads(candidate)
            except ValueError:
                return None
            if not (
                isinstance(parsed, dict)
                and parsed.get("name") in request.tool_names
                and isinstance(parsed.get("arguments", {}), dict)
            ):
                return None
            name, arguments = parsed["name"], json.dumps(parsed.get("arguments", {}))
        return {
            "index": 0,
            "id": "call_" + secrets.token_hex(12),
            "type": "function",
            "function": {"name": name, "arguments": arguments},
        }

    @staticmethod
    def _chunk(
        request: Prepared, delta: dict[str, Any] | None, finish_reason: str | None = None
    ) -> dict[str, Any]:
        return {
            "id": request.id,
            "object": "chat.completion.chunk",
            "created": request.created,
            "model": "local",
            "choices": []
            if delta is None
            else [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }
