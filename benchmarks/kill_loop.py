"""SIGKILL ``harvest ingest`` at random moments: the store must hold whole documents only.

A 50-document batch (corpus copies, see bench_scale.make_batch) is first ingested
without interruption, for the measurements and mentions each document must have.
Then ``harvest ingest`` runs on it again and again into one store, and the whole
process group (the command and its worker processes, as an OOM killer or a power cut
would) gets SIGKILL at a random moment of each run, until ``--kills`` runs were
killed. After every kill the store must open, pass SQLite's integrity check, hold
every document it holds with exactly its rows, and still hold every document
committed before the kill. A run that finishes the batch before its kill empties
the store, so the next run has work to be killed in. A final uninterrupted run must
complete the batch.

Run: ``python benchmarks/kill_loop.py [--kills 20] [--docs 50] [--workers 2] [--seed 1]``
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench_scale import CORPUS, ROOT, RULES, make_batch

from extract.store.sqlite import Store


@dataclass
class State:
    """What one check of the store found."""

    complete: set[str] = field(default_factory=set)
    half_written: list[str] = field(default_factory=list)
    integrity: str = "ok"


def harvest(batch: Path, store: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "extract.cli", "ingest", str(batch), "--store", str(store), "--rules", str(RULES),
            "--workers", str(workers), "-q"]


def rows_per_document(store_path: Path) -> tuple[Counter, Counter, set[str]]:
    with Store.open(store_path, create=False) as store:
        measurements = Counter(m.doc_id for m in store.measurements())
        mentions = Counter(n.doc_id for n in store.mentions())
        ok = {d["doc_id"] for d in store.documents() if d["status"] == "ok"}
    return measurements, mentions, ok


def check(store_path: Path, expected: tuple[Counter, Counter, set[str]]) -> State:
    """Open the store as a reader would after the crash and compare each document with the reference."""
    state = State()
    if not store_path.exists():
        return state  # killed before the store was created
    with sqlite3.connect(store_path) as conn:
        state.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    measurements, mentions, ok = rows_per_document(store_path)
    for doc_id in ok | set(measurements) | set(mentions):
        whole = (doc_id in ok and measurements[doc_id] == expected[0][doc_id]
                 and mentions[doc_id] == expected[1][doc_id])
        (state.complete.add if whole else state.half_written.append)(doc_id)
    return state


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="runs to kill (at least 20 for the record)")
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="kill-loop-"))
    try:
        batch = tmp / "batch"
        make_batch(args.docs, CORPUS, batch)
        reference = tmp / "reference.sqlite"
        started = time.perf_counter()
        subprocess.run(harvest(batch, reference, args.workers), cwd=ROOT, check=True)
        full_run = time.perf_counter() - started
        expected = rows_per_document(reference)
        assert len(expected[2]) == args.docs, "the reference run did not read every document"

        store = tmp / "indicators.sqlite"
        runs = kills = finished = lost = half_written = bad_integrity = committed_at_kill = 0
        before: set[str] = set()
        print(f"uninterrupted run: {full_run:.1f} s for {args.docs} documents; kills fall in 0.3..{full_run:.1f} s")
        print(f"{'run':>4} {'kill at':>8} {'outcome':<10} {'whole docs':>10} {'half':>5} {'lost':>5}")
        while kills < args.kills:
            runs += 1
            delay = rng.uniform(0.3, full_run)
            proc = subprocess.Popen(harvest(batch, store, args.workers), cwd=ROOT, start_new_session=True,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(delay)
                outcome = "finished"
                finished += 1
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers
                proc.wait()
                outcome = "killed"
                kills += 1
            state = check(store, expected)
            gone = before - state.complete
            lost += len(gone)
            half_written += len(state.half_written)
            bad_integrity += state.integrity != "ok"
            if outcome == "killed":
                committed_at_kill += len(state.complete - before)
            print(f"{runs:>4} {delay:>7.1f}s {outcome:<10} {len(state.complete):>10} {len(state.half_written):>5} "
                  f"{len(gone):>5}")
            before = state.complete
            if len(before) == args.docs:  # nothing left to kill a run in: start the batch over
                remove_store(store)
                before = set()
        subprocess.run(harvest(batch, store, args.workers), cwd=ROOT, check=True)
        final = check(store, expected)
        missing = args.docs - len(final.complete)
        print(f"runs {runs}, kills {kills} ({finished} runs finished first), documents committed by killed "
              f"runs {committed_at_kill}; half-written {half_written + len(final.half_written)}, "
              f"lost {lost + missing}, integrity failures {bad_integrity + (final.integrity != 'ok')}; "
              f"final run: {len(final.complete)}/{args.docs} documents whole")
        if lost + missing + half_written + len(final.half_written) + bad_integrity:
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
