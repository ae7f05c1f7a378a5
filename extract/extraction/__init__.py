"""From a Document to measurements: every number of a document as a mention with its status
(``mentions``), phrase matching of the rule set (``matching``), and the extractor that turns
mentions into typed measurements and mention records (``extractor``).

May import ``extract.model``, ``records``, ``text``, ``documents`` (the table model), ``metadata``
and ``ruleset``; never the store, checks, batch or CLI.
"""
