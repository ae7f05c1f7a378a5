"""extract: an indicator harvester for Dutch municipal social-domain reports.

The Python API, for notebooks: ``run_batch`` does what `harvest run` does; ``load_measurements``,
``load_findings`` and ``load_documents`` read a store into pandas DataFrames. Each is imported
when first used, so that ``import extract`` stays light.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {"run_batch": ".batch.run", "load_measurements": ".store.frames", "load_findings": ".store.frames",
        "load_documents": ".store.frames"}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name], __name__), name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
