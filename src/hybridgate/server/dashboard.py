"""`GET /ui`: the dashboard, one server-rendered page over the same `summary` as
`hybridgate report`. Numbers are in the HTML as text; the report is also embedded as JSON, which
the vendored Chart.js (`static/`, see its NOTICE) draws. No build step, no CDN, no network.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from ..accounting.report import Pricing, format_pct, format_usd, summary
from .dashboard_panels import panels
from .messages import Request, Response

if TYPE_CHECKING:
    from .app import State

STATIC_PREFIX = "/ui/static/"
_STATIC_TYPES = {
    "chart.umd.js": "text/javascript; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
    "NOTICE": "text/plain; charset=utf-8",
}
_HTML = "text/html; charset=utf-8"


def static_file(request: Request) -> Response:
    """`/ui/static/<name>`: the vendored chart library, the page's script and its notice, read
    from the package. Only those names: nothing else on disk is reachable."""
    name = request.path.removeprefix(STATIC_PREFIX)
    content_type = _STATIC_TYPES.get(name)
    if content_type is None:
        return Response(b"not found", status=404, content_type="text/plain")
    data = resources.files("hybridgate.server").joinpath("static", name).read_bytes()
    return Response(data, content_type=content_type, headers={"cache-control": "max-age=3600"})


#: Seconds between the page's reloads unless `?refresh=N` says otherwise (0: never).
DEFAULT_REFRESH_S = 30


async def page(request: Request, state: State) -> Response:
    query = parse_qs(request.query)
    raw_since = query.get("since", [""])[0] or None
    raw_refresh = query.get("refresh", [str(DEFAULT_REFRESH_S)])[0]
    if not raw_refresh.isdigit() or int(raw_refresh) > 86400:
        message = f"refresh: {raw_refresh!r} is not a number of seconds (0 to 86400)"
        return Response(f"<p>{escape(message)}</p>".encode(), status=400, content_type=_HTML)
    try:
        since = _since(raw_since)
    except ValueError:
        message = f"since: {raw_since!r} is not an ISO date (e.g. 2026-11-01)"
        return Response(f"<p>{escape(message)}</p>".encode(), status=400, content_type=_HTML)
    gateway = state.gateway
    pricing = Pricing.from_settings(gateway.settings, gateway.prices)
    # The queries block; a thread keeps the event loop answering requests meanwhile.
    data = await asyncio.to_thread(summary, state.engine, since=since, by=["day"], pricing=pricing)
    quality = gateway.settings.quality
    if quality is not None:
        from ..quality.report import quality_summary

        data["quality"] = await asyncio.to_thread(
            quality_summary,
            state.engine,
            since=since,
            max_loss_rate=quality.max_loss_rate,
            candidates={d.name: d.shadow_of for d in gateway.settings.deployments if d.shadow_of},
            min_samples=quality.controller.min_samples,
        )
    data["ops"] = await asyncio.to_thread(panels, state.engine, since)
    return Response(render(data, raw_since, int(raw_refresh)).encode(), content_type=_HTML)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def render(data: dict[str, Any], since: str | None, refresh_s: int = 0) -> str:
    latency = data["latency_ms"]
    cards = [
        ("requests", "requests", str(data["requests"])),
        ("errors", "errors", str(data["errors"])),
        ("spend-usd", "spend", format_usd(data["cost_usd"])),
        ("baseline-usd", f"on {data['baseline_model']}", format_usd(data["baseline_cost_usd"])),
        ("savings-usd", "saved", format_usd(data["savings_usd"])),
        ("savings-pct", "savings", format_pct(data["savings_pct"])),
        ("latency-p50", "p50 latency", _ms(latency["p50"])),
        ("latency-p95", "p95 latency", _ms(latency["p95"])),
        ("latency-p99", "p99 latency", _ms(latency["p99"])),
        ("spilled", "spilled", str(data["spilled"])),
    ]
    if data["cache_hits"]:
        cards.append(
            (
                "cache-saved-usd",
                f"saved by {data['cache_hits']} cache hits",
                format_usd(data["cache_saved_usd"]),
            )
        )
    if data["self_hosted"]:
        cards.append(
            ("amortized-usd", "spend incl. idle GPUs", format_usd(data["amortized_cost_usd"]))
        )
        cards.append(
            (
                "amortized-savings-pct",
                "savings incl. idle",
                format_pct(data["amortized_savings_pct"]),
            )
        )
    card_html = "".join(
        f'<div class="card"><span class="value" id="{key}">{escape(value)}</span>'
        f'<span class="label">{escape(label)}</span></div>'
        for key, label, value in cards
    )
    charts = [
        ("chart-spend", "Spend vs baseline per day (USD)", "wide"),
        ("chart-savings", "Savings per day (%)", ""),
        ("chart-tier", "Route mix by tier (requests)", ""),
        ("chart-deployment", "Route mix by deployment (requests)", ""),
        ("chart-privacy", f"Privacy decisions ({sum(data['privacy_actions'].values())})", ""),
        ("chart-latency", "Latency by deployment (ms)", "wide"),
        ("chart-errors", f"Refusals and errors by code ({data['errors']})", ""),
        ("chart-findings", "Privacy findings by type", ""),
        ("chart-keys", "Spend per key in the window vs its budget (USD)", "wide"),
    ]
    chart_html = "".join(
        f'<figure class="chart {size}"><figcaption>{escape(title)}</figcaption>'
        f'<div class="frame"><canvas id="{key}"></canvas></div></figure>'
        for key, title, size in charts
    )
    window = f"since {escape(since)}" if since else "all time"
    reload = f'<meta http-equiv="refresh" content="{refresh_s}">' if refresh_s else ""
    every = f"refreshes every {refresh_s} s" if refresh_s else "no auto-refresh"
    # JSON inside <script>: escape what could close the element or open a comment.
    payload = (
        json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>hybridgate — spend and savings</title>{reload}
<style>{_CSS}</style></head>
<body>
<header><h1>hybridgate</h1><span class="window" id="window">{window}</span>
<span class="window" id="refresh">{every}</span>
<form method="get" action="/ui"><label>since <input name="since" placeholder="2026-11-01"
 value="{escape(since or "")}"></label> <button>show</button></form></header>
<section class="cards">{card_html}</section>
<section class="charts">{chart_html}</section>
<section class="tables">{_deployment_table(data)}{_self_hosted_table(data)}{_keys_table(data)}
{_recent_table(data)}{_quality_table(data)}</section>
<script type="application/json" id="report-data">{payload}</script>
<script src="/ui/static/chart.umd.js"></script>
<script src="/ui/static/dashboard.js"></script>
</body></html>
"""


