"""The HTML report: one self-contained file a researcher opens in any browser.

No external assets (styles inline, charts as inline SVG, no scripts), so the file
can be mailed or archived as is. Every piece of document text (quotes, labels,
names, messages) goes through :func:`html.escape`: reports quote municipal
documents, and a document may contain anything, ``<script>`` included.

Sections: a summary per document (figures found, how many of its numbers the rules
mapped, findings by severity); the findings, each with its quotes side by side and
where they are; per indicator with a time series (more than two points over at
least two periods), a small chart across documents and municipalities.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .checks import ALL_CHECKS, SEVERITIES, severity_rank
from .checks.evidence import amount, number, span
from .extraction.coverage import coverage_of
from .records import Finding, Measurement, MentionRecord
from .ruleset.load import RuleSet
from .store.export import atomic_path
from .store.sqlite import Store

MAX_CARDS = 6  # quotes shown side by side; the rest of a finding's figures fold away
MAX_SERIES = 8
PALETTE = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7f8c", "#57606a")
W, H, LEFT, RIGHT, TOP, BOTTOM = 460, 190, 58, 14, 12, 26


def write_report(store: Store, rules: RuleSet | None, path: str | Path) -> Path:
    """Write the report of everything in ``store`` (findings as stored) to ``path``, atomically."""
    path = Path(path)
    documents = store.documents()
    repairs = {d["doc"]: store.load_document(d["doc_id"]).repairs for d in documents if d["status"] == "ok" and d["doc_id"]}
    text = render_report(documents, store.measurements(), store.mentions(), store.findings(), rules, repairs)
    with atomic_path(path) as tmp:  # a reader never sees half a report
        tmp.write_text(text, encoding="utf-8")
    return path


def render_report(documents: list[dict[str, Any]], measurements: list[Measurement], mentions: list[MentionRecord],
                  findings: list[Finding], rules: RuleSet | None, repairs: dict[str, list[str]] | None = None) -> str:
    labels = {i.id: i.label for i in rules.indicators} if rules is not None else {}
    charts = _charts(measurements, labels)
    counts = Counter(f.severity for f in findings)
    body = [
        "<header class='top'><h1>Indicator report</h1>",
        f"<p class='sub'>{len(documents)} documents · {len(measurements)} figures · {len(findings)} findings "
        f"({_badges(counts)}) · generated {_e(datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC'))}</p>",
        "<nav><a href='#documents'>Documents</a> <a href='#findings'>Findings</a> "
        f"<a href='#indicators'>Indicators ({len(charts)})</a> <a href='#checks'>Checks</a></nav></header>",
        _documents(documents, measurements, mentions, findings, repairs or {}),
        _findings(documents, findings),
        "<section id='indicators'><h2>Indicators over time</h2>",
        "<p class='note'>Each chart joins the figures of one indicator, municipality (or region, NL) and "
        "breakdown across documents; hover a point for its source. Dashed: targets, forecasts, budgets.</p>",
        "<div class='charts'>" + "".join(charts) + "</div></section>" if charts else
        "<p class='note'>No indicator has more than two figures over time yet.</p></section>",
        _checks(findings),
    ]
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Indicator report</title><style>{CSS}</style></head><body><main>{''.join(body)}</main></body></html>\n")


# -- documents ------------------------------------------------------------------------------------


def _documents(documents, measurements, mentions, findings, repairs: dict[str, list[str]]) -> str:
    by_doc_measurements: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        by_doc_measurements[m.doc].append(m)
    by_doc_mentions: dict[str, list[MentionRecord]] = defaultdict(list)
    others: Counter = Counter()
    for n in mentions:
        by_doc_mentions[n.doc].append(n)
        others[n.doc] += n.status == "non_measurement"
    by_doc: dict[str, Counter] = defaultdict(Counter)
    for f in findings:
        for doc in f.doc.split("; "):
            by_doc[doc][f.severity] += 1
    rows = []
    for d in documents:
        name = d["doc"]
        if d["status"] != "ok":
            rows.append(f"<tr class='failed'><td>{_e(name)}</td><td colspan='5'>not read: {_e(d['error'])}</td></tr>")
            continue
        c = coverage_of(name, d.get("municipality"), by_doc_measurements[name], by_doc_mentions[name],
                        repairs.get(name, ()))
        share = f"{c.typed_share:.0%}" if c.figures else "-"
        warnings = "".join(f"<br><small class='warn'>⚠ {_e(w)}</small>" for w in c.warnings())
        coverage = (f"<span class='big'>{share}</span> {c.typed} of {c.figures} figures typed"
                    f"<br><small>{c.labelled} labelled, {c.unmapped} unmapped, {others[name]} other numbers</small>"
                    f"{warnings}")
        period = span(d.get("period_start"), d.get("period_end")) if d.get("period_end") else ""
        rows.append(
            f"<tr><td><a href='#doc-{_slug(name)}'>{_e(name)}</a><br><small>{_e(d.get('title') or '')}</small></td>"
            f"<td>{_e(d.get('municipality') or '')}<br><small>{_e(d.get('doc_type') or '')}</small></td>"
            f"<td>{_e(period)}<br><small>{_e(d.get('period_label') or '')} · {_e(d.get('format') or '')}</small></td>"
            f"<td class='num'>{c.typed + c.labelled}</td><td>{coverage}</td><td>{_badges(by_doc[name]) or '—'}</td></tr>")
    return ("<section id='documents'><h2>Documents</h2><table class='docs'><thead><tr><th>Document</th>"
            "<th>Municipality</th><th>Period</th><th>Figures</th><th>Typed coverage</th><th>Findings</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")


# -- findings -------------------------------------------------------------------------------------


def _findings(documents, findings: list[Finding]) -> str:
    if not findings:
        return "<section id='findings'><h2>Findings</h2><p class='note'>No findings: every check passed.</p></section>"
    names = {c.code: c.name for c in ALL_CHECKS}
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.doc].append(f)
    known = [d["doc"] for d in documents if d["doc"] in groups]
    order = known + sorted(set(groups) - set(known))
    parts = ["<section id='findings'><h2>Findings</h2>"]
    for doc in order:
        items = sorted(groups[doc], key=lambda f: (-severity_rank(f.severity), f.check))
        title = "Across documents: " + doc.replace("; ", " · ") if "; " in doc else doc
        parts.append(f"<h3 id='doc-{_slug(doc)}'>{_e(title)} <span class='count'>"
                     f"{_badges(Counter(f.severity for f in items))}</span></h3>")
        parts.extend(_finding(f, names.get(f.check, "")) for f in items)
    return "".join(parts) + "</section>"


def _finding(f: Finding, name: str) -> str:
    cards = [_card(m, f.doc) for m in f.measurements]
    shown, folded = cards[:MAX_CARDS], cards[MAX_CARDS:]
    more = (f"<details><summary>{len(folded)} more figure(s)</summary><div class='evidence'>{''.join(folded)}"
            "</div></details>") if folded else ""
    compare = "".join(f"<div><dt>{label}</dt><dd>{_e(value)}</dd></div>"
                      for label, value in (("Stated", f.stated), ("Expected", f.expected)) if value)
    review = (f" <span class='review {_e(f.review)}'>{_e(f.review)}{': ' + _e(f.review_note) if f.review_note else ''}"
              "</span>") if f.review else ""
    return (f"<article class='finding {_e(f.severity)}{' dismissed' if f.review == 'dismissed' else ''}' "
            f"id='{_e(f.finding_id)}'><header><span class='badge {_e(f.severity)}'>{_e(f.severity)}"
            f"</span> <code>{_e(f.check)}</code> {_e(name)} <code class='fid'>{_e(f.finding_id)}</code>{review}</header>"
            f"<p class='message'>{_e(f.message)}</p>"
            f"{'<dl class=compare>' + compare + '</dl>' if compare else ''}"
            f"<div class='evidence'>{''.join(shown)}</div>{more}</article>")


def _card(m: dict[str, Any], finding_doc: str) -> str:
    where = [m["doc"]] if m["doc"] != finding_doc else []
    where += [f"p{m['page']}"] if m.get("page") else []
    where += [f"line {m['line']}"] if m.get("line") else []
    if m.get("cell"):
        where.append(f"table cell {m['cell'][0]},{m['cell'][1]}")
    dims = ", ".join(f"{k}={v}" for k, v in sorted((m.get("dimensions") or {}).items()))
    period = span(m.get("period_start"), m.get("period_end"))
    meta = " · ".join(x for x in (m.get("indicator", ""), dims, m.get("geography") or "", period, m.get("kind", "")) if x)
    if m.get("value") is None:  # words of the text, not a figure (HC011's period)
        quote, stated = _mark(m.get("quote", ""), m.get("text", "")), _e(m.get("text", ""))
    else:
        quote, stated = _highlight(m.get("quote", ""), m["value"], m["unit"]), _e(amount(m["value"], m["unit"]))
    return (f"<figure class='card'><figcaption><span class='role'>{_e(m.get('role', ''))}</span> "
            f"{_e(' · '.join(where))}</figcaption><blockquote>{quote}"
            f"</blockquote><div class='meta'><strong>{stated}</strong> {_e(meta)}</div>"
            "</figure>")


def _mark(quote: str, words: str) -> str:
    """The escaped quote with ``words`` marked where they stand."""
    at = quote.find(words) if words else -1
    if at < 0:
        return _e(quote)
    return f"{_e(quote[:at])}<mark>{_e(words)}</mark>{_e(quote[at + len(words):])}"


def _highlight(quote: str, value: float, unit: str) -> str:
    """The escaped quote with the figure marked where it can be found as written."""
    for form in _forms(value, unit):
        found = re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", quote)
        if found:
            return f"{_e(quote[:found.start()])}<mark>{_e(found.group(0))}</mark>{_e(quote[found.end():])}"
    return _e(quote)


def _forms(value: float, unit: str) -> list[str]:
    forms = [number(value), number(abs(value))]
    if float(value).is_integer():
        forms.append(str(int(abs(value))))
    if unit == "eur" and abs(value) >= 1_000_000:
        forms.append(number(abs(value) / 1_000_000))
    return forms


# -- charts ---------------------------------------------------------------------------------------


def _charts(measurements: list[Measurement], labels: dict[str, str]) -> list[str]:
    by_indicator: dict[tuple[str, str], dict[tuple, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    for m in measurements:
        if m.period_end and m.kind != "change" and not math.isnan(m.value):
            key = (m.municipality, m.geography, m.kind, tuple(sorted(m.dimensions.items())))
            by_indicator[(m.indicator, m.unit)][key].append(m)
    charts = []
    for (indicator, unit), series in sorted(by_indicator.items()):
        drawn = {k: v for k, v in series.items() if len({_x(m) for m in v}) >= 2}
        if sum(len(v) for v in drawn.values()) > 2:
            ranked = sorted(drawn.items(), key=lambda kv: -len(kv[1]))
            charts.append(_chart(indicator, labels.get(indicator, ""), unit, ranked[:MAX_SERIES],
                                 len(ranked) - MAX_SERIES))
    return charts


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
    return (f"<figure class='chart'><figcaption><code>{_e(indicator)}</code> {_e(label)} <small>({_e(unit)})</small>"
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


# -- checks legend and helpers --------------------------------------------------------------------


def _checks(findings: list[Finding]) -> str:
    counts = Counter(f.check for f in findings)
    rows = "".join(f"<tr><td><code>{_e(c.code)}</code></td><td>{_e(c.name)}</td><td>{_e(c.description)}</td>"
                   f"<td class='num'>{counts[c.code]}</td></tr>" for c in ALL_CHECKS)
    return ("<section id='checks'><h2>Checks</h2><p class='note'>Figures are compared as intervals of what their "
            "digits allow, so rounding is never an error; a match that needs the rounding is reported as info."
            "</p><table class='checks'><thead><tr><th>Code</th><th>Check</th><th>What it verifies</th>"
            f"<th>Findings</th></tr></thead><tbody>{rows}</tbody></table></section>")


def _badges(counts: Counter) -> str:
    return " ".join(f"<span class='badge {s}'>{counts[s]} {s}</span>"
                    for s in reversed(SEVERITIES) if counts.get(s))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--err:#b42318;--warn:#9a6700;--info:#0969da}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:#fff}main{max-width:1180px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:26px;margin:0}h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:28px 0 10px;overflow-wrap:anywhere}.sub{color:var(--muted);margin:4px 0 10px}
nav a{margin-right:16px;color:var(--info);text-decoration:none}nav a:hover{text-decoration:underline}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:8px 10px;
border-bottom:1px solid var(--line)}th{background:var(--bg);font-weight:600;font-size:13px}
td small,.note,figcaption small{color:var(--muted)}.num{text-align:right;font-variant-numeric:tabular-nums}
.docs td:first-child{overflow-wrap:anywhere;max-width:340px}.big{font-weight:600}tr.failed td{color:var(--err)}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;
white-space:nowrap}.badge.error{background:var(--err)}small.warn{color:#8a5a00}.badge.warning{background:var(--warn)}
.badge.info{background:var(--info)}.count{font-weight:400}
.finding{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:6px;padding:12px 16px;
margin:12px 0;background:#fff}.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}
.finding header{font-size:13px;color:var(--muted)}.finding.dismissed{opacity:.55}.fid{font-size:11px}
.review{font-weight:600;margin-left:6px}.review.confirmed{color:var(--err)}.review.dismissed{color:var(--muted)}.message{margin:6px 0 8px;font-size:15px}
.compare{display:flex;gap:24px;margin:0 0 10px;font-size:13px}.compare dt{color:var(--muted)}.compare dd{margin:0}
.evidence{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:10px}
.card{margin:0;background:var(--bg);border-radius:6px;padding:8px 10px;font-size:13px}
.card figcaption{color:var(--muted);font-size:12px}.role{font-weight:600;color:var(--fg);text-transform:uppercase;
font-size:11px;letter-spacing:.03em}.card blockquote{margin:6px 0;padding-left:8px;border-left:3px solid var(--line);
font-family:Georgia,serif;font-size:14px;overflow-wrap:anywhere}.card .meta{color:var(--muted);font-size:12px}
.card .meta strong{color:var(--fg)}mark{background:#fff3b0;padding:0 2px;border-radius:2px}
details summary{cursor:pointer;color:var(--info);font-size:13px;margin:8px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px}
.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px}.chart figcaption{font-size:13px;
margin-bottom:4px}.chart svg{max-width:100%;height:auto}.grid{stroke:#eaeef2;stroke-width:1}
.ylab{font-size:10px;fill:var(--muted);text-anchor:end}.xlab{font-size:10px;fill:var(--muted);text-anchor:middle}
.legend{list-style:none;margin:4px 0 0;padding:0;font-size:12px;display:flex;flex-wrap:wrap;gap:4px 14px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--bg);padding:1px 4px;border-radius:4px}
"""
