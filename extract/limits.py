"""Limits for hostile input: the numbers, and the checks the readers and the batch call.

A corpus gathered from the web holds files nobody has opened: a PDF with a page tree
of a million pages, an HTML table whose spans multiply into a billion cells, a file
that sends a parser into an endless loop. Each limit turns such a file into one
ReadError (or a "timed out" row) naming the file, and the batch goes on. The
numbers are module data so a test or a deployment can change them in one place.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NoReturn

#: larger files are refused before they are read; no report is 100 MB, a broken export might be
MAX_FILE_BYTES = 100 * 1024 * 1024
#: a PDF with more pages is refused before any page is parsed (the longest jaarverslag has ~400)
MAX_PDF_PAGES = 2000
#: a table with more cells (row and column spans counted out) is refused before it is laid out
MAX_TABLE_CELLS = 200_000
#: wall-clock seconds one document may take to be read and extracted
DOCUMENT_SECONDS = 120.0


class DocumentTimeout(BaseException):
    """A document ran past its time limit.

    A BaseException, like KeyboardInterrupt, so that a reader's ``except Exception``
    around a third-party parser cannot swallow it and call the file corrupt.
    """

    def __init__(self, seconds: float = 0.0):
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"timed out after {self.seconds:g} s"


def check_pages(pages: int) -> None:
    if pages > MAX_PDF_PAGES:
        _refuse(f"too many pages ({pages}; limit {MAX_PDF_PAGES})")


def table_cells(rows: Iterable[Iterable]) -> int:
    """The cells a table covers once its row and column spans are laid out (RawCells)."""
    return sum(max(1, cell.rowspan) * max(1, cell.colspan) for row in rows for cell in row)


def check_table(rows: Iterable[Iterable]) -> None:
    cells = table_cells(rows)
    if cells > MAX_TABLE_CELLS:
        _refuse(f"table too large ({cells} cells with its spans; limit {MAX_TABLE_CELLS})")


def _refuse(reason: str) -> NoReturn:
    """Raise the readers' ReadError; imported here because extract.documents imports this module."""
    from .documents.errors import ReadError

    raise ReadError(None, reason)


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this thread when the block runs past ``seconds``
    (default :data:`DOCUMENT_SECONDS`, read at call time).

    In a process's main thread (the pipeline's own and its pool workers) SIGALRM
    interrupts even a blocking call. Elsewhere (a Dask worker runs tasks in a thread)
    a timer thread raises the exception in this one, which takes effect at the next
    Python instruction. Neither stops a loop inside C code; the parsers' hangs on
    hostile input are in Python (pdfminer, regular expressions run between calls).
    """
    seconds = DOCUMENT_SECONDS if seconds is None else seconds
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        limit = _alarm
    else:
        limit = _async_raise
    try:
        with limit(seconds):
            yield
    except DocumentTimeout:
        raise DocumentTimeout(seconds) from None  # the thread path can only raise the bare class


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum, frame) -> NoReturn:
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even when the alarm strikes just before it is disarmed
            signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_raise(seconds: float) -> Iterator[None]:
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"active": True}

    def expire() -> None:
        with lock:
            if state["active"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            timer.cancel()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # drop one that has not struck yet
