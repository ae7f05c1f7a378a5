"""Small time-series charts as inline SVG: one per indicator with figures over at least two
periods, a line per municipality (or region, NL), kind and breakdown, every point titled with
its source."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

from ..checks.evidence import amount, number, span
from ..records import Measurement
from .escape import data
from .escape import e as _e

MAX_SERIES = 8
PALETTE = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7f8c", "#57606a")
W, H, LEFT, RIGHT, TOP, BOTTOM = 460, 190, 58, 14, 12, 26



def charts(measurements: list[Measurement], labels: dict[str, str]) -> list[str]:
    """One chart per indicator and unit whose figures span at least two periods, largest series first."""
    by_indicator: dict[tuple[str, str], dict[tuple, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    for m in measurements:
        if m.indicator and m.period_end and m.kind != "change" and not math.isnan(m.value):
            key = (m.municipality, m.geography, m.kind, tuple(sorted(m.dimensions.items())))
            by_indicator[(m.indicator, m.unit)][key].append(m)
    found = []
    for (indicator, unit), series in sorted(by_indicator.items()):
        drawn = {k: v for k, v in series.items() if len({_x(m) for m in v}) >= 2}
        if sum(len(v) for v in drawn.values()) > 2:
            ranked = sorted(drawn.items(), key=lambda kv: -len(kv[1]))
            found.append(_chart(indicator, labels.get(indicator, ""), unit, ranked[:MAX_SERIES],
                                 len(ranked) - MAX_SERIES))
    return found


def _x(m: Measurement) -> float:
    """The middle of a measurement's period, in days."""
    end = date.fromisoformat(m.period_end).toordinal()
    start = date.fromisoformat(m.period_start).toordinal() if m.period_start else end
    return (start + end) / 2


def _chart(indicator: str, label: str, unit: str, series: list, hidden: int) -> str:
    points = [m for _, ms in series for m in ms]
    xs, ys = [_x(m) for m in points], [m.value for m in points]
    x0, x1 = min(xs) - 30, max(xs) + 30
    ticks = _nice_ticks(min(0.0, min(ys)), max(ys))
    y0, y1 = ticks[0], ticks[-1]

    def px(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * (W - LEFT - RIGHT)

    def py(y: float) -> float:
        return H - BOTTOM - (y - y0) / (y1 - y0) * (H - TOP - BOTTOM)

    svg = [f"<svg viewBox='0 0 {W} {H}' width='{W}' height='{H}' role='img' aria-label='{_e(indicator)}'>"]
    for t in ticks:
        svg.append(f"<line x1='{LEFT}' x2='{W - RIGHT}' y1='{py(t):.1f}' y2='{py(t):.1f}' class='grid'/>"
                   f"<text x='{LEFT - 6}' y='{py(t) + 4:.1f}' class='ylab'>{_e(_short(t, unit))}</text>")
    first, last = date.fromordinal(int(x0)).year, date.fromordinal(int(x1)).year
    step = max(1, math.ceil((last - first + 1) / 8))
    for year in range(first, last + 1, step):
        x = date(year, 1, 1).toordinal()
        if x0 <= x <= x1:
            svg.append(f"<line x1='{px(x):.1f}' x2='{px(x):.1f}' y1='{TOP}' y2='{H - BOTTOM}' class='grid'/>")
        mid = max(x0, min(x1, date(year, 7, 1).toordinal()))
        svg.append(f"<text x='{px(mid):.1f}' y='{H - 8}' class='xlab'>{year}</text>")
    legend = []
    for n, ((municipality, geography, kind, dims), ms) in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        ms = sorted(ms, key=lambda m: (_x(m), m.value))
        dash = "" if kind == "actual" else " stroke-dasharray='4 3'"
        coords = " ".join(f"{px(_x(m)):.1f},{py(m.value):.1f}" for m in ms)
        svg.append(f"<polyline points='{coords}' fill='none' stroke='{color}' stroke-width='1.6'{dash}/>")
        for m in ms:
            tip = f"{amount(m.value, m.unit)} · {span(m.period_start, m.period_end)} · {m.doc}" + \
                  (f" line {m.line}" if m.line else "") + f"\n{m.quote}"
            svg.append(f"<circle cx='{px(_x(m)):.1f}' cy='{py(m.value):.1f}' r='3.2' fill='{color}'>"
                       f"<title>{_e(tip)}</title></circle>")
        name = " · ".join(x for x in (geography or municipality or "", kind if kind != "actual" else "",
                                      ", ".join(f"{k}={v}" for k, v in dims)) if x)
        legend.append(f"<li><span class='swatch' style='background:{color}'></span>{_e(name)} "
                      f"<small>({len(ms)})</small></li>")
    if hidden > 0:
        legend.append(f"<li><small>and {hidden} more series</small></li>")
    svg.append("</svg>")
    places = {m.geography or m.municipality for m in points} | {m.municipality for m in points}
    return (f"<figure class='chart'{data(indicator=indicator, municipality=places, doc={m.doc for m in points})}><figcaption><code>{_e(indicator)}</code> {_e(label)} <small>({_e(unit)})</small>"
            f"</figcaption>{''.join(svg)}<ul class='legend'>{''.join(legend)}</ul></figure>")


def _nice_ticks(low: float, high: float) -> list[float]:
    """Four or five round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _short(value: float, unit: str) -> str:
    if abs(value) >= 1_000_000:
        return f"{number(value / 1_000_000)} mln"
    return number(value) + ("%" if unit == "percent" else "")
