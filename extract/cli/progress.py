"""Progress of a batch on stderr: a bar with counts, rate and time left on a terminal (tqdm,
which spaCy already brings), one plain line per document in a log or pipe, nothing with -q."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

Progress = Callable[[int, int, str], None]


def progress(quiet: bool, stream=None) -> Progress | None:
    """A callback ``(done, total, path)`` for :func:`extract.batch.pipeline.ingest`."""
    if quiet:
        return None
    stream = stream or sys.stderr
    return _bar(stream) if stream.isatty() else _lines(stream)


def _bar(stream) -> Progress:
    from tqdm import tqdm

    bar = None

    def report(n: int, total: int, path: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="doc", file=stream, dynamic_ncols=True, leave=True)
        bar.set_postfix_str(Path(path).name[:40], refresh=False)
        bar.update(n - bar.n)
        if n == total:
            bar.close()

    return report


def _lines(stream) -> Progress:
    def report(n: int, total: int, path: str) -> None:
        click.echo(f"[{n}/{total}] {path}", file=stream)

    return report
