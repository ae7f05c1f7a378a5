"""Reader throughput, measured against the baselines in the same run (ratios matter, not seconds).

PDF: pages/s of our reader against plain pdfplumber (``extract_text`` and
``extract_tables`` on every page), per rendition and in total. Text formats: MB/s of
``read_document`` against just reading the files. Each figure is the best of a few
repeats, since a shared machine is noisy.

Run: ``python benchmarks/bench_parse.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import pdfplumber

from extract.documents import read_document

ROOT = Path(__file__).resolve().parent.parent
RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"  # unruled, two columns, landscape, across pages
CORPUS = ROOT / "corpus"


def best_time(work, repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``work()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def plain_pdfplumber(data: bytes) -> None:
    """The baseline: pdfplumber's text and tables of every page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def bench_pdf(repeat: int) -> None:
    print(f"{'PDF rendition or layout':<62} {'pages':>5} {'ours p/s':>9} {'plumber p/s':>11} {'ratio':>6}")
    total_pages = total_ours = total_plumber = 0.0
    for path in [*sorted(RENDITIONS.glob("*.pdf")), *sorted(LAYOUTS.glob("*.pdf"))]:
        data = path.read_bytes()
        pages = read_document(path).meta.pages
        ours = best_time(lambda p=path: read_document(p), repeat)
        plumber = best_time(lambda d=data: plain_pdfplumber(d), repeat)
        total_pages += pages
        total_ours += ours
        total_plumber += plumber
        print(f"{path.stem:<62} {pages:>5} {pages / ours:>9.1f} {pages / plumber:>11.1f} {plumber / ours:>6.1f}")
    print(f"{'total':<62} {int(total_pages):>5} {total_pages / total_ours:>9.1f} "
          f"{total_pages / total_plumber:>11.1f} {total_plumber / total_ours:>6.1f}")


def bench_text(repeat: int) -> None:
    print(f"\n{'text rendition':<62} {'KB':>5} {'read MB/s':>9} {'file MB/s':>11} {'ratio':>6}")
    paths = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))
    total_bytes = total_ours = total_files = 0.0
    for path in paths:
        size = path.stat().st_size
        ours = best_time(lambda p=path: read_document(p), repeat)
        files = best_time(lambda p=path: p.read_bytes(), repeat)
        total_bytes += size
        total_ours += ours
        total_files += files
        print(f"{path.name:<62} {size / 1e3:>5.0f} {size / 1e6 / ours:>9.2f} {size / 1e6 / files:>11.0f} {files / ours:>6.4f}")
    print(f"{'total':<62} {total_bytes / 1e3:>5.0f} {total_bytes / 1e6 / total_ours:>9.2f} "
          f"{total_bytes / 1e6 / total_files:>11.0f} {total_files / total_ours:>6.4f}")


def bench_mentions(repeat: int) -> None:
    """The quantity/period/mention pass against the parse it follows, on the same documents."""
    from extract.extraction.mentions import document_mentions

    print(f"\n{'mention pass':<62} {'chars':>7} {'mentions':>8} {'chars/s':>9} {'share':>6}")
    total_chars = total_parse = total_pass = 0.0
    for path in sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md")):
        doc = read_document(path)
        parse = best_time(lambda p=path: read_document(p), repeat)
        mention_pass = best_time(lambda d=doc: document_mentions(d), repeat)
        chars = len(doc.text)
        total_chars += chars
        total_parse += parse
        total_pass += mention_pass
        print(f"{path.name:<62} {chars:>7} {len(document_mentions(doc)):>8} {chars / mention_pass:>9.0f} "
              f"{mention_pass / (parse + mention_pass):>6.0%}")
    print(f"{'total':<62} {int(total_chars):>7} {'':>8} {total_chars / total_pass:>9.0f} "
          f"{total_pass / (total_parse + total_pass):>6.0%}")
    print("share: the mention pass's part of parse + mention pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    args = parser.parse_args()
    bench_pdf(args.repeat)
    bench_text(args.repeat)
    bench_mentions(args.repeat)


if __name__ == "__main__":
    main()
