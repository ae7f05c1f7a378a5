"""The rule files of ``rules/`` as code sees them: loading and validating them into a
``RuleSet`` (``load``), running their examples inside the reports they quote (``examples``), and
listing the figures no rule names yet (``coverage``).

The one way rules reach the code. May import ``extract.model``, ``records``, ``text``,
``documents`` and ``metadata`` (examples are read from real reports); ``examples`` and
``coverage`` also run ``extract.extraction``.
"""
