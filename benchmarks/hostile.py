"""Hostile files and settings, each run through `harvest run` in a process of its own.

Prints one row per case: the exit code, how many lines stderr got, the status the store
recorded for the hostile document, the seconds and the peak memory of the process. The
promise: one line naming the file and the reason, the right status and exit code, the batch
going on (a good report beside the hostile one is read too), and under 1 GB per document.

    python benchmarks/hostile.py [--only NAME] [--big]

``--big`` builds the full-size cases of the adversarial run (a 300 MB DOCX member, a million
lines); without it they are a fifth of that, which shows the same bounds faster.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_docx_reader import rezipped_docx  # noqa: E402
from test_partial import GLYPHS, HELVETICA, NO_MAP, SENTENCE, TITLE, deep_html, raw_pdf, readable  # noqa: E402

GOOD = ROOT / "corpus" / "haarlemmermeer_2017-06_raadsbrief-sociaal-domein.md"


def cases(scale: int) -> dict[str, Callable[[Path], list[str]]]:
    """name -> a function that fills the input folder and returns extra arguments for `harvest run`."""
    def write(name: str, data: bytes | str) -> Callable[[Path], list[str]]:
        def make(folder: Path) -> list[str]:
            path = folder / name
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            return []
        return make

    def symlink_loop(folder: Path) -> list[str]:
        (folder / "lus").symlink_to(folder, target_is_directory=True)
        (folder / "a.txt").symlink_to(folder / "b.txt")
        (folder / "b.txt").symlink_to(folder / "a.txt")
        return []

    def fifo(folder: Path) -> list[str]:
        os.mkfifo(folder / "haarlem_pijp.txt")
        return []

    def bad_name(folder: Path) -> list[str]:
        with open(os.fsencode(folder) + b"/haarlem_\xff.txt", "w", encoding="utf-8") as f:
            f.write(f"{TITLE}\n\n{SENTENCE}\n")
        return []

    def bad_rules(folder: Path) -> list[str]:
        rules = folder.parent / "rules"
        shutil.copytree(ROOT / "rules", rules)
        vocabulary = rules / "vocabulary.yaml"
        text = vocabulary.read_text(encoding="utf-8")
        vocabulary.write_text(text.replace("  region_pattern: ", '  region_pattern: "([a-z"  # ', 1), encoding="utf-8")
        return ["--rules", str(rules)]

    def python_manifest(folder: Path) -> list[str]:
        (folder / "manifest.yaml").write_text('files:\n  x.md: !!python/object/apply:os.system ["echo hi"]\n')
        return []

    def damaged_store(folder: Path) -> list[str]:
        out = folder.parent / "out"
        out.mkdir()
        with sqlite3.connect(out / "indicators.sqlite") as conn:
            conn.execute("CREATE TABLE schema_version (version INTEGER)")
        return []

    def unmakeable_out(folder: Path) -> list[str]:
        (folder.parent / "afile").write_text("x")
        return ["--out", str(folder.parent / "afile" / "out")]

    lines = 200_000 * scale
    return {
        "sentence of 1.2 M characters": write("haarlem_zin.txt", f"{TITLE}\n\n" + "twaalf komma vijf " * 70_000),
        "symlink loop and cycle": symlink_loop,
        "FIFO named .txt": fifo,
        "file name not UTF-8": bad_name,
        "400-digit number": write("haarlem_getal.txt", f"{TITLE}\n\nEr waren {'9' * 400} bezwaren.\n"),
        "HTML nested 300 deep": write("haarlem_diep.html", deep_html(300)),
        "UTF-32 HTML": write("haarlem_utf32.html", f"<html><body><h1>{TITLE}</h1><p>{SENTENCE}</p></body></html>"
                              .encode("utf-32")),
        "PDF without Unicode map": write("haarlem_cid.pdf", raw_pdf([(NO_MAP, GLYPHS)] * 2)),
        "PDF one page unmapped": write("haarlem_deels.pdf", raw_pdf([(HELVETICA, readable(TITLE)),
                                                                     (HELVETICA, readable(SENTENCE)),
                                                                     (NO_MAP, GLYPHS)])),
        f"DOCX member {60 * scale} MB behind 137 KB": write("haarlem_bom.docx", rezipped_docx(60_000_000 * scale, declared_real=False)),
        f"{lines:,} lines of 12,5%": write("haarlem_lijnen.txt", f"{TITLE}\n" + "12,5%\n" * lines),
        f"{60_000 * scale:,} numbers on one line": write("haarlem_regel.txt", f"{TITLE}. " + "12,5% " * 60_000 * scale),
        "region_pattern not a regex": bad_rules,
        "manifest with a Python tag": python_manifest,
        "damaged schema_version": damaged_store,
        "--out under a file": unmakeable_out,
    }


def run_case(name: str, make: Callable[[Path], list[str]]) -> tuple:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        shutil.copy(GOOD, folder)
        extra = make(folder)
        out = Path(tmp) / "out"
        args = [sys.executable, "-m", "extract.cli", "run", str(folder), "--out", str(out), "-q", "--workers", "1",
                *extra]
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, timeout=900)
        seconds = time.perf_counter() - started
        code, peak = (int(x) for x in done.stdout.split())
        lines = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        return name, code, len(lines), _statuses(out / "indicators.sqlite"), seconds, peak / 1024, lines[:1]


#: runs the command and prints its exit code and its peak resident memory (KiB): the wrapper's
#: only child, so the children's maximum is the command's own
_MEASURED = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _statuses(store: Path) -> str:
    if not store.exists():
        return "no store"
    try:
        with sqlite3.connect(store) as conn:
            rows = conn.execute("SELECT status, count(*) FROM documents GROUP BY status ORDER BY status").fetchall()
    except sqlite3.Error as err:
        return f"({err})"
    return ", ".join(f"{n} {s}" for s, n in rows) or "empty"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run the cases whose name holds this")
    parser.add_argument("--big", action="store_true", help="the full-size cases")
    options = parser.parse_args()
    print(f"{'case':38} {'exit':>4} {'lines':>5} {'stored':22} {'s':>6} {'peak MB':>8}  first line of stderr")
    for name, make in cases(5 if options.big else 1).items():
        if options.only and options.only not in name:
            continue
        case, code, lines, statuses, seconds, peak, first = run_case(name, make)
        print(f"{case:38} {code:>4} {lines:>5} {statuses:22} {seconds:6.1f} {peak:8.0f}  {(first or [''])[0][:110]}",
              flush=True)


if __name__ == "__main__":
    main()
