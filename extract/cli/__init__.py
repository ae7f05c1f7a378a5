"""The ``harvest`` command (click): ``main`` holds the group and its commands, ``check`` the check
and report commands, ``common`` the shared options and exit codes.

The last stage: may import everything, and nothing imports it.
"""

from .main import main

__all__ = ["main"]
