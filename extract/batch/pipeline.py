"""The batch: files in, store out. One function per document, one writer.

``process_file`` does everything for one file (read, mentions, extraction) and
returns plain records, so it can run in a worker process or on a cluster; only the
driver writes the store, one document per transaction. A file whose bytes and rules
are already in the store is skipped without being parsed; a known file whose rules
changed is re-extracted from its stored Document model without being read again.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, limits
from ..documents import ReadError, read_document
from ..extraction.coverage import coverage_of
from ..extraction.extractor import Extractor
from ..metadata.manifest import Manifest, ManifestError
from ..model import Document
from ..ruleset.load import RuleSet, load_rules
from ..store.columns import codebook_rows
from ..store.sqlite import DocumentRows, Store, document_row, document_rows
from .corpus import walk


@dataclass
class DocResult:
    """What a worker sends back for one file: the store's rows, ready to write, or the error."""

    path: str
    doc_id: str | None
    rows: DocumentRows | None = None
    error: str | None = None
    reused: bool = False  # re-extracted from the stored Document model
    warnings: list[str] = field(default_factory=list)  # figures dropped, few typed, no municipality


@dataclass
class IngestCounts:
    read: int = 0
    skipped: int = 0
    failed: int = 0
    partial: int = 0  # read, but not all of it (stored as partial, the reason in its error)
    reextracted: int = 0
    measurements: int = 0
    other_files: int = 0
    #: the files skipped as no report, with the reason (`harvest run -v` names them)
    other_paths: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RulesRef:
    """The rule set a batch runs with, as a worker finds it: its folder and its hash."""

    folder: str
    hash: str


class RulesMismatch(Exception):
    """A worker's rule folder holds other rules than the batch's (a cluster out of date)."""


_EXTRACTORS: dict[str, Extractor] = {}


def _extractor(ref: RulesRef, rules: RuleSet | None = None) -> Extractor:
    """One extractor (spaCy pipeline and matchers) per process for the batch's rules.

    A long-lived worker (a Dask cluster) keeps it between batches, and loads the rules
    again when the batch's hash differs; if its folder still holds other rules, the
    documents are refused rather than stored as if extracted with the batch's rules.
    """
    extractor = _EXTRACTORS.get(ref.folder)
    if extractor is None or extractor.rules.hash != ref.hash:
        loaded = rules if rules is not None and rules.hash == ref.hash else load_rules(Path(ref.folder))
        if loaded.hash != ref.hash:
            raise RulesMismatch(f"the rules in {ref.folder} on this worker (hash {loaded.hash[:12]}) "
                                f"are not the batch's (hash {ref.hash[:12]})")
        _EXTRACTORS.clear()  # one rule set at a time: a batch uses one
        extractor = _EXTRACTORS[ref.folder] = Extractor(loaded)
    return extractor


def process_file(path: str, rules: RulesRef, manifest_root: str | None = None) -> DocResult:
    """Read and extract one file. Never raises for a bad file: the error is in the result.

    The time limit (:data:`extract.limits.DOCUMENT_SECONDS`) covers reading and
    extraction; loading the rules and spaCy, once per process, is not charged to a document.
    """
    try:
        _extractor(rules)
    except RulesMismatch as err:
        return DocResult(path, None, error=str(err))
    try:
        with limits.time_limit():
            manifest = Manifest.find(manifest_root, path) if manifest_root else None
            return extract_document(read_document(path, manifest=manifest), rules)
    except ReadError as err:
        return DocResult(path, None, error=err.reason)
    except limits.DocumentTimeout as err:
        return DocResult(path, None, error=str(err))
    except ManifestError:
        raise  # a manifest that cannot be used stops the batch with its own message (exit 2)
    except Exception as err:  # noqa: BLE001 - one document's bug must not end the batch
        return DocResult(path, None, error=internal_error(err))


def internal_error(err: BaseException) -> str:
    """The reason recorded for a document the tool failed on by its own fault, not the file's."""
    if isinstance(err, (MemoryError, RecursionError)):
        return f"too large or too deeply nested to process ({type(err).__name__})"
    return f"internal error while processing it ({type(err).__name__}: {err}); please report it with the file"


def extract_document(doc: Document, rules: RulesRef, reused: bool = False) -> DocResult:
    """Extract one Document and serialise it for the store, here rather than in the writer.

    A re-extracted document (``reused``) keeps its stored model, so it is not serialised again.
    """
    try:
        extractor = _extractor(rules)
    except RulesMismatch as err:
        return DocResult(doc.meta.path, doc.meta.id, error=str(err))
    try:
        extraction = extractor.extract(doc)
        rows = document_rows(document_row(doc), None if reused else doc, extraction.measurements, extraction.mentions,
                             doc.truncated)
        covered = coverage_of(doc.name, doc.meta.municipality, extraction.measurements, extraction.mentions,
                              doc.repairs)
    except limits.DocumentTimeout:
        raise  # the caller's time limit names the document
    except Exception as err:  # noqa: BLE001 - one document's bug must not end the batch
        return DocResult(doc.meta.path, doc.meta.id, error=internal_error(err))
    return DocResult(doc.meta.path, doc.meta.id, rows, reused=reused, warnings=covered.warnings())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: runs the per-document calls (function, arguments) elsewhere, e.g. on a Dask cluster
