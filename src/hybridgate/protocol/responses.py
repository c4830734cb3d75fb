"""OpenAI Responses API (`POST /v1/responses`) wire format: requests into canonical chat form,
answers (and their event stream) back out.

A Responses request is a chat request in other clothes: `instructions` is the system message,
`input` items are messages, function calls and their outputs, `text.format` is
`response_format`. Translating it to `ChatRequest` lets every provider serve it and keeps one
pipeline (privacy guard, routing, accounting) for all protocols. Only the fields the gateway
reads are kept; built-in tools (web search, file search, ...) are refused by name.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Literal

import msgspec

from ..errors import InvalidRequest, UnsupportedParameter
from .canonical import (
    ChatRequest,
    ChatResponse,
    FinishReason,
    ImagePart,
    Message,
    Part,
    TextPart,
    Tool,
    ToolCall,
    ToolChoice,
    Usage,
)
from .openai import check_max_tokens, decode_json_object

# ---------------------------------------------------------------------------- wire structs


class WireFunctionTool(msgspec.Struct):
    type: Literal["function"]
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class WireToolChoice(msgspec.Struct):
    type: str
    name: str | None = None


class WireTextFormat(msgspec.Struct):
    type: Literal["text", "json_schema", "json_object"] = "text"
    name: str | None = None
    schema: dict[str, Any] | None = None
    description: str | None = None
    strict: bool | None = None


class WireTextConfig(msgspec.Struct):
    format: WireTextFormat | None = None


class WireReasoning(msgspec.Struct):
    effort: str | None = None


class WireContentPart(msgspec.Struct):
    type: str
    text: str | None = None
    image_url: str | None = None


class WireMessageItem(msgspec.Struct):
    role: Literal["user", "assistant", "system", "developer"]
    content: str | list[WireContentPart]


class WireFunctionCallItem(msgspec.Struct):
    call_id: str
    name: str
    arguments: str = ""


class WireFunctionCallOutputItem(msgspec.Struct):
    call_id: str
    output: str | list[WireContentPart]


class WireResponsesRequest(msgspec.Struct):
    model: str
    input: str | list[dict[str, Any]] = ""
    instructions: str | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: Literal["auto", "none", "required"] | WireToolChoice | None = None
    max_output_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stream: bool = False
    previous_response_id: str | None = None
    store: bool = True
    text: WireTextConfig | None = None
    parallel_tool_calls: bool | None = None
    reasoning: WireReasoning | None = None
    metadata: dict[str, str] | None = None


#: Fields the gateway cannot honour: refused by name rather than silently ignored.
_REFUSED: dict[str, str] = {
    "background": "background responses are not supported; poll-free streaming is",
    "conversation": "conversations are not supported; use previous_response_id",
    "prompt": "stored prompt templates are not supported; send the input",
    "max_tool_calls": "max_tool_calls is not supported",
}


class ResponsesRequest(msgspec.Struct, frozen=True):
    """A parsed request: the canonical chat request to run, and what the answer echoes."""

    chat: ChatRequest
    #: The conversation without `instructions`: what `previous_response_id` carries forward.
    conversation: tuple[Message, ...]
    previous_response_id: str | None
    store: bool
    instructions: str | None
    #: Echoed in the response object (tools, tool_choice, text, metadata, ...).
    echo: dict[str, Any]


# ---------------------------------------------------------------------------- parsing


def _convert(data: Any, kind: type[Any], where: str) -> Any:
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        message = str(exc)
        param = where
        if " - at `$." in message:
            param = f"{where}.{message.rsplit(' - at `$.', 1)[1].rstrip('`')}"
        raise InvalidRequest(f"invalid request: {where}: {exc}", param=param) from None


def _parts(content: str | list[WireContentPart], where: str) -> tuple[Part, ...]:
    if isinstance(content, str):
        return (TextPart(content),)
    parts: list[Part] = []
    for j, part in enumerate(content):
        if part.type in ("input_text", "output_text", "text", "refusal") and part.text is not None:
            parts.append(TextPart(part.text))
        elif part.type == "input_image" and part.image_url:
            url = part.image_url
            if url.startswith("data:") and ";base64," in url:
                head, data = url[5:].split(";base64,", 1)
                parts.append(ImagePart(data=data, media_type=head))
            else:
                parts.append(ImagePart(url=url))
        else:
            raise UnsupportedParameter(
                f"content part type {part.type!r} is not supported (send input_text or "
                "input_image with an image_url)",
                param=f"{where}.content[{j}]",
            )
    return tuple(parts)


def _items(items: Sequence[dict[str, Any]]) -> list[Message]:
    """Input items → messages; consecutive function calls join one assistant message."""
    messages: list[Message] = []
    for i, item in enumerate(items):
        where = f"input[{i}]"
        if not isinstance(item, dict):
            raise InvalidRequest(f"{where} must be an object", param=where)
        kind = item.get("type", "message")
        if kind == "message":
            m: WireMessageItem = _convert(item, WireMessageItem, where)
            role = "system" if m.role == "developer" else m.role
            messages.append(Message(role=role, content=_parts(m.content, where)))
        elif kind == "function_call":
            call: WireFunctionCallItem = _convert(item, WireFunctionCallItem, where)
            tool_call = ToolCall(id=call.call_id, name=call.name, arguments=call.arguments)
            last = messages[-1] if messages else None
            if last is not None and last.role == "assistant":
                messages[-1] = msgspec.structs.replace(
                    last, tool_calls=(*last.tool_calls, tool_call)
                )
            else:
                messages.append(Message(role="assistant", tool_calls=(tool_call,)))
        elif kind == "function_call_output":
            out: WireFunctionCallOutputItem = _convert(item, WireFunctionCallOutputItem, where)
            messages.append(
                Message(role="tool", content=_parts(out.output, where), tool_call_id=out.call_id)
            )
        elif kind == "reasoning":
            continue  # another model's reasoning summary: nothing a chat upstream can take
        else:
            raise UnsupportedParameter(
                f"input item type {kind!r} is not supported (messages, function_call and "
                "function_call_output are)",
                param=f"{where}.type",
            )
    return messages


def _tools(raw: list[dict[str, Any]] | None) -> tuple[Tool, ...]:
    tools: list[Tool] = []
    for i, entry in enumerate(raw or ()):
        kind = entry.get("type") if isinstance(entry, dict) else None
        if kind != "function":
            raise UnsupportedParameter(
                f"tool type {kind!r} is not supported: the gateway serves function tools only "
                "(built-in tools run inside OpenAI)",
                param=f"tools[{i}].type",
            )
        tool: WireFunctionTool = _convert(entry, WireFunctionTool, f"tools[{i}]")
        tools.append(Tool(tool.name, tool.description, tool.parameters or {}))
    return tuple(tools)


def _tool_choice(wire: WireResponsesRequest) -> ToolChoice | None:
    choice = wire.tool_choice
    if choice is None:
        return None
    if isinstance(choice, str):
        return ToolChoice(mode=choice)
    if choice.type == "function" and choice.name:
        return ToolChoice(mode="tool", name=choice.name)
    raise UnsupportedParameter(
        f"tool_choice type {choice.type!r} is not supported", param="tool_choice"
    )


def _response_format(text: WireTextConfig | None) -> dict[str, Any] | None:
    if text is None or text.format is None or text.format.type == "text":
        return None
    fmt = text.format
    if fmt.type == "json_object":
        return {"type": "json_object"}
    schema: dict[str, Any] = {"name": fmt.name or "response", "schema": fmt.schema or {}}
    if fmt.description is not None:
        schema["description"] = fmt.description
    if fmt.strict is not None:
        schema["strict"] = fmt.strict
    return {"type": "json_schema", "json_schema": schema}


def parse_request(
    body: bytes, history: Callable[[str], Sequence[Message]] | None = None
) -> ResponsesRequest:
    """`history(previous_response_id)`: the stored conversation that id names (looked up by
    the caller of this function, which knows whose it is); without it, naming one is a 400."""
    data = decode_json_object(body)
    previous = data.get("previous_response_id")
    if previous is not None and (not isinstance(previous, str) or not previous):
        raise InvalidRequest(
            "'previous_response_id' must be a response id", param="previous_response_id"
        )
    if "model" not in data:
        raise InvalidRequest("missing required field 'model'", param="model")
    for field, why in _REFUSED.items():
        if data.get(field):
            raise UnsupportedParameter(f"parameter '{field}': {why}", param=field)
    wire: WireResponsesRequest = _convert(data, WireResponsesRequest, "request")
    check_max_tokens(wire.max_output_tokens, "max_output_tokens")
    new = (
        [Message(role="user", content=(TextPart(wire.input),))]
        if isinstance(wire.input, str)
        else _items(wire.input)
    )
    if not new or (isinstance(wire.input, str) and not wire.input):
        raise InvalidRequest("'input' must not be empty", param="input")
    earlier: Sequence[Message] = ()
    if previous is not None:
        if history is None:
            raise InvalidRequest(
                "previous_response_id is not supported here", param="previous_response_id"
            )
        earlier = history(previous)
    conversation = (*earlier, *new)
    messages = conversation
    if wire.instructions:
        system = Message(role="system", content=(TextPart(wire.instructions),))
        messages = (system, *conversation)
    extras: dict[str, Any] = {}
    response_format = _response_format(wire.text)
    if response_format is not None:
        extras["response_format"] = response_format
    if wire.parallel_tool_calls is not None and wire.tools:
        extras["parallel_tool_calls"] = wire.parallel_tool_calls
    if wire.reasoning is not None and wire.reasoning.effort:
        extras["reasoning_effort"] = wire.reasoning.effort
    chat = ChatRequest(
        model=wire.model,
        messages=messages,
        max_tokens=wire.max_output_tokens,
        temperature=wire.temperature,
        top_p=wire.top_p,
        tools=_tools(wire.tools),
        tool_choice=_tool_choice(wire),
        stream=wire.stream,
        openai_extras=extras,
    )
    echo: dict[str, Any] = {
        "tools": [
            {
                "type": "function",
                "name": t.name,
                "description": t.description,
                "parameters": t.parameters,
                "strict": True,
            }
            for t in chat.tools
        ],
        "tool_choice": _echo_tool_choice(chat.tool_choice),
        "parallel_tool_calls": True
        if wire.parallel_tool_calls is None
        else wire.parallel_tool_calls,
        "text": {"format": _echo_format(wire.text)},
        "temperature": wire.temperature,
        "top_p": wire.top_p,
        "max_output_tokens": wire.max_output_tokens,
        "metadata": wire.metadata or {},
        "instructions": wire.instructions,
        "previous_response_id": wire.previous_response_id,
        "store": wire.store,
    }
    return ResponsesRequest(
        chat=chat,
        conversation=conversation,
        previous_response_id=wire.previous_response_id,
        store=wire.store,
        instructions=wire.instructions,
        echo=echo,
    )


def _echo_tool_choice(choice: ToolChoice | None) -> Any:
    if choice is None:
        return "auto"
    if choice.mode == "tool":
        return {"type": "function", "name": choice.name}
    return choice.mode


def _echo_format(text: WireTextConfig | None) -> dict[str, Any]:
    if text is None or text.format is None:
        return {"type": "text"}
    return {k: v for k, v in msgspec.to_builtins(text.format).items() if v is not None}


# ---------------------------------------------------------------------------- rendering

_encoder = msgspec.json.Encoder()


def usage_body(usage: Usage) -> dict[str, Any]:
    return {
        "input_tokens": usage.input_tokens,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": usage.output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": usage.input_tokens + usage.output_tokens,
    }


def message_item(item_id: str, text: str, status: str = "completed") -> dict[str, Any]:
    content = [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]
    return {
        "type": "message",
        "id": item_id,
        "status": status,
        "role": "assistant",
        "content": content if status == "completed" else [],
    }


def function_call_item(item_id: str, call: ToolCall, status: str = "completed") -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": item_id,
        "call_id": call.id,
        "name": call.name,
        "arguments": call.arguments,
        "status": status,
    }


def _status(finish: FinishReason | None) -> tuple[str, dict[str, str] | None]:
    if finish == "length":
        return "incomplete", {"reason": "max_output_tokens"}
    if finish == "content_filter":
        return "incomplete", {"reason": "content_filter"}
    return "completed", None


def response_object(
    *,
    response_id: str,
    model: str,
    echo: dict[str, Any],
    output: list[dict[str, Any]],
    usage: Usage | None,
    finish: FinishReason | None,
    created_at: int,
    in_progress: bool = False,
) -> dict[str, Any]:
    status, incomplete = ("in_progress", None) if in_progress else _status(finish)
    return {
        "id": response_id,
        "object": "response",
        "created_at": created_at,
        "status": status,
        "error": None,
        "incomplete_details": incomplete,
        "model": model,
        "output": output,
        "usage": usage_body(usage) if usage is not None else None,
        "truncation": "disabled",
        **echo,
    }


def item_id(kind: Literal["msg", "fc"], response_id: str, index: int = 0) -> str:
    return f"{kind}_{response_id.removeprefix('resp_')}_{index}"


def output_items(response_id: str, response: ChatResponse) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if response.text or not response.tool_calls:
        items.append(message_item(item_id("msg", response_id), response.text))
    items.extend(
        function_call_item(item_id("fc", response_id, i), call)
        for i, call in enumerate(response.tool_calls)
    )
    return items


def render_response(
    response: ChatResponse, *, response_id: str, model: str, usage: Usage, echo: dict[str, Any]
) -> bytes:
    return _encoder.encode(
        response_object(
            response_id=response_id,
            model=model,
            echo=echo,
            output=output_items(response_id, response),
            usage=usage,
            finish=response.finish_reason,
            created_at=int(time.time()),
        )
    )


def assistant_message(response: ChatResponse) -> Message:
    """The answer as the next request's history will carry it."""
    content = (TextPart(response.text),) if response.text else ()
    return Message(role="assistant", content=content, tool_calls=response.tool_calls)


def encode(payload: dict[str, Any]) -> bytes:
    return _encoder.encode(payload)