def _deployment_table(data: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{r['requests']}</td><td>{format_pct(r['share_pct'])}</td>"
        f"<td>{r['errors']}</td><td>{format_usd(r['cost_usd'])}</td>"
        f"<td>{format_usd(r['baseline_cost_usd'])}</td><td>{format_pct(r['savings_pct'])}</td>"
        f"<td>{_ms(r['latency_ms']['p50'])}</td><td>{_ms(r['latency_ms']['p95'])}</td></tr>"
        for name, r in data["by_deployment"].items()
    )
    return (
        '<table id="by-deployment"><caption>By deployment</caption><tr><th>deployment</th>'
        "<th>requests</th><th>share</th><th>errors</th><th>spend</th>"
        f"<th>{escape(data['baseline_model'])}</th><th>savings</th><th>p50</th><th>p95</th></tr>"
        f"{rows}</table>"
    )


def _self_hosted_table(data: dict[str, Any]) -> str:
    if not data["self_hosted"]:
        return ""
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(h['basis'])}</td><td>{h['window_hours']}</td>"
        f"<td>{format_pct(h['utilization_pct'])}</td><td>{format_usd(h['window_usd'])}</td>"
        f"<td>{format_usd(h['idle_usd'])}</td><td>{format_usd(h['usd_per_mtok'])}</td>"
        f"<td>{format_usd(h['baseline_usd_per_mtok'])}</td></tr>"
        for name, h in data["self_hosted"].items()
    )
    return (
        '<table id="self-hosted"><caption>Self-hosted hardware, amortized over the window '
        "(idle included)</caption><tr><th>deployment</th><th>hardware</th><th>hours</th>"
        "<th>busy</th><th>window cost</th><th>idle</th><th>per 1M tokens</th>"
        f"<th>{escape(data['baseline_model'])} per 1M</th></tr>{rows}</table>"
    )


