"""What a document is about: municipality, region, document type, reporting period, date and
reference, detected from its content (``detect``), and the per-file overrides of a corpus
manifest (``manifest``). The gazetteer of municipalities ships in ``extract/data/``.

Runs on a :class:`~extract.model.Document`; may import ``extract.model``, ``extract.text`` and
``extract.errors``/``limits``, never the readers, rules or later stages.
"""
