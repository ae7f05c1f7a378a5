"""extract: an indicator harvester for Dutch municipal social-domain reports."""

__version__ = "0.1.0"

from .store.frames import load_measurements  # noqa: E402,F401  (pandas is imported only when it is called)