def _quality_table(data: dict[str, Any]) -> str:
    """Shadow judging: the savings at the measured quality, per tier and deployment."""
    if "quality" not in data:
        return ""
    from ..quality.report import quality_line

    rows = "".join(
        f'<tr class="{"alert" if g["alert"] and not g.get("candidate") else ""}">'
        f"<td>{escape(g['tier'])}</td><td>{escape(g['deployment'])}</td>"
        f"<td>{g['judged']}</td><td>{g['win']} / {g['tie']} / {g['loss']}</td>"
        f"<td>{100 * g['loss_rate']:.0f}% [{100 * g['loss_rate_ci95'][0]:.0f}–"
        f"{100 * g['loss_rate_ci95'][1]:.0f}%]</td>"
        f"<td>{format_usd(g['proof_cost_usd'])}</td><td>"
        + escape(quality_line(g, (data["by_tier"].get(g["tier"]) or {}).get("savings_pct")))
        + "</td></tr>"
        for g in data["quality"]["groups"]
    )
    target = 100 * data["quality"]["max_loss_rate"]
    return (
        '<table id="quality"><caption>Quality: shadow-judged samples against the baseline '
        f"(95% intervals; flagged above a {target:.0f}% loss rate)</caption><tr><th>tier</th>"
        "<th>deployment</th><th>judged</th><th>win / tie / loss</th><th>loss rate</th>"
        f"<th>cost of proof</th><th>in words</th></tr>{rows}</table>"
    )


def _keys_table(data: dict[str, Any]) -> str:
    rows = ""
    for key in data["ops"]["spend_by_key"]:
        budget = key["budget_usd"]
        used = (
            format_pct(f"{float(key['cost_usd']) / float(budget) * 100:.1f}")
            if budget and float(budget) > 0
            else "-"
        )
        limit = f"{format_usd(budget)} / {key['budget_period']}" if budget else "none"
        rows += (
            f"<tr><td>{escape(key['key'])}</td><td>{key['requests']}</td>"
            f"<td>{format_usd(key['cost_usd'])}</td><td>{escape(limit)}</td><td>{used}</td></tr>"
        )
    return (
        '<table id="by-key"><caption>Spend per key (in the window)</caption><tr><th>key</th>'
        f"<th>requests</th><th>spend</th><th>budget</th><th>of budget</th></tr>{rows}</table>"
    )


def _recent_table(data: dict[str, Any]) -> str:
    columns = ("ts", "request_id", "key", "model", "tier", "deployment", "status", "error")
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{escape(str(r[c]))}</td>" for c in columns)
        + f"<td>{r['tokens']}</td><td>{format_usd(r['cost_usd'])}</td>"
        + f"<td>{r['latency_ms']} ms</td></tr>"
        for r in data["ops"]["recent"]
    )
    head = "".join(f"<th>{c.replace('_', ' ')}</th>" for c in columns)
    return (
        '<table id="recent"><caption>Recent requests (no prompt text is kept)</caption>'
        f"<tr>{head}<th>tokens</th><th>cost</th><th>latency</th></tr>{rows}</table>"
    )


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"


_CSS = """
body{font-family:system-ui,sans-serif;margin:0 24px 24px;color:#1f2933;background:#f7f8fa}
header{display:flex;align-items:baseline;gap:16px}h1{font-size:22px}
.window{color:#52606d}form{margin-left:auto}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{background:#fff;border-radius:8px;padding:10px 14px;box-shadow:0 1px 2px #0002}
.card .value{display:block;font-size:22px;font-weight:600}.card .label{color:#52606d;font-size:13px}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-top:14px}
.chart{background:#fff;border-radius:8px;margin:0;padding:10px;box-shadow:0 1px 2px #0002}
.chart.wide{grid-column:span 2}.chart figcaption{font-weight:600;margin-bottom:6px}
.frame{position:relative;height:240px}
table{border-collapse:collapse;background:#fff;margin-top:14px;width:100%}
caption{text-align:left;font-weight:600;padding:6px 0}
th,td{padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:right}
th:first-child,td:first-child{text-align:left}
tr.alert td{background:#fde8e8}#quality td:last-child{text-align:left;font-size:13px}
.tables{overflow-x:auto}#recent{font-size:12px}#recent td{white-space:nowrap}
"""
