"""Scale: parallel speed-up, Dask against the process pool, memory over a long batch, text throughput.

Batches are copies of the corpus (and, for the memory run, the PDF/DOCX renditions)
under new names, each copy with distinct bytes (trailing whitespace, a PDF comment
after %%EOF, a zip comment) so that every copy is a document of its own in the store
while its text stays that of its source. Every figure is printed next to its
baseline from the same run; the ratios are what counts on a shared machine.

1. workers 1 against 2 (process pool), a new Dask local cluster and a running one on a
   200-document batch, each a new `harvest ingest` process as a user runs it (imports and
   model loading included), with the CPU time of each and this machine's own 2-process
   speed-up;
2. peak RSS of the batch process and its workers, sampled every 100 documents of a
   2,000-document batch: does memory grow after the first documents?
3. the text pipeline on one core: the mention pass and the matching (extraction)
   pass in MB/s of normalised text, against reading the same documents.

Run: ``python benchmarks/bench_scale.py [--only parallel|memory|throughput] [--docs 200] [--memory-docs 2000]``
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil

from extract.batch.pipeline import ingest
from extract.documents import is_supported, read_document
from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules
from extract.store.sqlite import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in (ROOT / "corpus").iterdir() if is_supported(p))
RENDITIONS = sorted(p for p in (ROOT / "tests" / "fixtures" / "renditions").iterdir() if is_supported(p))
RULES = ROOT / "rules"


def make_batch(n: int, sources: list[Path], folder: Path) -> list[Path]:
    """``n`` copies of ``sources`` in turn, each with bytes of its own and the same text."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        source = sources[i % len(sources)]
        target = folder / f"{source.stem}-{i:05d}{source.suffix}"
        target.write_bytes(_distinct(source.read_bytes(), source.suffix, i))
        out.append(target)
    return out


def _distinct(data: bytes, suffix: str, i: int) -> bytes:
    if suffix == ".pdf":
        return data + f"\n% copy {i}\n".encode()
    if suffix == ".docx":
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as z:
            z.comment = f"copy {i}".encode()
        return buffer.getvalue()
    return data + b"\n" + "".join(" \t"[int(bit)] for bit in f"{i:b}").encode() + b"\n"  # a blank line


def rss_mb() -> tuple[float, float]:
    """Resident memory of this process and of all its children (the workers), in MB."""
    me = psutil.Process()
    children = 0
    for child in me.children(recursive=True):
        try:
            children += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return me.memory_info().rss / 1e6, children / 1e6


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def cpu_seconds() -> float:
    """CPU time of this process and its children, ended (pool workers) or running (a Dask cluster)."""
    t = os.times()
    total = t.user + t.system + t.children_user + t.children_system
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_speedup(workers: int, n: int = 5_000_000) -> float:
    """What ``workers`` processes of pure CPU work gain on this machine now (shared or
    hyperthreaded cores give less than ``workers``): the ceiling for the pool's speed-up."""
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_spin, [1000] * workers))  # started
        sequential, _ = timed(lambda: [_spin(n) for _ in range(workers)])
        parallel, _ = timed(lambda: list(pool.map(_spin, [n] * workers)))
    return sequential / parallel


def bench_parallel(n_docs: int, tmp: Path, repeat: int) -> None:
    """Each engine as a user runs it: a fresh ``harvest ingest`` process (imports, model and
    all), best of ``repeat`` runs; the warm cluster is started once by this script."""
    from distributed import LocalCluster

    batch = tmp / "parallel"
    make_batch(n_docs, CORPUS, batch)
    runs: dict[str, tuple[float, float, int]] = {}

    def measure(name: str, *options: str) -> None:
        for attempt in range(repeat):
            store = tmp / f"parallel-{len(runs)}-{attempt}.sqlite"
            cpu = cpu_seconds()
            seconds, _ = timed(lambda s=store: subprocess.run(
                [sys.executable, "-m", "extract.cli", "ingest", "--quiet", "--rules", str(RULES), "--store", str(s),
                 *options, str(batch)], check=True))
            used = cpu_seconds() - cpu
            with sqlite3.connect(store) as conn:
                measurements = conn.execute("SELECT count(*) FROM measurements").fetchone()[0]
            if name not in runs or seconds < runs[name][0]:
                runs[name] = (seconds, used, measurements)

    single, pool = "workers=1", "workers=2 (process pool)"
    dask, warm = "dask, new local cluster", "dask, running cluster (warm)"
    measure(single, "--workers", "1")
    measure(pool, "--workers", "2")
    measure(dask, "--engine", "dask", "--workers", "2")
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        address = cluster.scheduler_address
        subprocess.run([sys.executable, "-m", "extract.cli", "ingest", "--quiet", "--rules", str(RULES),
                        "--store", str(tmp / "warm-up.sqlite"), "--engine", "dask", "--scheduler", address,
                        str(batch)], check=True)  # the workers start and load the model
        measure(warm, "--engine", "dask", "--scheduler", address)
    capacity = machine_speedup(2)
    print(f"\n{n_docs}-document batch (corpus copies), `harvest ingest` in a new process, best of {repeat}:")
    print("wall clock including start-up and model loading; CPU: seconds of all processes of the run")
    print("(harvest, its workers, a Dask cluster)")
    print(f"{'engine':<32} {'seconds':>8} {'docs/s':>7} {'speed-up':>9} {'CPU s':>7} {'CPU ratio':>9} {'measurements':>13}")
    for name in (single, pool, dask, warm):
        seconds, cpu, measurements = runs[name]
        print(f"{name:<32} {seconds:>8.1f} {n_docs / seconds:>7.1f} {runs[single][0] / seconds:>9.2f} "
              f"{cpu:>7.1f} {cpu / runs[single][1]:>9.2f} {measurements:>13}")
    print(f"dask / process pool time: new cluster {runs[dask][0] / runs[pool][0]:.2f}, "
          f"running cluster {runs[warm][0] / runs[pool][0]:.2f}")
    print(f"this machine's own speed-up for 2 CPU-bound processes, measured now: {capacity:.2f}")


