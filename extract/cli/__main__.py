"""``python -m extract.cli``: the same as the ``harvest`` command."""

from .main import main

main()
