"""Load balancing among replicas of one model; the tier's order is kept otherwise."""

from __future__ import annotations

from hybridgate.balance import Balancer

MODELS = {"vllm-a": "llama-70b", "vllm-b": "llama-70b", "gpt-4o": "gpt-4o"}


def test_least_outstanding_replica_goes_first() -> None:
    balancer = Balancer(MODELS)
    balancer.started("vllm-a")
    assert balancer.order(["vllm-a", "vllm-b", "gpt-4o"]) == ("vllm-b", "vllm-a", "gpt-4o")


def test_replicas_fill_their_model_slots_and_other_models_keep_their_place() -> None:
    balancer = Balancer(MODELS)
    balancer.started("vllm-a")
    assert balancer.order(["vllm-a", "gpt-4o", "vllm-b"]) == ("vllm-b", "gpt-4o", "vllm-a")


def test_equal_load_breaks_ties_by_latency_then_tier_order() -> None:
    balancer = Balancer(MODELS)
    assert balancer.order(["vllm-a", "vllm-b"]) == ("vllm-a", "vllm-b")
    balancer.observe_latency("vllm-a", 0.9)
    balancer.observe_latency("vllm-b", 0.2)
    assert balancer.order(["vllm-a", "vllm-b"]) == ("vllm-b", "vllm-a")


def test_finished_requests_stop_counting() -> None:
    balancer = Balancer(MODELS)
    balancer.started("vllm-a")
    balancer.finished("vllm-a")
    balancer.finished("vllm-a")  # never below zero
    assert balancer.load("vllm-a").outstanding == 0
    assert balancer.order(["vllm-a", "vllm-b"]) == ("vllm-a", "vllm-b")


def test_latency_is_smoothed() -> None:
    balancer = Balancer(MODELS, smoothing=0.5)
    balancer.observe_latency("gpt-4o", 1.0)
    balancer.observe_latency("gpt-4o", 3.0)
    assert balancer.load("gpt-4o").latency_s == 2.0


def test_different_models_are_never_reordered() -> None:
    balancer = Balancer(MODELS)
    balancer.started("gpt-4o")
    balancer.started("gpt-4o")
    assert balancer.order(["gpt-4o", "vllm-a"]) == ("gpt-4o", "vllm-a")
