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
        assert f">{html.escape(d['doc'])}</a>" in text
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
    row = re.search(r"<tr><td><a href='#doc-haarlem-2017-q2-rapportage-sociaal-domein'>.*?</tr>", text).group(0)
    assert re.search(r"<td class='num'>\d+</td>", row)  # figures found
    assert re.search(r"<span class='big'>\d+%</span> \d+ of \d+ figures typed", row)  # typed coverage
    assert re.search(r"<small>\d+ labelled, \d+ unmapped, \d+ other numbers</small>", row)
    assert "error</span>" in row and "warning</span>" in row


def test_report_has_time_series_charts(built):
    _, _, text, _, _ = built
    charts = re.findall(r"<figure class='chart'>.*?</figure>", text, flags=re.S)
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
    assert "<script" not in text.lower()


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
    assert "<script" not in dom.lower()  # the document's script stayed text
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
