"""Running the pipeline over many files: the corpus walk (``corpus``), one document from file to
store rows and the process pool (``pipeline``), and the same function on a Dask cluster
(``distributed``).

Orchestrates every earlier stage; imported only by the CLI and benchmarks.
"""
