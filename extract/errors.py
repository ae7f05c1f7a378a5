"""The base of every error a user's input or setting can cause.

A file that cannot be read, a rule file, manifest, reviews or gold file with a mistake, a
store that cannot be used, a table too large for Excel: each is a subclass, raised with one
line that names the file and the reason. The command line turns any of them into that line
on stderr and exit code 2 in one place (``cli.main``); the Python API lets them through, so a
notebook can catch ``HarvestError``. A bug of ours is never one of them.
"""

from __future__ import annotations


class HarvestError(Exception):
    """A problem with the input or the setting, not with harvest: ``str(err)`` is one line."""
