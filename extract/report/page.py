"""The HTML report: one self-contained file a researcher opens in any browser.

No external assets: styles and one small script inline, charts as inline SVG, so the
file can be mailed or archived as is and works offline. Every piece of document text
(quotes, labels, names, messages) goes through :func:`.escape.e`; the script only
reads ``data-*`` attributes and toggles ``hidden``, never writes markup.

Sections: a summary per document (its measurements, how many of its figures the rules
typed, its findings by severity); the findings, each with its quotes side by side and
where they are; per indicator with a time series, a small chart across documents and
municipalities; the checks. A filter bar (severity, check, municipality, indicator,
document, free text) narrows all of them; its state is kept in the address
(``report.html?severity=error&q=wachtlijst``) so a filtered view can be shared.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..checks import ALL_CHECKS, SEVERITIES, severity_rank
from ..checks.evidence import amount, number, span
from ..extraction.coverage import coverage_of
from ..records import Finding, Measurement, MentionRecord
from ..ruleset.load import RuleSet
from ..store.export import atomic_path
from ..store.sqlite import Store
from .assets import CSS, SCRIPT
from .charts import charts
from .escape import data, slug
from .escape import e as _e

MAX_CARDS = 6  # quotes shown side by side; the rest of a finding's figures fold away
ACROSS = "across documents"


def write_report(store: Store, rules: RuleSet | None, path: str | Path) -> Path:
    """Write the report of everything in ``store`` (findings as stored) to ``path``, atomically."""
    path = Path(path)
    documents = store.documents()
    repairs = {d["doc"]: store.load_document(d["doc_id"]).repairs for d in documents
               if d["status"] in ("ok", "partial") and d["doc_id"]}
    text = render_report(documents, store.measurements(), store.mentions(), store.findings(), rules, repairs)
    with atomic_path(path) as tmp:  # a reader never sees half a report
        tmp.write_text(text, encoding="utf-8")
    return path


def render_report(documents: list[dict[str, Any]], measurements: list[Measurement], mentions: list[MentionRecord],
                  findings: list[Finding], rules: RuleSet | None, repairs: dict[str, list[str]] | None = None) -> str:
    labels = {i.id: i.label for i in rules.indicators} if rules is not None else {}
    places = {d["doc"]: d.get("municipality") or "" for d in documents}
    drawn = charts(measurements, labels)
    counts = Counter(f.severity for f in findings)
    body = [
        "<header class='top'><h1>Indicator report</h1>",
        f"<p class='sub'>{len(documents)} documents · {len(measurements)} measurements · {len(findings)} findings "
        f"({_badges(counts)}) · generated {_e(datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC'))}</p>",
        "<nav><a href='#documents'>Documents</a> <a href='#findings'>Findings</a> "
        f"<a href='#indicators'>Indicators ({len(drawn)})</a> <a href='#checks'>Checks</a></nav>",
        _filters(documents, measurements, findings, places),
        "</header>",
        _documents(documents, measurements, mentions, findings, repairs or {}),
        _findings(documents, findings, places),
        "<section id='indicators'><h2>Indicators over time</h2>",
        "<p class='note'>Each chart joins the figures of one indicator, municipality (or region, NL) and "
        "breakdown across documents; hover a point for its source. Dashed: targets, forecasts, budgets.</p>",
        "<div class='charts'>" + "".join(drawn) + "</div></section>" if drawn else
        "<p class='note'>No indicator has more than two figures over time yet.</p></section>",
        _checks(findings),
    ]
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Indicator report</title><style>{CSS}</style></head><body><main>{''.join(body)}</main>"
            f"<script>{SCRIPT}</script></body></html>\n")


# -- filters --------------------------------------------------------------------------------------


def _filters(documents, measurements: list[Measurement], findings: list[Finding], places: dict[str, str]) -> str:
    """The filter bar: one list per facet, of the values the report holds."""
    facets = {
        "severity": [s for s in reversed(SEVERITIES) if any(f.severity == s for f in findings)],
        "check": sorted({f.check for f in findings}),
        "municipality": sorted({p for p in places.values() if p}),
        "indicator": sorted({m.indicator for m in measurements if m.indicator}),
        "doc": [d["doc"] for d in documents],
    }
    names = {"severity": "any severity", "check": "any check", "municipality": "any municipality",
             "indicator": "any indicator", "doc": "any document"}
    selects = "".join(
        f"<label><span class='sr'>{_e(facet)}</span><select name='{facet}'><option value=''>{names[facet]}</option>"
        + "".join(f"<option>{_e(v)}</option>" for v in values) + "</select></label>"
        for facet, values in facets.items())
    return ("<form class='filters' id='filters' role='search' onsubmit='return false'>"
            "<label><span class='sr'>search</span><input type='search' name='q' "
            "placeholder='Search messages, quotes, labels'></label>"
            f"{selects}<button type='reset'>Clear</button> <output id='shown' aria-live='polite'>"
            f"{len(findings)} of {len(findings)} findings</output></form>")


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
    own: dict[str, Counter] = defaultdict(Counter)  # the findings grouped under the document, as below
    across: Counter = Counter()  # and those it shares with another document, grouped apart
    for f in findings:
        if _group(f) == ACROSS:
            across.update(f.doc.split("; "))
        else:
            own[f.doc][f.severity] += 1
    rows = []
    for d in documents:
        name = d["doc"]
        attrs = data(doc=name, municipality=d.get("municipality") or "",
                     indicator={m.indicator for m in by_doc_measurements[name]})
        if d["status"] == "error":
            rows.append(f"<tr class='failed' id='doc-{slug(name)}'{attrs}><td>{_e(name)}</td>"
                        f"<td colspan='5'>not read: {_e(d['error'])}</td></tr>")
            continue
        c = coverage_of(name, d.get("municipality"), by_doc_measurements[name], by_doc_mentions[name],
                        repairs.get(name, ()))
        share = f"{c.typed_share:.0%}" if c.figures else "-"
        warnings = "".join(f"<br><small class='warn'>⚠ {_e(w)}</small>" for w in c.warnings())
        if d["status"] == "partial":
            warnings = f"<br><small class='partial'>read only in part: {_e(d['error'])}</small>" + warnings
        coverage = (f"<span class='big'>{share}</span> typed: {c.typed} of {c.figures} figures"
                    f"<br><small>{c.labelled} labelled, {c.unmapped} unmapped; {others[name]} other numbers</small>"
                    f"{warnings}")
        period = span(d.get("period_start"), d.get("period_end")) if d.get("period_end") else ""
        found = (f"<a href='#findings-{slug(name)}'>{_badges(own[name])}</a>" if own[name] else "—")
        if across[name]:
            found += f"<br><small><a href='#findings-{slug(ACROSS)}'>+{across[name]} {ACROSS}</a></small>"
        rows.append(
            f"<tr id='doc-{slug(name)}'{attrs}><td><strong>{_e(name)}</strong><br>"
            f"<small>{_e(d.get('title') or '')}</small></td>"
            f"<td>{_e(d.get('municipality') or '')}<br><small>{_e(d.get('doc_type') or '')}</small></td>"
            f"<td>{_e(period)}<br><small>{_e(d.get('period_label') or '')} · {_e(d.get('format') or '')}</small></td>"
            f"<td class='num'>{c.typed + c.labelled}</td><td>{coverage}</td><td>{found}</td></tr>")
    return ("<section id='documents'><h2>Documents</h2><table class='docs'><thead><tr><th>Document</th>"
            "<th>Municipality</th><th>Period</th><th>Measurements</th><th>Typed coverage</th><th>Findings</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")


# -- findings -------------------------------------------------------------------------------------


def _findings(documents, findings: list[Finding], places: dict[str, str]) -> str:
    """The findings by document (as many as the documents table shows), then those across documents."""
    if not findings:
        return "<section id='findings'><h2>Findings</h2><p class='note'>No findings: every check passed.</p></section>"
    names = {c.code: c.name for c in ALL_CHECKS}
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[_group(f)].append(f)
    known = [d["doc"] for d in documents if d["doc"] in groups]
    order = known + sorted(set(groups) - set(known) - {ACROSS}) + ([ACROSS] if ACROSS in groups else [])
    parts = ["<section id='findings'><h2>Findings</h2>"]
    for group in order:
        items = sorted(groups[group], key=lambda f: (-severity_rank(f.severity), f.check, f.doc))
        title = "Across documents" if group == ACROSS else group
        link = f" <a class='up' href='#doc-{slug(group)}'>document</a>" if group in places else ""
        parts.append(f"<div class='group' id='findings-{slug(group)}'><h3>{_e(title)} <span class='count'>"
                     f"{_badges(Counter(f.severity for f in items))}</span>{link}</h3>")
        parts.extend(_finding(f, names.get(f.check, ""), places) for f in items)
        parts.append("</div>")
    return "".join(parts) + "</section>"


def _group(f: Finding) -> str:
    """Where a finding is listed: under its document, or (several documents) across documents."""
    return ACROSS if "; " in f.doc else f.doc


def _finding(f: Finding, name: str, places: dict[str, str]) -> str:
    cards = [_card(m, f.doc) for m in f.measurements]
    shown, folded = cards[:MAX_CARDS], cards[MAX_CARDS:]
    more = (f"<details><summary>{len(folded)} more figure(s)</summary><div class='evidence'>{''.join(folded)}"
            "</div></details>") if folded else ""
    compare = "".join(f"<div><dt>{label}</dt><dd>{_e(value)}</dd></div>"
                      for label, value in (("Stated", f.stated), ("Expected", f.expected)) if value)
    review = (f" <span class='review {_e(f.review)}'>{_e(f.review)}{': ' + _e(f.review_note) if f.review_note else ''}"
              "</span>") if f.review else ""
    docs = f.doc.split("; ")
    attrs = data(severity=f.severity, check=f.check, doc=docs, municipality={places.get(d, "") for d in docs},
                 indicator={m.get("indicator") or "" for m in f.measurements})
    return (f"<article class='finding {_e(f.severity)}{' dismissed' if f.review == 'dismissed' else ''}' "
            f"id='{_e(f.finding_id)}'{attrs}><header><span class='badge {_e(f.severity)}'>{_e(f.severity)}"
            f"</span> <code>{_e(f.check)}</code> {_e(name)} <a class='fid' href='#{_e(f.finding_id)}'>"
            f"<code>{_e(f.finding_id)}</code></a>{review}</header>"
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
