"""The measurements of a store as a typed pandas DataFrame, for analysis in notebooks.

pandas is imported inside the function: it is heavy, and the command line never
needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..records import EXPORT_COLUMNS, EXTRA_COLUMNS
from .sqlite import Store

if TYPE_CHECKING:
    import pandas

_FLOATS = ("value", "low", "high", "confidence")
_INTS = ("page", "line", "start", "end", "table")
_DATES = ("period_start", "period_end")


def load_measurements(store_path: str | Path) -> pandas.DataFrame:
    """One row per measurement, contract columns then provenance columns.

    Types: value/low/high/confidence float64 (an open bound is NaN), period_start
    and period_end datetime64 (NaT when unknown), page/line/offsets nullable Int64,
    dimensions a dict, cell a (row, col) tuple or None, provisional/total bool.
    """
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError(f"load_measurements needs pandas (pip install pandas): {err}") from err

    with Store.open(store_path, create=False) as store:
        rows = [m.to_row() for m in store.measurements()]
    frame = pd.DataFrame(rows, columns=[*EXPORT_COLUMNS, *EXTRA_COLUMNS])
    frame = frame.astype({**dict.fromkeys(_FLOATS, "float64"), **dict.fromkeys(_INTS, "Int64"),
                          "provisional": "bool", "total": "bool"})
    for col in _DATES:
        frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
    frame["cell"] = [tuple(c) if c else None for c in frame["cell"]]
    return frame
