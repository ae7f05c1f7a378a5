"""The indicator store and what leaves it: the SQLite store (``sqlite``), exports in the columns of
the contract (``export``), the partitioned Parquet dataset (``parquet``) and typed pandas frames
(``frames``).

Holds records of ``extract.records``; may import ``model``, ``records``, ``limits`` and ``checks``
(the stored findings), never the readers, extraction or batch.
"""