def bench_memory(n_docs: int, tmp: Path, workers: int) -> None:
    batch = tmp / "memory"
    make_batch(n_docs, CORPUS + RENDITIONS, batch)
    samples: list[tuple[int, float, float]] = []
    peak = [0.0]
    done = threading.Event()

    def sample_peak() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], sum(rss_mb()))

    def progress(n: int, total: int, path: str) -> None:
        if n % 100 == 0 or n == total:
            samples.append((n, *rss_mb()))

    sampler = threading.Thread(target=sample_peak, daemon=True)
    sampler.start()
    with Store.open(tmp / "memory.sqlite") as store:
        seconds, counts = timed(lambda: ingest([batch], store, load_rules(RULES), workers=workers, progress=progress))
    done.set()
    sampler.join()
    print(f"\n{n_docs}-document batch (corpus + renditions), {workers} workers: {seconds:.0f} s, "
          f"{counts.read} read, {counts.failed} failed; RSS in MB")
    print(f"{'documents':>9} {'batch':>8} {'workers':>8} {'total':>8}")
    for n, mine, children in samples:
        print(f"{n:>9} {mine:>8.0f} {children:>8.0f} {mine + children:>8.0f}")
    settled = next(mine + children for n, mine, children in samples if n >= 200)
    last = samples[-1][1] + samples[-1][2]
    grows = last - settled
    per_1000 = grows / max(1, samples[-1][0] - 200) * 1000
    print(f"peak {peak[0]:.0f} MB; from 200 documents to {samples[-1][0]}: {grows:+.0f} MB ({per_1000:+.0f} MB per "
          f"1000 documents, {last / settled:.2f}x) -> {'bounded' if last < 1.1 * settled else 'GROWS'}")


def cold(work: Callable, *args):
    """Run ``work`` without the heading-period cache that a repeat of the same document would hit."""
    from extract.extraction.mentions import own_periods

    own_periods.cache_clear()
    return work(*args)


def bench_throughput(repeat: int) -> None:
    """The mention and matching passes on one core, against the reader on the same documents."""
    from extract.extraction.mentions import document_mentions

    extractor = Extractor(load_rules(RULES))
    texts = [p for p in CORPUS if p.suffix in (".txt", ".md")]
    print(f"\ntext pipeline on one core (best of {repeat}), MB/s of normalised text (UTF-8)")
    print(f"{'document':<64} {'KB':>5} {'read':>6} {'mentions':>9} {'matching':>9} {'both':>6} {'both/read':>9}")
    totals = [0.0, 0.0, 0.0, 0.0]
    for path in texts:
        doc = read_document(path)
        size = len(doc.text.encode("utf-8")) / 1e6
        mentions = document_mentions(doc)
        read = min(timed(lambda p=path: read_document(p))[0] for _ in range(repeat))
        mention_pass = min(timed(lambda d=doc: cold(document_mentions, d))[0] for _ in range(repeat))
        matching = min(timed(lambda d=doc, m=mentions: extractor.extract(d, m))[0] for _ in range(repeat))
        for k, value in enumerate((size, read, mention_pass, matching)):
            totals[k] += value
        print(f"{path.name[:64]:<64} {size * 1e3:>5.0f} {size / read:>6.2f} {size / mention_pass:>9.2f} "
              f"{size / matching:>9.2f} {size / (mention_pass + matching):>6.2f} {read / (mention_pass + matching):>9.2f}")
    size, read, mention_pass, matching = totals
    print(f"{'total':<64} {size * 1e3:>5.0f} {size / read:>6.2f} {size / mention_pass:>9.2f} "
          f"{size / matching:>9.2f} {size / (mention_pass + matching):>6.2f} {read / (mention_pass + matching):>9.2f}")
    print("both/read: the speed of mentions + matching relative to reading the same documents")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["parallel", "memory", "throughput"], help="run one part only")
    parser.add_argument("--docs", type=int, default=200, help="documents in the parallel batch")
    parser.add_argument("--memory-docs", type=int, default=2000, help="documents in the memory batch")
    parser.add_argument("--workers", type=int, default=2, help="workers of the memory batch")
    parser.add_argument("--repeat", type=int, default=3, help="runs per throughput figure; the best counts")
    parser.add_argument("--parallel-repeat", type=int, default=2, help="runs per engine; the best counts")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    print(f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB, "
          f"load average before the run {os.getloadavg()[0]:.1f} (other users of the machine skew the speed-ups)")
    try:
        if args.only in (None, "parallel"):
            bench_parallel(args.docs, tmp, args.parallel_repeat)
        if args.only in (None, "memory"):
            bench_memory(args.memory_docs, tmp, args.workers)
        if args.only in (None, "throughput"):
            bench_throughput(args.repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
