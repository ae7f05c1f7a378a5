"""Ingest throughput per pipeline stage, next to baselines measured in the same run.

For (a) the five text documents and (b) the PDF/DOCX renditions it times each stage of
the pipeline (read the file into a Document, classify the mentions, match the rules,
write the store) and prints the stage shares, the throughput, and the ratio to a
baseline: reading the bytes for text, plain pdfplumber text + tables for PDF. For (c)
a batch of copies of the corpus under new names it runs `ingest` (one worker) and
prints documents/s, peak RSS and the RSS after every quarter of the batch, so that
growth over a long batch shows. Ratios matter, not seconds: these machines are shared.

Run: ``python benchmarks/bench_ingest.py [--batch 200] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pdfplumber

from extract.batch.pipeline import ingest
from extract.documents import read_document
from extract.extraction.extractor import Extractor
from extract.extraction.mentions import document_mentions, own_periods
from extract.ruleset.load import load_rules
from extract.store.sqlite import Store, document_row

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"


def best(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh(extractor: Extractor, doc, mentions):
    """Extraction without the caches a repeated run of the same document would hit."""
    own_periods.cache_clear()
    return extractor.extract(doc, mentions)


def plumber(path: Path) -> None:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def stages(paths: list[Path], extractor: Extractor, repeat: int, baseline) -> None:
    print(f"{'document':<58} {'read':>6} {'ment.':>6} {'match':>6} {'store':>6} {'total s':>8} {'base s':>7} {'ratio':>6}")
    totals = [0.0] * 6
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
        run = store.begin_run("bench", "bench")
        for path in paths:
            doc = read_document(path)
            mentions = document_mentions(doc)
            extraction = extractor.extract(doc, mentions)
            read = best(lambda p=path: read_document(p), repeat)
            ment = best(lambda d=doc: document_mentions(d), repeat)
            match = best(lambda d=doc, m=mentions: fresh(extractor, d, m), repeat)
            write = best(lambda d=doc, e=extraction: store.write_document(
                document_row(d), d, e.measurements, e.mentions, "bench", run), repeat)
            base = best(lambda p=path: baseline(p), repeat)
            total = read + ment + match + write
            for i, x in enumerate((read, ment, match, write, total, base)):
                totals[i] += x
            print(f"{path.name[:58]:<58} {read / total:>6.0%} {ment / total:>6.0%} {match / total:>6.0%} {write / total:>6.0%}"
                  f" {total:>8.3f} {base:>7.3f} {base / total:>6.3g}")
    read, ment, match, write, total, base = totals
    print(f"{'total':<58} {read / total:>6.0%} {ment / total:>6.0%} {match / total:>6.0%} {write / total:>6.0%}"
          f" {total:>8.3f} {base:>7.3f} {base / total:>6.3g}")


def batch(n: int) -> None:
    sources = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))
    rules = load_rules(ROOT / "rules")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "batch"
        folder.mkdir()
        for i in range(n):
            src = sources[i % len(sources)]
            # a different byte at the end makes every copy a new document (new sha256)
            (folder / f"{i:05d}_{src.name}").write_bytes(src.read_bytes() + f"\n{i}\n".encode())
        size = sum(p.stat().st_size for p in folder.iterdir())
        marks: list[tuple[int, float]] = []

        def progress(done: int, total: int, _path: str) -> None:
            if done % max(1, total // 4) == 0 or done == total:
                marks.append((done, rss_mb()))

        with Store.open(Path(tmp) / "s.sqlite") as store:
            start = time.perf_counter()
            counts = ingest([folder], store, rules, workers=1, progress=progress)
            elapsed = time.perf_counter() - start
        read_start = time.perf_counter()
        for p in folder.iterdir():
            p.read_bytes()
        read_time = time.perf_counter() - read_start
        shutil.rmtree(folder)
    print(f"\nbatch of {n} documents ({size / 1e6:.1f} MB), one worker: {counts.read / elapsed:.1f} docs/s, "
          f"{size / 1e6 / elapsed:.2f} MB/s; reading the files alone {size / 1e6 / read_time:.0f} MB/s; "
          f"{counts.measurements} measurements")
    print("RSS after documents: " + ", ".join(f"{done}: {mb:.0f} MB" for done, mb in marks) + f"; peak {peak_mb():.0f} MB")
    first, last = marks[0][1], marks[-1][1]
    print(f"memory growth from the first quarter to the end: {last - first:+.0f} MB ({(last - first) / first:+.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200, help="documents in the batch (copies of the corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    args = parser.parse_args()
    extractor = Extractor(load_rules(ROOT / "rules"))
    print("(a) text documents; baseline: reading the file")
    stages(sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md")), extractor, args.repeat,
           lambda p: p.read_bytes())
    print("\n(b) PDF renditions; baseline: plain pdfplumber text + tables")
    stages(sorted(RENDITIONS.glob("*.pdf")), extractor, args.repeat, plumber)
    batch(args.batch)


if __name__ == "__main__":
    main()
