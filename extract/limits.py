"""Limits for hostile input: the numbers, and the checks the readers and the batch call.

A corpus gathered from the web holds files nobody has opened: a PDF with a page tree
of a million pages, an HTML table whose spans multiply into a billion cells, a file
that sends a parser into an endless loop. Each limit turns such a file into one
ReadError (or a "timed out" row) naming the file, and the batch goes on. The
numbers are module data so a test or a deployment can change them in one place.
"""

from __future__ import annotations

import ctypes
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

#: larger files are refused before they are read; no report is 100 MB, a broken export might be
MAX_FILE_BYTES = 100 * 1024 * 1024
#: a PDF with more pages is refused before any page is parsed (the longest jaarverslag has ~400)
MAX_PDF_PAGES = 2000
#: a table with more cells (row and column spans counted out) is refused before it is laid out
MAX_TABLE_CELLS = 200_000
#: wall-clock seconds one document may take to be read and extracted
DOCUMENT_SECONDS = 120.0
#: seconds the search for ruled tables on one PDF page may take (a real page takes milliseconds;
#: pdfplumber's lattice search grows with the square of a grid's crossings: a ruled grid of
#: 160 x 160 cells took 16.6 s); past it the page is read as text lines and the document goes on
PAGE_SECONDS = 10.0


#: a document with more blocks (paragraphs, headings, tables, footnotes) is refused while it is
#: read: a 400-page jaarverslag has about 10,000; a million one-line paragraphs took 1 GB to read
MAX_BLOCKS = 100_000
#: a document with more numbers is refused before extraction (a 400-page jaarverslag holds about
#: 20,000; every number becomes a mention, and 200,000 took 1.1 GB to extract)
MAX_NUMBERS = 100_000
#: a "sentence" longer than this is cut at whitespace into pieces of at most this length: the
#: longest real one in the corpus and dev set has 1,052 characters, and every figure is weighed
#: against its whole sentence, so one line of 60,000 percentages would cost their square
MAX_SENTENCE_CHARS = 2_000
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


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


class PageTimeout(DocumentTimeout):
    """One step on one page ran past :data:`PAGE_SECONDS`; the reader falls back and goes on."""


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


def refuse_blocks() -> NoReturn:
    _refuse(f"too many paragraphs and tables (over {MAX_BLOCKS}): not a report one can read whole")


def check_numbers(parts: Iterable[str]) -> None:
    """Count the numbers of a document's text (in the pieces it is built from) against the limit."""
    numbers = sum(len(_DIGITS.findall(part)) for part in parts)
    if numbers > MAX_NUMBERS:
        _refuse(f"too many numbers ({numbers}; limit {MAX_NUMBERS}): not a report one can extract whole")


def _refuse(reason: str) -> NoReturn:
    """Raise the readers' ReadError; imported here because extract.documents imports this module."""
    from .documents.errors import ReadError

    raise ReadError(None, reason)


@contextmanager
def time_limit(seconds: float | None = None, error: type[DocumentTimeout] = DocumentTimeout) -> Iterator[None]:
    """Raise ``error`` (a :class:`DocumentTimeout`) in this thread when the block runs past
    ``seconds`` (default :data:`DOCUMENT_SECONDS`, read at call time).

    In a process's main thread (the pipeline's own and its pool workers) SIGALRM
    interrupts even a blocking call. Elsewhere (a Dask worker runs tasks in a thread)
    a watcher thread raises the exception in this one, which takes effect at the next
    Python instruction. Neither stops a loop inside C code; the parsers' hangs on
    hostile input are in Python (pdfminer, regular expressions run between calls).

    Limits nest: a page's limit inside a document's. One alarm (or watcher) per thread
    waits for the earliest deadline of the limits open in it, and is set again when one
    closes, so an inner limit neither cancels nor extends an outer one. When both have
    run out, the outer one strikes; an inner block never sees an outer limit's error
    as its own, since each limit converts only the strike it caused.
    """
    seconds = DOCUMENT_SECONDS if seconds is None else seconds
    limit = _Limit(seconds, time.monotonic() + seconds, error)
    clock = _clock()
    try:
        try:
            clock.push(limit)
            yield
        finally:
            clock.pop(limit)
    except DocumentTimeout:
        if limit.struck:  # the thread path can only raise the bare class; give it the seconds
            raise error(seconds) from None
        raise  # an outer limit's: for the outer block to handle


