"""The break-even chart: one self-contained HTML file, an inline SVG per tier, no script.

Monthly cost (log y) against daily volume (log x) for the API (a straight line: cost is
proportional to volume) and self-hosting (a staircase: GPUs come in whole replicas, plus the
flat ops overhead), at the tier's measured input/output mix and burstiness. The break-even
point, today's volume and the framework's volume thresholds (100K, 10M) are marked. Nothing is
fetched: the file opens offline and can be mailed around.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path

from .breakeven import CostModel, usd
from .framework import VOLUME_HIGH, VOLUME_LOW

_W, _H = 760, 400
_LEFT, _RIGHT, _TOP, _BOTTOM = 80, 20, 24, 50
_API_COLOUR, _SELF_COLOUR = "#1f6fb4", "#e8710a"
_SAMPLES = 240
_MAX_STEPS = 500


@dataclass(frozen=True)
class Panel:
    model: CostModel
    #: One line under the tier's name (the recommendation).
    caption: str


def volume_label(tokens: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if tokens >= size:
            value = tokens / size
            text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
            return text + suffix
    return f"{tokens:.0f}"


def _money_label(amount: float) -> str:
    if amount >= 1e6:
        return f"${amount / 1e6:g}M"
    if amount >= 1e3:
        return f"${amount / 1e3:g}K"
    return f"${amount:g}"


class _Axes:
    """Log-log mapping from (tokens/day, USD/month) to SVG pixels."""

    def __init__(self, x_lo: float, x_hi: float, y_lo: float, y_hi: float) -> None:
        self.x_lo, self.x_hi, self.y_lo, self.y_hi = x_lo, x_hi, y_lo, y_hi

    def x(self, value: float) -> float:
        span = math.log10(self.x_hi) - math.log10(self.x_lo)
        frac = (math.log10(max(value, self.x_lo)) - math.log10(self.x_lo)) / span
        return _LEFT + frac * (_W - _LEFT - _RIGHT)

    def y(self, value: float) -> float:
        span = math.log10(self.y_hi) - math.log10(self.y_lo)
        frac = (math.log10(min(max(value, self.y_lo), self.y_hi)) - math.log10(self.y_lo)) / span
        return _H - _BOTTOM - frac * (_H - _TOP - _BOTTOM)


def _decade_floor(value: float) -> float:
    return 10.0 ** math.floor(math.log10(value))


def _decade_ceil(value: float) -> float:
    return 10.0 ** math.ceil(math.log10(value))


def _volumes(model: CostModel, x_lo: float, x_hi: float) -> list[float]:
    step = math.log10(x_hi / x_lo) / (_SAMPLES - 1)
    xs = [x_lo * 10 ** (i * step) for i in range(_SAMPLES)]
    # Each replica boundary twice, either side of the jump, so steps are drawn upright.
    replica = float(model.replica_tokens_per_day)
    first, last = math.ceil(x_lo / replica), math.floor(x_hi / replica)
    if replica > 0 and last - first < _MAX_STEPS:
        for k in range(max(first, 1), last + 1):
            xs += [k * replica, k * replica * (1 + 1e-9)]
    return sorted(xs)


def _polyline(points: list[tuple[float, float]], colour: str) -> str:
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>'


def render_svg(model: CostModel) -> str:
    costs = model.costs()
    today = float(max(costs.tokens_per_day, 1))
    crossing = costs.break_even_tokens_per_day
    x_lo = _decade_floor(min(10_000.0, today / 10))
    x_hi = _decade_ceil(max(1e9, today * 10, float(crossing or 0) * 3))
    xs = _volumes(model, x_lo, x_hi)
    api = [float(model.api(Decimal(x))) for x in xs]
    own = [float(model.self_hosted(Decimal(x))) for x in xs]
    y_lo = _decade_floor(max(0.01, min(v for v in api + own if v > 0) if any(api + own) else 1))
    # At least one decade tall, so a chart of all-zero costs still has a scale.
    y_hi = max(_decade_ceil(max([*api, *own, 1.0])), y_lo * 10)
    ax = _Axes(x_lo, x_hi, y_lo, y_hi)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" role="img" font-family="sans-serif" font-size="11">',
        f'<rect x="{_LEFT}" y="{_TOP}" width="{_W - _LEFT - _RIGHT}" '
        f'height="{_H - _TOP - _BOTTOM}" fill="#fafafa" stroke="#999"/>',
    ]
    decade = x_lo
    while decade <= x_hi * 1.0001:
        x = ax.x(decade)
        out.append(
            f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{_H - _BOTTOM}" stroke="#e4e4e4"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{_H - _BOTTOM + 16}" text-anchor="middle">'
            f"{volume_label(decade)}</text>"
        )
        decade *= 10
    decade = y_lo
    while decade <= y_hi * 1.0001:
        y = ax.y(decade)
        out.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W - _RIGHT}" y2="{y:.1f}" stroke="#e4e4e4"/>'
        )
        out.append(
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_money_label(decade)}</text>'
        )
        decade *= 10
    out.append(
        f'<text x="{(_LEFT + _W - _RIGHT) / 2}" y="{_H - 12}" text-anchor="middle">'
        "tokens per day (log)</text>"
        f'<text x="16" y="{(_TOP + _H - _BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(_TOP + _H - _BOTTOM) / 2})">USD per month (log)</text>'
    )
    for threshold, label in (
        (VOLUME_LOW, "100K: below, API"),
        (VOLUME_HIGH, "10M: above, self-host"),
    ):
        if x_lo < threshold < x_hi:
            x = ax.x(threshold)
            out.append(
                f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{_H - _BOTTOM}" '
                f'stroke="#bbb" stroke-dasharray="4 4"/>'
                f'<text x="{x + 3:.1f}" y="{_TOP + 12}" fill="#888">{label}</text>'
            )
    out.append(_polyline([(ax.x(x), ax.y(v)) for x, v in zip(xs, api, strict=True)], _API_COLOUR))
    out.append(_polyline([(ax.x(x), ax.y(v)) for x, v in zip(xs, own, strict=True)], _SELF_COLOUR))
    x_today = ax.x(today)
    out.append(
        f'<line x1="{x_today:.1f}" y1="{_TOP}" x2="{x_today:.1f}" y2="{_H - _BOTTOM}" '
        f'stroke="#444"/><text x="{x_today + 3:.1f}" y="{_H - _BOTTOM - 6}">today: '
        f"{volume_label(today)}/day</text>"
    )
    if crossing is None:
        out.append(
            f'<text x="{_W - _RIGHT - 10}" y="{_H - _BOTTOM - 24}" fill="#b00" '
            f'text-anchor="end">no break-even: a replica costs '
            "more than the API traffic it can carry</text>"
        )
    else:
        at = model.api(Decimal(crossing))
        cx, cy = ax.x(float(crossing)), ax.y(float(at))
        out.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="none" stroke="#b00" stroke-width="2"/>'
            # Left of the mark when it sits in the right half, so the label stays on the chart.
            f'<text x="{cx + (-8 if cx > _W / 2 else 8):.1f}" y="{cy + 18:.1f}" fill="#b00" '
            f'text-anchor="{"end" if cx > _W / 2 else "start"}">break-even ≈ '
            f"{volume_label(float(crossing))} tokens/day, ${usd(at)}/month</text>"
        )
    legend_y = _TOP + 28
    out.append(
        f'<rect x="{_LEFT + 4}" y="{legend_y - 10}" width="330" height="32" fill="#fff" '
        'fill-opacity="0.85"/>'
    )
    for i, (colour, label) in enumerate(
        (
            (_API_COLOUR, f"API {model.tier.profile.api_model}"),
            (
                _SELF_COLOUR,
                f"self-hosted {model.tier.profile.self_host.model} on "
                f"{model.tier.profile.self_host.gpu} + ops",
            ),
        )
    ):
        y = legend_y + i * 16
        out.append(
            f'<line x1="{_LEFT + 10}" y1="{y}" x2="{_LEFT + 30}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2"/><text x="{_LEFT + 36}" y="{y + 4}">{escape(label)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def render_html(panels: Sequence[Panel], *, title: str = "hybridgate advise: break-even") -> str:
    sections = []
    for panel in panels:
        tier = panel.model.tier
        sections.append(
            f"<section><h2>{escape(tier.name)}</h2><p>{escape(panel.caption)}</p>\n"
            f'{render_svg(panel.model)}\n<p class="basis">API price: {escape(tier.price_basis)}; '
            f"GPU: {escape(tier.gpu_basis)}; {tier.throughput.tokens_per_s_per_gpu} tokens/s "
            f"per GPU, {tier.throughput.gpus_per_replica} GPU(s) per replica; peak-to-mean "
            f"{tier.profile.peak_to_mean.normalize():f}.</p></section>"
        )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>body{{font-family:sans-serif;margin:2em;"
        "max-width:800px}h2{margin-bottom:.2em}.basis{color:#666;font-size:.85em}</style>"
        f"</head><body><h1>{escape(title)}</h1>\n"
        "<p>Monthly cost against daily volume at each tier's measured mix and burstiness. "
        "The API line grows with volume; self-hosting climbs in whole replicas over a flat "
        "ops overhead.</p>\n" + "\n".join(sections) + "\n</body></html>\n"
    )


def write_chart(path: str | Path, panels: Sequence[Panel]) -> Path:
    target = Path(path)
    target.write_text(render_html(panels), encoding="utf-8")
    return target
