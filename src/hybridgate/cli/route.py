"""`hybridgate route explain`: where a request would go, and why — without sending it.

    hybridgate route explain [--config FILE] [--protocol openai|anthropic] [--json] < request.json

The body is what a client would POST to /v1/chat/completions (or /v1/messages); the
decision is made by the same policies the server runs (task tier, privacy, residency, capacity).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .main import load_cli_settings


def register(subparsers: Any) -> None:
    from .main import add_config_option

    parser = subparsers.add_parser("route", help="explain routing decisions")
    commands = parser.add_subparsers(dest="route_command", required=True, metavar="COMMAND")
    explain = commands.add_parser("explain", help="decide a request read from stdin and explain it")
    add_config_option(explain)
    explain.add_argument("--protocol", choices=["openai", "anthropic"], default="openai")
    explain.add_argument(
        "--privacy",
        choices=["allow", "local_only", "redact", "block"],
        default=None,
        help="decide as a key with this privacy policy would",
    )
    explain.add_argument("--json", action="store_true", help="print the decision as JSON")
    explain.set_defaults(handler=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    import msgspec

    from ..errors import HybridgateError
    from ..pipeline.assembly import assemble
    from ..protocol.anthropic import parse_messages_request
    from ..protocol.openai import parse_chat_request

    settings = load_cli_settings(args, secrets=False)
    body = sys.stdin.buffer.read()
    try:
        request = (
            parse_messages_request(body)
            if args.protocol == "anthropic"
            else parse_chat_request(body)[0]
        )
        alias = settings.model_aliases().resolve(request.model)
        if alias is not None:
            print(f"{alias.describe()}", file=sys.stderr)
            request = msgspec.structs.replace(request, model=alias.target)
        router = assemble(settings).router
        _controlled_threshold(settings, router)
        signals = router.auto_signals(request) if request.model == "auto" else None
        decision = router.decide_chat(request, router.policy_for(args.privacy, None), signals)
    except HybridgateError as exc:
        where = f" ({exc.param})" if exc.param else ""
        print(f"hybridgate route explain: {exc.message}{where}", file=sys.stderr)
        return 2
    result: dict[str, Any] = {
        "model": request.model,
        "target": decision.target,
        "tier": decision.tier,
        "fallbacks": list(decision.fallbacks),
        "reasons": list(decision.reasons),
        "privacy_action": decision.privacy_action,
        "privacy_findings": list(decision.privacy_findings),
        "redact": decision.redact,
        "spilled": decision.spilled,
    }
    auto = router.auto_models
    if auto is not None and auto.threshold is not None:
        result["difficulty_threshold"] = {"value": auto.threshold, "source": auto.threshold_source}
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(
        f"{request.model!r} -> {decision.target}"
        + (f" (tier {decision.tier})" if decision.tier else "")
    )
    if decision.fallbacks:
        print(f"fallbacks: {', '.join(decision.fallbacks)}")
    for reason in decision.reasons:
        print(f"  - {reason}")
    if "difficulty_threshold" in result:
        threshold = result["difficulty_threshold"]
        print(f"difficulty threshold {threshold['value']:.3f} from {threshold['source']}")
    return 0


def _controlled_threshold(settings: Any, router: Any) -> None:
    """The quality controller's latest setting, as the server would have applied it."""
    quality = settings.quality
    if quality is None or not quality.controller.enabled or router.auto_models is None:
        return
    from ..accounting.journal import open_ledger
    from ..quality.controller import current_setting

    engine = open_ledger(settings.storage)
    try:
        setting = current_setting(engine, settings.auto.max_strong_fraction)
    finally:
        engine.dispose()
    if setting.since is not None:
        router.auto_models.set_strong_fraction(setting.fraction, setting.source)
