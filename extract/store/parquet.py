"""The measurements as a Parquet dataset partitioned by municipality and year.

One CSV or Parquet file stops being practical for a whole-country store; a dataset
folder in the hive layout (``municipality=Haarlem/year=2017/part-0.parquet``) lets
pandas, DuckDB, Spark or Arrow read just the municipalities and years a question
needs. The table is the contract's (same columns and types as ``harvest export
--format parquet``: it is written by :func:`extract.export.export` first, a row group
at a time), then pyarrow.dataset splits that file batch by batch, in the store's order. ``year`` is the year the measurement's period ends in;
``municipality`` and ``year`` live in the folder names, not in the files, and come
back as columns when the folder is read with hive partitioning.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .export import export
from .sqlite import Store

PARTITION_PREFIX = "municipality="
#: a batch is written into at most this many folders; 342 municipalities times the years of a store
MAX_PARTITIONS = 100_000


def export_partitioned(store: Store, out_dir: str | Path, *, all_columns: bool = False) -> Path:
    """Write the measurements under ``out_dir`` and return it.

    A previous dataset there is replaced as a whole, only once the new one is
    complete; a folder holding anything else is refused, never emptied.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    out_dir = Path(out_dir)
    if out_dir.exists() and not _is_dataset(out_dir):
        raise FileExistsError(f"{out_dir}: not a partitioned measurements export; refusing to replace it")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}."))
    try:
        flat = export(store, "measurements", "parquet", work / "measurements.parquet", all_columns=all_columns)
        table = ds.dataset(flat, format="parquet")
        columns = {name: pc.field(name) for name in table.schema.names}
        columns["year"] = pc.year(pc.field("period_end"))
        partitioning = ds.partitioning(pa.schema([("municipality", pa.string()), ("year", pa.int64())]),
                                       flavor="hive")
        (work / "dataset").mkdir()  # an empty store gives an empty dataset, not a missing folder
        ds.write_dataset(table.scanner(columns=columns, use_threads=False), work / "dataset", format="parquet",
                         partitioning=partitioning, basename_template="part-{i}.parquet",
                         max_partitions=MAX_PARTITIONS, use_threads=False)
        _replace(work / "dataset", out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir


def _is_dataset(folder: Path) -> bool:
    """An earlier export of this kind: a folder holding only ``municipality=`` folders (or nothing)."""
    return folder.is_dir() and all(p.name.startswith(PARTITION_PREFIX) and p.is_dir() for p in folder.iterdir())


def _replace(new: Path, out_dir: Path) -> None:
    """Move the finished dataset into place; the old one goes only after the new one is there."""
    if not out_dir.exists():
        os.replace(new, out_dir)
        return
    old = new.with_name(new.name + ".old")
    os.replace(out_dir, old)
    os.replace(new, out_dir)
    shutil.rmtree(old)
