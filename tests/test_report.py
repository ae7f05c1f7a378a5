"""The HTML report of the corpus: written, self-contained, escaped, with the findings and charts.

The render tests run headless Chromium when it is installed and skip, saying so,
when it is not (``apt-get install chromium``).
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import pytest
from click.testing import CliRunner
from conftest import CORPUS, ROOT

from extract.batch.pipeline import ingest
from extract.cli.check import refresh_findings, report
from extract.report import write_report
from extract.report.assets import SCRIPT
from extract.report.escape import slug
from extract.ruleset.load import load_rules
from extract.store.sqlite import Store

RULES = load_rules(ROOT / "rules")
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")

#: a report quoting a document that contains markup: the quote must reach the reader as text
INJECTED = """Rapportage sociaal domein gemeente Haarlem, tweede kwartaal 2017

Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736 <script>alert('x')</script>. Eind juni 2017 is het aantal \
bijstandsgerechtigden gedaald tot 3835.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The corpus plus one document with a <script> in a quoted sentence, checked and reported."""
    folder = tmp_path_factory.mktemp("report")
    extra = folder / "in"
    extra.mkdir()
    (extra / "haarlem_2017-q2_injectie.txt").write_text(INJECTED, encoding="utf-8")
    store_path, out = folder / "indicators.sqlite", folder / "report.html"
    with Store.open(store_path) as store:
        ingest([CORPUS, extra], store, RULES, workers=1)
        findings = refresh_findings(store, RULES)
        write_report(store, RULES, out)
        documents = store.documents()
    return store_path, out, out.read_text(encoding="utf-8"), findings, documents


def test_report_is_written_with_every_document_and_finding(built):
    _, out, text, findings, documents = built
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    for d in documents:
        assert f"<strong>{html.escape(d['doc'])}</strong>" in text
    assert findings
    for f in findings:
        assert html.escape(f.message) in text
    assert text.count("<article class='finding") == len(findings)
    # the quotes side by side, with where they are: the 53% of the contract value and its two figures
    assert "In het eerste halfjaar is € <mark>12,04</mark> miljoen besteed" in text
    assert "een waarde van € <mark>23,1</mark> miljoen" in text
    assert "line 377" in text


def test_report_summarises_each_document(built):
    _, _, text, _, _ = built
    row = re.search(r"<tr id='doc-haarlem-2017-q2-rapportage-sociaal-domein'.*?</tr>", text).group(0)
    assert re.search(r"<td class='num'>\d+</td>", row)  # measurements found
    assert re.search(r"<span class='big'>\d+%</span> typed: \d+ of \d+ figures", row)  # typed coverage
    assert re.search(r"<small>\d+ labelled, \d+ unmapped; \d+ other numbers</small>", row)
    assert "error</span>" in row and "warning</span>" in row


def test_report_has_time_series_charts(built):
    _, _, text, _, _ = built
    charts = re.findall(r"<figure class='chart'[^>]*>.*?</figure>", text, flags=re.S)
    assert len(charts) >= 5
    [youth] = [c for c in charts if "<code>jeugdhulp.jongeren_pct</code>" in c]
    assert youth.count("<svg") == 1 and youth.count("<polyline") >= 2  # Haarlem and Haarlemmermeer
    assert "Haarlem" in youth and "Haarlemmermeer" in youth
    assert "<title>8,8% · 2016 · haarlem_2017" in youth  # every point says where it comes from


def test_report_escapes_document_text(built):
    _, _, text, findings, _ = built
    quoted = [m["quote"] for f in findings for m in f.measurements if "<script>" in m["quote"]]
    assert quoted, "the injected document should be quoted by a finding"
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert text.lower().count("<script") == 1 and f"<script>{SCRIPT}</script>" in text  # only the filter's own


def test_report_is_self_contained(built):
    _, _, text, _, _ = built
    assert not re.search(r"<(?:link|img|iframe|object|embed)\b", text, flags=re.I)
    assert not re.search(r"\bsrc\s*=", text, flags=re.I)
    assert re.findall(r"href='([^']*)'", text) and all(h.startswith("#") for h in re.findall(r"href='([^']*)'", text))
    assert "@import" not in text and "url(" not in text


def test_report_command_checks_and_writes(built, tmp_path):
    store_path = built[0]
    out = tmp_path / "sub" / "r.html"
    result = CliRunner().invoke(report, ["--store", str(store_path), "--out", str(out), "--rules", str(ROOT / "rules")])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("<article class='finding") == len(built[3])
    assert f"report: {out}" in result.stderr


@needs_chromium
def test_chromium_renders_the_report_without_running_document_text(built):
    _, out, _, findings, _ = built
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                              "--disable-component-update", "--no-first-run", "--disable-sync",
                              f"--user-data-dir={profile}", "--dump-dom", out.resolve().as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
    assert "<title>Indicator report</title>" in dom
    assert dom.lower().count("<script") == 1  # the filter's; the document's script stayed text
    assert "alert('x')" in html.unescape(dom) and dom.count("class=\"finding") == len(findings)


@needs_chromium
def test_render_script_makes_a_screenshot(built, tmp_path):
    _, out, _, _, _ = built
    png = tmp_path / "report.png"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "render_report.py"), str(out), "--png", str(png),
                           "--width", "1000", "--height", "1500", "--repeat", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "render" in done.stdout and "KiB" in done.stdout
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1000, 1500)
    assert png.stat().st_size > 20_000  # a page with text and charts, not a blank one


def test_report_counts_agree_between_the_documents_table_and_the_findings(built):
    """The table counted a cross-document finding under both documents, the findings listed it
    apart: Q2 2017 showed 6 errors in the table and 5 under its heading."""
    _, _, text, findings, documents = built
    for d in documents:
        own = [f for f in findings if f.doc == d["doc"]]
        row = re.search(rf"<tr id='doc-{slug(d['doc'])}'.*?</tr>", text).group(0)
        cell = re.findall(r"<td>(.*?)</td>", row)[-1]
        group = re.search(rf"<div class='group' id='findings-{slug(d['doc'])}'><h3>.*?</h3>", text)
        for severity in ("error", "warning", "info"):
            n = sum(f.severity == severity for f in own)
            shown = re.search(rf">(\d+) {severity}<", cell)
            assert (int(shown.group(1)) if shown else 0) == n, (d["doc"], severity)
            if group:
                in_group = re.search(rf">(\d+) {severity}<", group.group(0))
                assert (int(in_group.group(1)) if in_group else 0) == n
        across = sum("; " in f.doc and d["doc"] in f.doc.split("; ") for f in findings)
        assert (f"+{across} across documents" in row) == (across > 0)
    measurements = sum(int(n) for n in re.findall(r"<tr id='doc-[^']*'.*?<td class='num'>(\d+)</td>", text))
    assert f"· {measurements} measurements ·" in text


def test_every_anchor_leads_somewhere(built):
    _, _, text, _, _ = built
    ids = re.findall(r"\bid='([^']+)'", text)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r"href='#([^']+)'", text)) <= set(ids)


def test_the_filter_bar_lists_what_the_report_holds(built):
    _, _, text, findings, documents = built
    form = re.search(r"<form class='filters'.*?</form>", text, flags=re.S).group(0)
    for facet in ("severity", "check", "municipality", "indicator", "doc"):
        assert f"<select name='{facet}'>" in form
    assert "<input type='search' name='q'" in form
    options = set(re.findall(r"<option>([^<]*)</option>", form))
    assert {f.check for f in findings} | {f.severity for f in findings} | {"Haarlem", "Haarlemmermeer"} <= options
    assert {html.escape(d["doc"]) for d in documents} <= options
    # every finding carries what the filter compares: Q2's share finding of "53% van de contractwaarde"
    [share] = [f for f in findings if f.check == "HC002" and "53%" in f.stated]
    article = re.search(rf"<article [^>]*id='{share.finding_id}'[^>]*>", text).group(0)
    assert "data-severity='error'" in article and "data-check='HC002'" in article
    assert "data-municipality='Haarlem'" in article and "contracten.benutting" in article


def test_print_keeps_a_finding_card_on_one_page(built):
    _, _, text, _, _ = built
    css = re.search(r"@media print\{(.*?)\}\}", text, flags=re.S).group(1)
    assert re.search(r"\.finding,[^{]*\{[^}]*break-inside:avoid", css)
    assert ".filters,nav" in css  # the controls are not printed


def test_report_open_shows_it_in_the_browser(built, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(report, ["--store", str(built[0]), "--out", str(out), "--rules", str(ROOT / "rules"),
                                         "--open"])
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]


def dump(url: str) -> str:
    """The DOM after the page's script ran, as headless Chromium leaves it."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                               "--disable-background-networking", "--disable-component-update", "--no-first-run",
                               "--disable-sync", f"--user-data-dir={profile}", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120).stdout


def articles(dom: str) -> list[str]:
    return re.findall(r"<article [^>]*>", dom)


@needs_chromium
def test_chromium_filters_by_severity_municipality_and_words(built):
    _, out, _, findings, _ = built
    uri = out.resolve().as_uri()
    errors = dump(uri + "?severity=error")
    shown = [a for a in articles(errors) if " hidden" not in a]
    assert len(shown) == sum(f.severity == "error" for f in findings) > 0
    assert all("data-severity=\"error\"" in a for a in shown)
    assert f"{len(shown)} of {len(findings)} findings" in errors
    # a municipality narrows the findings and the documents table alike
    meer = dump(uri + "?municipality=Haarlemmermeer")
    rows = re.findall(r"<tr id=\"doc-[^>]*>", meer)
    assert rows and all(("Haarlemmermeer" in r) != (" hidden" in r) for r in rows)
    assert all(("Haarlemmermeer" in a) != (" hidden" in a) for a in articles(meer))
    # free text: every word must occur in the finding (message, quotes, labels)
    words = dump(uri + "?q=contractwaarde%2053%25")
    shown = [a for a in articles(words) if " hidden" not in a]
    assert shown and len(shown) < len(findings)
