"""End to end on the zero-config default: `hybridgate serve` as a user starts it, the real
embedded SmolLM2 model and MiniLM embedder, the official SDKs, then `hybridgate report`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anthropic
import openai
import pytest

from tests import rawhttp
from tests.fakes.background import free_port

pytestmark = pytest.mark.slow

HYBRIDGATE = str(Path(sys.executable).with_name("hybridgate"))


def _clean_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("_API_KEY") and k != "HYBRIDGATE_CONFIG"
    }
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    workdir = tmp_path_factory.mktemp("default")
    port = free_port()
    log = (workdir / "serve.log").open("w")
    process = subprocess.Popen(
        [HYBRIDGATE, "serve", "--port", str(port)],
        cwd=workdir,
        env=_clean_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if rawhttp.get(url + "/healthz").status == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            raise RuntimeError(
                f"hybridgate serve did not start:\n{(workdir / 'serve.log').read_text()}"
            )
        time.sleep(0.1)
    (workdir / "gateway.pid").write_text(str(process.pid))
    yield url, workdir
    process.terminate()  # SIGTERM: serve shuts down gracefully, then re-raises the signal
    code = process.wait(30)
    log.close()
    assert code in (0, -15)
    assert (
        "stopped: in-flight requests answered, ledger flushed"
        in (workdir / "serve.log").read_text()
    )


def test_chat_on_the_embedded_model(served: tuple[str, Path]) -> None:
    url, _ = served
    client = openai.OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=120)
    raw = client.chat.completions.with_raw_response.create(
        model="auto",
        messages=[{"role": "user", "content": "Name a colour."}],
        max_tokens=16,
        temperature=0,
    )
    completion = raw.parse()
    assert completion.choices[0].message.content
    assert completion.usage is not None and completion.usage.prompt_tokens > 0
    assert completion.usage.completion_tokens > 0
    assert raw.headers["x-hybridgate-deployment"] == "local-chat"
    assert raw.headers["x-hybridgate-cost-usd"] == "0"

    stream = client.chat.completions.create(
        model="routing",
        messages=[{"role": "user", "content": "Count from one to five."}],
        max_tokens=24,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_messages_api_on_the_embedded_model(served: tuple[str, Path]) -> None:
    url, _ = served
    client = anthropic.Anthropic(base_url=url, api_key="unused", max_retries=0, timeout=120)
    with client.messages.stream(
        model="reasoning", max_tokens=16, messages=[{"role": "user", "content": "Say hi."}]
    ) as stream:
        final = stream.get_final_message()
    assert final.content and final.content[0].type == "text" and final.content[0].text
    assert final.usage.output_tokens > 0


def test_embeddings_on_the_embedded_embedder(served: tuple[str, Path]) -> None:
    url, _ = served
    client = openai.OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=120)
    result = client.embeddings.create(
        model="embeddings",
        input=["a cat sits on the mat", "a kitten rests on a rug", "quarterly tax filing"],
    )
    vectors = [d.embedding for d in result.data]
    assert len(vectors) == 3 and len(vectors[0]) == 384

    def cos(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cos(vectors[0], vectors[1]) > cos(vectors[0], vectors[2]) + 0.2


def _one_chat(url: str, i: int) -> str:
    """Chat number `i`: OpenAI or Anthropic SDK, streamed or not, in turn."""
    question = [{"role": "user", "content": f"Say a word about the number {i}."}]
    if i % 4 < 2:
        client = openai.OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=120)
        if i % 2 == 0:
            answer = client.chat.completions.create(model="auto", messages=question, max_tokens=8)
            return answer.choices[0].message.content or ""
        stream = client.chat.completions.create(
            model="auto",
            messages=question,
            max_tokens=8,
            stream=True,
        )
        return "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    messages = anthropic.Anthropic(base_url=url, api_key="unused", max_retries=0, timeout=120)
    if i % 2 == 0:
        reply = messages.messages.create(model="routing", max_tokens=8, messages=question)
        return "".join(b.text for b in reply.content if b.type == "text")
    with messages.messages.stream(model="routing", max_tokens=8, messages=question) as stream:
        return "".join(stream.text_stream)


def test_fifty_sequential_and_eight_concurrent_chats(served: tuple[str, Path]) -> None:
    url, _ = served
    answers = [_one_chat(url, i) for i in range(50)]
    assert all(a.strip() for a in answers)
    with ThreadPoolExecutor(8) as pool:
        concurrent = list(pool.map(lambda i: _one_chat(url, i), range(8)))
    assert all(a.strip() for a in concurrent)


def test_langchain_structured_output_and_tools(served: tuple[str, Path]) -> None:
    from langchain_core.tools import tool
    from langchain_openai import ChatOpenAI
    from pydantic import BaseModel

    url, _ = served

    class Person(BaseModel):
        name: str
        age: int

    @tool
    def get_weather(city: str) -> str:
        """The weather in a city."""
        return "sunny"

    # LangChain's defaults, as a user writes it; only where to go and which model differ.
    llm = ChatOpenAI(base_url=url + "/v1", api_key="unused", model="auto", temperature=0)
    person = llm.with_structured_output(Person).invoke("Alice is 30 years old.")
    assert isinstance(person, Person)
    called = llm.bind_tools([get_weather], tool_choice="get_weather").invoke(
        "What is the weather in Paris?"
    )
    assert [c["name"] for c in called.tool_calls] == ["get_weather"]
    assert isinstance(called.tool_calls[0]["args"].get("city"), str)


def test_the_model_runs_outside_the_gateway_process(served: tuple[str, Path]) -> None:
    _, workdir = served
    gateway = int((workdir / "gateway.pid").read_text())
    pids = [int(pid) for pid in os.listdir("/proc") if pid.isdigit()]
    # `serve` on a machine of several cores: a supervisor and its gateway workers, each of
    # which runs the model in a child of its own; on one core, the gateway is the one process.
    gateways = [gateway, *(pid for pid in pids if _parent(pid) == gateway)]
    models = [pid for pid in pids if _parent(pid) in gateways and "libllama" in _maps(pid)]
    servers = [pid for pid in gateways if pid not in models]
    for pid in servers:
        maps = _maps(pid)
        assert "libllama" not in maps and "libggml" not in maps
    assert len(models) == max(1, len(servers) - 1)  # one model process a gateway worker


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _maps(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


def test_health_and_report(served: tuple[str, Path]) -> None:
    url, workdir = served
    health = rawhttp.get(url + "/healthz").json()
    assert health["status"] == "ok"
    assert set(health["deployments"]) == {"local-chat", "local-embed"}
    assert health["deployments"]["local-chat"]["breaker"] == "closed"
    assert health["deployments"]["local-chat"]["ready"] is True  # it has answered by now
    deadline = time.monotonic() + 10
    while True:
        out = subprocess.run(
            [HYBRIDGATE, "report", "--json"],
            cwd=workdir,
            env=_clean_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(out.stdout)
        if report["requests"] >= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert report["requests"] >= 4
    assert report["by_deployment"]["local-chat"]["output_tokens"] > 0
    assert report["by_deployment"]["local-embed"]["requests"] >= 1
