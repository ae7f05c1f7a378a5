"""The store at scale: `harvest check` and each export on a store ten times larger, time and peak memory.

The 46 real reports of the corpus and the dev set (36 municipalities, 2009-2026) are
ingested once; the store is then grown in SQL to ``--groups`` and ten times as many copies of
them, each copy a document of its own under a municipality name of its own ("Almelo 17"),
so that the checks meet as many municipalities as a country's store holds documents of,
not one group over and over. (The figures and periods of the copies repeat those of the
real reports: this measures how time and memory grow with the store, not the findings.)
Each command is a new process, as a user runs it; its peak RSS is read from the kernel
(``wait4``). The ratios of the large store to the small one, taken in one run, are what
counts on a shared machine.

Run: ``python benchmarks/bench_store.py [--groups 20]`` (the large store has ten times as many)
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((ROOT / "corpus").glob("*.md")),
           *sorted((ROOT / "tests" / "devset").glob("*.txt"))]
COMMANDS = {
    "check": ["check", "--exit-zero"],
    "export csv": ["export", "--what", "measurements", "--format", "csv", "--out", "{out}/m.csv"],
    "export jsonl": ["export", "--what", "measurements", "--format", "jsonl", "--out", "{out}/m.jsonl"],
    "export parquet": ["export", "--what", "measurements", "--format", "parquet", "--out", "{out}/m.parquet"],
    "export mentions": ["export", "--what", "mentions", "--format", "csv", "--out", "{out}/n.csv"],
}


def base_store(folder: Path) -> Path:
    """The real reports, ingested into a store once."""
    reports = folder / "reports"
    reports.mkdir()
    for source in SOURCES:
        shutil.copy(source, reports / source.name)
    store = folder / "base.sqlite"
    harvest("ingest", str(reports), "--store", str(store), "-q")
    return store


def grown(base: Path, groups: int, target: Path) -> tuple[int, int]:
    """A copy of ``base`` with ``groups`` copies of every document, each under a municipality of
    its own; returns (documents, measurements)."""
    shutil.copy(base, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA foreign_keys=OFF")
    renamed = {"doc_id": "doc_id || '-{i}'", "doc": "doc || '-{i}'", "path": "path || '-{i}'",
               "municipality": "municipality || ' {i}'"}
    for table in ("documents", "measurements", "mentions"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
        for i in range(1, groups):
            values = ", ".join(renamed.get(c, '"' + c + '"').format(i=i) for c in cols)
            names = ", ".join(f'"{c}"' for c in cols)
            conn.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} WHERE doc_id NOT LIKE '%-%'")
    conn.commit()
    counts = conn.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM measurements)").fetchone()
    conn.close()
    return counts


def harvest(*args: str) -> tuple[float, float]:
    """Run one harvest command in a process of its own: (seconds, peak MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "extract.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"harvest {' '.join(args)} failed: {proc.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=20, help="copies of the reports in the small store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = base_store(folder)
        sizes = {}
        for name, groups in (("small", args.groups), ("large", 10 * args.groups)):
            sizes[name] = (folder / f"{name}.sqlite", *grown(base, groups, folder / f"{name}.sqlite"))
        for name, (_, docs, measurements) in sizes.items():
            print(f"{name} store: {docs:,} documents, {measurements:,} measurements")
        print(f"\n{'command':<18} {'small s':>8} {'large s':>8} {'time x':>7} {'small MiB':>10} {'large MiB':>10} {'mem x':>6}")
        for label, command in COMMANDS.items():
            row = []
            for name in ("small", "large"):
                out = folder / f"out-{name}"
                out.mkdir(exist_ok=True)
                store = sizes[name][0]
                row.append(harvest(*[a.format(out=out) for a in command], "--store", str(store)))
            (ts, ms), (tl, ml) = row
            print(f"{label:<18} {ts:>8.1f} {tl:>8.1f} {tl / ts:>7.1f} {ms:>10.0f} {ml:>10.0f} {ml / ms:>6.2f}")


if __name__ == "__main__":
    main()
