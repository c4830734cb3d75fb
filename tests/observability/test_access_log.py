"""The access log and the event log, read the way an operator's log shipper reads them: each
line parsed as JSON (or logfmt), every field a dashboard needs present, and nothing of the
prompt or of any secret in it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from hybridgate.observability.logs import StructuredFormatter
from tests import sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai

PROMPT = "Summarise the zebra-crossing memo for Ms Quintessa Hawthorne"
#: A port nothing listens on: every call there is refused at once.
DEAD = "http://127.0.0.1:9/v1"


class Lines(logging.Handler):
    """Every hybridgate log record, rendered as the configured format renders it."""

    def __init__(self, kind: str) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(StructuredFormatter(kind))  # type: ignore[arg-type]
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def json(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def log_lines() -> Iterator[Lines]:
    handler = Lines("json")
    logger = logging.getLogger("hybridgate")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def _dead(name: str) -> dict[str, Any]:
    return {"name": name, "provider": "openai", "model": "gpt-4o", "base_url": DEAD}


def _with_flaky_tiers(config: dict[str, Any]) -> None:
    config["deployments"] += [_dead("dead-a"), _dead("dead-b")]
    config["tiers"]["flaky"] = ["dead-a", "gpt-4o"]
    config["tiers"]["down"] = ["dead-a", "dead-b"]
    config["reliability"] = {
        "retries": {"attempts": 1},
        "breaker": {"consecutive_failures": 1, "cooldown_s": 600},
    }


def test_each_request_is_one_json_line_with_what_an_operator_asks(
    gateway_factory: GatewayFactory, log_lines: Lines
) -> None:
    gateway = gateway_factory(lambda config: None)
    client = sdk.openai_client(gateway.url, api_key="sk-caller-secret-123")
    raw = client.chat.completions.with_raw_response.create(
        model="routing", messages=[{"role": "user", "content": PROMPT}], max_tokens=20
    )
    request_id = raw.headers["x-request-id"]
    access = [line for line in log_lines.json() if line["logger"] == "hybridgate.access"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == request_id
    assert line["protocol"] == "openai"
    assert line["model"] == "routing" and line["tier"] == "routing"
    assert line["deployment"] == raw.headers["x-hybridgate-deployment"]
    assert line["status"] == 200 and line["error"] is None
    assert line["input_tokens"] > 0 and line["output_tokens"] > 0
    assert line["cost_usd"] == raw.headers["x-hybridgate-cost-usd"]
    assert line["latency_ms"] > 0 and line["ttft_ms"] is not None
    assert line["route"]
    everything = "\n".join(log_lines.lines)
    for private in ("zebra", "Quintessa", "Hawthorne", "sk-caller-secret", fake_openai.API_KEY):
        assert private not in everything


def test_failover_and_breakers_are_events_and_a_dead_tier_names_every_deployment(
    gateway_factory: GatewayFactory, log_lines: Lines
) -> None:
    gateway = gateway_factory(_with_flaky_tiers)
    client = sdk.openai_client(gateway.url)
    raw = client.chat.completions.with_raw_response.create(
        model="flaky", messages=[{"role": "user", "content": "hi"}], max_tokens=5
    )
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"
    events = [line for line in log_lines.json() if line["logger"] == "hybridgate.events"]
    failover = [e for e in events if e["msg"] == "failover"]
    assert [e["deployment"] for e in failover] == ["dead-a", "gpt-4o"]
    assert "moved on" in failover[0]["step"] and "fallback" in failover[1]["step"]
    assert all(e["request_id"] == raw.headers["x-request-id"] for e in failover)
    breaker = [e for e in events if e["msg"] == "breaker"]
    assert breaker == [breaker[0]] and breaker[0]["deployment"] == "dead-a"
    assert (breaker[0]["from"], breaker[0]["to"], breaker[0]["level"]) == (
        "closed",
        "open",
        "warning",
    )

    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(
            model="down", messages=[{"role": "user", "content": "hi"}], max_tokens=5
        )
    message = str(info.value)
    assert "dead-a" in message and "dead-b" in message  # not only the last one's error
    assert "breaker open for dead-a, skipped" in message
    failed = [
        line
        for line in log_lines.json()
        if line["logger"] == "hybridgate.access" and line["model"] == "down"
    ]
    assert failed[0]["status"] == info.value.status_code and failed[0]["error"]
    assert "dead-b" in failed[0]["route"]


def test_privacy_actions_are_events_naming_what_was_found_not_the_value(
    gateway_factory: GatewayFactory, log_lines: Lines
) -> None:
    def local_only(config: dict[str, Any]) -> None:
        config["policy"] = {"privacy": "local_only"}
        config["tiers"]["routing"] = ["gpt-4o", "gpu-box"]

    gateway = gateway_factory(local_only)
    sdk.openai_client(gateway.url).chat.completions.create(
        model="routing",
        messages=[{"role": "user", "content": "mail jane.roe@example.org the plan"}],
        max_tokens=5,
    )
    privacy = [line for line in log_lines.json() if line["msg"] == "privacy"]
    assert len(privacy) == 1
    assert "email" in privacy[0]["findings"] and privacy[0]["deployment"] == "gpu-box"
    assert "jane.roe" not in "\n".join(log_lines.lines)


@pytest.mark.parametrize("kind", ["logfmt", "text"])
def test_logfmt_and_text_lines_carry_the_same_fields(kind: str) -> None:
    record = logging.LogRecord("hybridgate.access", logging.INFO, __file__, 1, "access", (), None)
    record.fields = {"request_id": "r1", "route": 'tier routing; "quoted"', "cost_usd": None}
    line = StructuredFormatter(kind).format(record)  # type: ignore[arg-type]
    assert "request_id=r1" in line
    assert 'route="tier routing; \\"quoted\\""' in line
    assert "cost_usd= " in line or line.endswith("cost_usd=")


async def test_a_health_check_turning_bad_and_good_again_is_an_event_each_time(
    log_lines: Lines, openai_upstream: Any
) -> None:
    from hybridgate.balance import CircuitBreaker, HealthChecker
    from hybridgate.config.schema import Breaker, Deployment, HealthChecks
    from hybridgate.providers.http import UpstreamClient

    box = Deployment(
        name="gpu-box",
        provider="openai_compatible",
        model="m",
        base_url=DEAD,
        location="self_hosted",
    )
    client = UpstreamClient()

    def checker(deployment: Deployment) -> HealthChecker:
        return HealthChecker(
            deployments=[deployment],
            providers={},
            breakers={"gpu-box": CircuitBreaker(Breaker())},
            client=client,
            settings=HealthChecks(timeout_s=0.5),
        )

    down = checker(box)
    await down.check_remote()  # down
    await down.check_remote()  # still down: no new event
    # The same deployment answering again (moved to a live address, with what was seen so far).
    up = checker(box.model_copy(update={"base_url": f"{openai_upstream.url}/v1"}))
    up.results.update(down.results)
    await up.check_remote()
    await client.aclose()
    health = [line for line in log_lines.json() if line["msg"] == "health"]
    assert [(h["deployment"], h["healthy"], h["level"]) for h in health] == [
        ("gpu-box", False, "warning"),
        ("gpu-box", True, "info"),
    ]
    assert "unreachable" in health[0]["detail"]
