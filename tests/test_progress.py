"""Progress and summaries of a batch: a bar on a terminal, plain lines in a log, and a re-run
that says what is in the store instead of "0 measurements"."""

from __future__ import annotations

import io
import shutil

from click.testing import CliRunner
from conftest import Q2, RAADSBRIEF

from extract.cli.main import main
from extract.cli.progress import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_rate_and_a_log_gets_lines():
    terminal, log = _Terminal(), io.StringIO()
    bar, lines = progress(False, terminal), progress(False, log)
    for n, name in enumerate(["a.txt", "b.pdf", "c.docx"], start=1):
        bar(n, 3, f"reports/{name}")
        lines(n, 3, f"reports/{name}")
    assert "3/3" in terminal.getvalue() and "doc/s" in terminal.getvalue()
    assert log.getvalue().splitlines() == ["[1/3] reports/a.txt", "[2/3] reports/b.pdf", "[3/3] reports/c.docx"]
    assert progress(True, terminal) is None


def test_a_rerun_says_what_the_store_holds_and_v_names_skipped_files(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(Q2, reports)
    shutil.copy(RAADSBRIEF, reports)
    (reports / "notes.xlsx").write_bytes(b"PK\x03\x04")
    store = tmp_path / "s.sqlite"
    first = CliRunner().invoke(main, ["ingest", str(reports), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "2 new documents read" in first.stderr and "(-v names them)" in first.stderr
    assert "[2/2]" in first.stderr  # CliRunner's stderr is no terminal: plain lines
    again = CliRunner().invoke(main, ["ingest", str(reports), "--store", str(store), "-v"])
    assert "0 new documents read" in again.stderr and "2 unchanged" in again.stderr
    held = int(again.stderr.split(" in the store")[0].rsplit(" ", 1)[1])
    assert held > 100 and "0 new measurements" in again.stderr
    assert "notes.xlsx: skipped: not a supported document type" in again.stderr
