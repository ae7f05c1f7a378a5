"""The store as typed pandas DataFrames, for analysis in notebooks: measurements (filtered like
`harvest show`: indicator and municipality in any case), findings and documents.

pandas is imported inside the functions: it is heavy, and the command line never needs it.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import EXPORT_COLUMNS, EXTRA_COLUMNS, Finding
from .sqlite import DEFAULT_PATH, DOCUMENT_COLUMNS, Store

if TYPE_CHECKING:
    import pandas

_FLOATS = ("value", "low", "high", "confidence")
_INTS = ("page", "line", "start", "end", "table")
_DATES = ("period_start", "period_end")


def load_measurements(store: str | Path = DEFAULT_PATH, *, indicator: str | None = None,
                      municipality: str | None = None, kind: str | None = None,
                      typed: bool = False) -> pandas.DataFrame:
    """One row per measurement, contract columns then provenance columns; only those of
    ``indicator``, ``municipality`` and ``kind`` when given (names in any case; a name the
    store does not hold is a ``ValueError`` naming the nearest), only typed ones with ``typed``.

    Types: value/low/high/confidence float64 (an open bound is NaN), period_start
    and period_end datetime64 (NaT when unknown), page/line/offsets nullable Int64,
    dimensions a dict, cell a (row, col) tuple or None, provisional/total bool.
    """
    pd = _pandas("load_measurements")
    with Store.open(store, read_only=True) as opened:
        indicator = _stored(opened, "indicator", indicator)
        municipality = _stored(opened, "municipality", municipality)
        rows = [m.to_row() for m in opened.measurements(indicator=indicator, municipality=municipality)
                if (kind is None or m.kind == kind) and (m.indicator or not typed)]
    frame = pd.DataFrame(rows, columns=[*EXPORT_COLUMNS, *EXTRA_COLUMNS])
    frame = frame.astype({**dict.fromkeys(_FLOATS, "float64"), **dict.fromkeys(_INTS, "Int64"),
                          "provisional": "bool", "total": "bool"})
    for col in _DATES:
        frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
    frame["cell"] = [tuple(c) if c else None for c in frame["cell"]]
    return frame


def load_findings(store: str | Path = DEFAULT_PATH, *, check: str | None = None,
                  min_severity: str | None = None) -> pandas.DataFrame:
    """One row per finding as the last check run stored it (`harvest run` or `harvest check`):
    check, severity, message, doc, its measurements (a list of dicts: role, quote, value, ...),
    expected, stated, finding_id, review and confidence."""
    from ..checks import severity_rank

    pd = _pandas("load_findings")
    with Store.open(store, read_only=True) as opened:
        findings = opened.findings()
    rows = [asdict(f) for f in findings if (check is None or f.check.upper() == check.upper())
            and (min_severity is None or severity_rank(f.severity) >= severity_rank(min_severity))]
    return pd.DataFrame(rows, columns=[f.name for f in fields(Finding)])


def load_documents(store: str | Path = DEFAULT_PATH) -> pandas.DataFrame:
    """One row per file of the store, read or not (``status``, ``error``), with its metadata."""
    pd = _pandas("load_documents")
    with Store.open(store, read_only=True) as opened:
        frame = pd.DataFrame(opened.documents(), columns=DOCUMENT_COLUMNS)
    return frame.astype({"pages": "Int64", "run_id": "Int64"})


def _stored(store: Store, column: str, typed: str | None) -> str | None:
    """The store's own spelling of a name typed in any case, or a ValueError with the nearest."""
    if typed is None:
        return None
    from ..ruleset.catalogue import resolve

    resolved = resolve(typed, store.measured(column))
    if resolved.found is None:
        nearest = f"; nearest: {', '.join(resolved.nearest)}" if resolved.nearest else ""
        raise ValueError(f"no {column} {typed!r} in {store.path}{nearest}")
    return resolved.found


def _pandas(caller: str):
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError(f"{caller} needs pandas (pip install pandas): {err}") from err
    return pd