@dataclass(eq=False)
class _Limit:
    seconds: float
    deadline: float  # time.monotonic()
    error: type[DocumentTimeout]
    struck: bool = False


_clocks = threading.local()


def _clock() -> _AlarmClock | _TimerClock:
    """This thread's clock: SIGALRM in the main thread, else a watcher thread."""
    clock = getattr(_clocks, "clock", None)
    if clock is None:
        main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        clock = _clocks.clock = _AlarmClock() if main else _TimerClock()
    return clock


class _Clock:
    """The limits open in one thread, outermost first.

    A struck limit is never armed again: its error is on its way out of the block. An
    entry left behind by a strike in the middle of ``pop`` is struck, so it is inert,
    and the ``pop`` of a limit further out removes it.
    """

    def __init__(self) -> None:
        self.stack: list[_Limit] = []

    def _next(self) -> float | None:
        """Seconds until the earliest deadline of the limits still to strike."""
        deadlines = [limit.deadline for limit in self.stack if not limit.struck]
        return max(min(deadlines) - time.monotonic(), 1e-5) if deadlines else None  # 0 would disarm

    def _expired(self) -> _Limit | None:
        """The outermost limit that has run out and not struck yet, marked as struck."""
        now = time.monotonic()
        limit = next((lim for lim in self.stack if not lim.struck and lim.deadline <= now), None)
        if limit is not None:
            limit.struck = True
        return limit

    def _drop(self, limit: _Limit) -> list[_Limit]:
        """Remove ``limit`` and whatever was left open inside it; return them."""
        index = next((i for i, lim in enumerate(self.stack) if lim is limit), len(self.stack))
        dropped = self.stack[index:]
        del self.stack[index:]
        return dropped


class _AlarmClock(_Clock):
    def __init__(self) -> None:
        super().__init__()
        self.previous = None

    def push(self, limit: _Limit) -> None:
        if not self.stack:
            self.previous = signal.signal(signal.SIGALRM, self._strike)
        self.stack.append(limit)
        self._arm()

    def pop(self, limit: _Limit) -> None:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even when the alarm strikes just before it is disarmed
            self._drop(limit)
            self._arm()
            if not self.stack:  # None: a handler not set from Python
                signal.signal(signal.SIGALRM, signal.SIG_DFL if self.previous is None else self.previous)

    def _arm(self) -> None:
        delay = self._next()
        signal.setitimer(signal.ITIMER_REAL, delay or 0)

    def _strike(self, signum, frame) -> None:
        limit = self._expired()
        self._arm()  # the limits further out still count, whatever the block does with this error
        if limit is not None:  # else an early or stale alarm
            raise limit.error(limit.seconds)


class _TimerClock(_Clock):
    """A watcher thread sends the error; one per thread that sets limits, since starting a
    timer thread per limit costs about 0.4 ms, a lot for a limit per page."""

    #: a watcher with no limit to watch ends after this many seconds
    IDLE = 60.0

    def __init__(self) -> None:
        super().__init__()
        self.target = ctypes.c_ulong(threading.get_ident())
        self.changed = threading.Condition()
        self.watcher: threading.Thread | None = None
        #: the limit whose error was last sent to this thread and may not have arrived yet
        self.pending: _Limit | None = None

    def push(self, limit: _Limit) -> None:
        with self.changed:
            self.stack.append(limit)
            if self.watcher is None:
                self.watcher = threading.Thread(target=self._watch, name="time-limit", daemon=True)
                self.watcher.start()
            self.changed.notify()

    def pop(self, limit: _Limit) -> None:
        with self.changed:
            dropped = self._drop(limit)
            if self.pending is not None and any(lim is self.pending for lim in dropped):
                self.pending = None
                ctypes.pythonapi.PyThreadState_SetAsyncExc(self.target, None)  # drop one that has not struck yet
            self.changed.notify()

    def _watch(self) -> None:
        with self.changed:
            while True:
                delay = self._next()
                if delay is None:
                    if not self.changed.wait(self.IDLE) and not self.stack:
                        self.watcher = None
                        return
                    continue
                self.changed.wait(delay)
                limit = self._expired()
                if limit is not None:
                    self.pending = limit
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(self.target, ctypes.py_object(limit.error))
