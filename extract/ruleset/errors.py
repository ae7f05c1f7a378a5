"""The one error of the rule files, raised by every loader in ``extract.ruleset``."""

from __future__ import annotations

from ..errors import HarvestError


class RuleFileError(HarvestError, ValueError):
    """A rule file that cannot be used: ``<file>:<line>: <problem>``."""
