"""The batch on a Dask cluster: the same per-document calls, the same single writer.

For a whole-country corpus one machine's process pool is not enough, so the
pipeline's per-document functions (:func:`extract.batch.pipeline.process_file`, and
:func:`~extract.batch.pipeline.extract_document` for documents re-extracted from the store)
run as Dask tasks, and their plain records come back to this process, which writes
the store in the batch's order, exactly as :func:`extract.batch.pipeline.ingest` does with
a process pool. Workers read the files and the rule folder at the paths the driver
sees, so a remote cluster needs them on a shared file system.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..ruleset.load import RuleSet
from ..store.sqlite import Store
from .pipeline import DocResult, IngestCounts, default_workers, ingest


def ingest_dask(paths: Iterable[str | Path], store: Store, rules: RuleSet, scheduler: str | None = None, *,
                workers: int | None = None, progress: Callable[[int, int, str], None] | None = None) -> IngestCounts:
    """:func:`extract.batch.pipeline.ingest` with the documents processed on Dask.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``);
    without one a local cluster of ``workers`` single-threaded processes (default:
    as many as the process pool would use) is started for this batch.
    """
    with _client(scheduler, workers or default_workers()) as client:
        return ingest(paths, store, rules, progress=progress, runner=lambda calls: _run(client, calls))


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator:
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # processes, one thread each (spaCy and the parsers hold the GIL); its web server on any free
    # port, so that a batch never collides with another cluster on this machine
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


def _run(client, calls: list[tuple[Callable[..., DocResult], tuple]]) -> Iterator[DocResult]:
    """Submit every call, then hand the results back in the calls' order (a deterministic store)."""
    futures = [client.submit(func, *args, pure=False) for func, args in calls]
    for future in futures:
        result = future.result()
        future.release()  # the cluster may drop the records once the driver has them
        yield result