#: (:mod:`extract.batch.distributed`), and yields their results in the order of the calls
Runner = Callable[[list[tuple[Callable[..., DocResult], tuple]]], Iterable[DocResult]]


def ingest(paths: Iterable[str | Path], store: Store, rules: RuleSet, *, workers: int = 1,
           progress: Callable[[int, int, str], None] | None = None, runner: Runner | None = None) -> IngestCounts:
    """Read, extract and store every supported file under ``paths`` (idempotent)."""
    found = walk(list(paths))
    counts = IngestCounts(other_files=len(found.skipped), other_paths=[(str(p), why) for p, why in found.skipped])
    counts.errors.extend(f"{p}: no such file or folder" for p in found.missing)
    counts.errors.extend(f"{p}: {reason}" for p, reason in found.unreadable)
    run_id = store.begin_run(__version__, rules.hash, indicators=codebook_rows(rules))
    ref = RulesRef(str(rules.folder.resolve()), rules.hash)
    todo: list[tuple[Path, str | None]] = []
    for file in found.files:
        try:
            sha = sha256_of(file)
        except OSError as err:  # a file without read permission: recorded once, not read
            reason = f"cannot be read: {err.strerror or err}"
            counts.failed += 1
            counts.errors.append(f"{file}: {reason}")
            store.write_error(file, None, reason, run_id)
            continue
        if store.is_current(sha, rules.hash):
            counts.skipped += 1
            continue
        todo.append((file, sha))
    results = _results(todo, store, found.roots, rules, ref, workers, runner)
    total = len(todo)
    for n, result in enumerate(results, start=1):
        if result.error is not None:
            counts.failed += 1
            counts.errors.append(f"{result.path}: {result.error}")
            store.write_error(result.path, None, result.error, run_id)
        else:
            counts.read += 1
            counts.reextracted += result.reused
            counts.measurements += result.rows.measurement_count
            counts.warnings.extend(f"{result.path}: warning: {w}" for w in result.warnings)
            if result.rows.truncated:
                counts.partial += 1
                counts.warnings.append(f"{result.path}: partial: {'; '.join(result.rows.truncated)}")
            store.write_rows(result.rows, rules.hash, run_id)
        if progress:
            progress(n, total, result.path)
    store.finish_run(run_id, {"documents_read": counts.read, "documents_skipped": counts.skipped,
                              "documents_failed": counts.failed})
    return counts


def _results(todo: list[tuple[Path, str | None]], store: Store, roots: dict[Path, Path], rules: RuleSet,
             ref: RulesRef, workers: int, runner: Runner | None = None) -> Iterable[DocResult]:
    """Results in the order of ``todo`` whatever the number of workers (a deterministic store)."""
    if not todo:
        return
    reuse: dict[int, Document] = {}
    for i, (_, sha) in enumerate(todo):
        if sha is not None:
            try:
                reuse[i] = store.load_document(sha)
            except KeyError:
                pass
    if runner is not None:
        yield from runner([(extract_document, (reuse[i], ref, True)) if i in reuse
                           else (process_file, (str(file), ref, _root(roots, file)))
                           for i, (file, _) in enumerate(todo)])
        return
    in_process = workers <= 1 or len(todo) - len(reuse) <= 1
    context = None if in_process else _fork_context()
    if in_process or reuse or context is not None:
        # used here, or inherited by forked workers: loaded once (spaCy, the lemma table, the
        # matchers), and rebuilt when the rules changed since this process last used them
        _extractor(ref, rules)
    if in_process:
        for i, (file, _) in enumerate(todo):
            if i in reuse:
                yield extract_document(reuse[i], ref, reused=True)
            else:
                yield process_file(str(file), ref, _root(roots, file))
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            i: pool.submit(process_file, str(file), ref, _root(roots, file))
            for i, (file, _) in enumerate(todo) if i not in reuse
        }
        for i in range(len(todo)):
            # pop: a stored document's records are not held until the batch ends
            yield extract_document(reuse[i], ref, reused=True) if i in reuse else futures.pop(i).result()


def _fork_context():
    """Fork where it is safe and cheap (Linux); elsewhere the platform's default start method."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def _root(roots: dict[Path, Path], file: Path) -> str | None:
    root = roots.get(file)
    return str(root) if root is not None else None


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
