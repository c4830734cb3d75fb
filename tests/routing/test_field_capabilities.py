"""A tier picks the deployment that can honour every field a request sends; only a field no
member can honour is refused, by name."""

from __future__ import annotations

from typing import Any

import pytest

from hybridgate.config.schema import Settings
from hybridgate.errors import UnsupportedParameter
from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.providers.base import Capabilities
from hybridgate.providers.llama_engine import ACCEPTED
from hybridgate.routing.policy import Router

SETTINGS = Settings.model_validate(
    {
        "deployments": [
            {"name": "local", "provider": "llama_cpp", "model": "m"},
            {"name": "gpt", "provider": "openai", "model": "gpt-4o", "api_key": "sk-x"},
            {"name": "claude", "provider": "anthropic", "model": "c", "api_key": "sk-y"},
        ],
        "tiers": {"routing": ["local", "gpt"], "reasoning": ["local", "claude"]},
    }
)
ROUTER = Router(
    SETTINGS,
    {
        "local": Capabilities(tools=True, openai_extras=ACCEPTED),
        "gpt": Capabilities(tools=True, images=True, openai_extras=True),
        "claude": Capabilities(tools=True, images=True, openai_extras=False),
    },
)


def ask(model: str, **extras: Any) -> ChatRequest:
    return ChatRequest(model, (Message("user", (TextPart("hi"),)),), openai_extras=extras)


def test_fields_the_local_model_honours_keep_it_first() -> None:
    decision = ROUTER.decide_chat(ask("routing", response_format={"type": "json_object"}, seed=1))
    assert decision.target == "local"


def test_a_field_only_another_member_honours_moves_the_request_there() -> None:
    decision = ROUTER.decide_chat(ask("routing", logprobs=True))
    assert decision.target == "gpt"
    assert "local lacks logprobs" in "; ".join(decision.reasons)


def test_a_field_no_member_honours_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedParameter) as info:
        ROUTER.decide_chat(ask("reasoning", logprobs=True))
    assert info.value.param == "logprobs"


def test_a_named_deployment_refuses_what_it_cannot_honour() -> None:
    assert ROUTER.decide_chat(ask("local", metadata={"a": "b"})).target == "local"
    with pytest.raises(UnsupportedParameter, match="logprobs"):
        ROUTER.decide_chat(ask("local", logprobs=True))


def test_a_named_route_resolved_before_still_weighs_each_request_s_fields() -> None:
    """What a plain request to a name resolves to is kept for the next plain one; a request
    with fields of its own is still routed by them, before and after, in any order."""
    router = Router(SETTINGS, ROUTER._capabilities)  # a fresh one: nothing resolved yet
    for _ in range(2):
        assert router.decide_chat(ask("routing")).target == "local"
        moved = router.decide_chat(ask("routing", logprobs=True))
        assert moved.target == "gpt"
        assert "local lacks logprobs" in "; ".join(moved.reasons)
        with pytest.raises(UnsupportedParameter, match="logprobs"):
            router.decide_chat(ask("local", logprobs=True))
        assert router.decide_chat(ask("local")).target == "local"
    assert router.decide_chat(ask("routing")).reasons == ("model names tier routing",)
