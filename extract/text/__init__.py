"""The Dutch language layer: sentences, numbers, quantities (units, qualifiers, intervals), periods,
and the literal prefilter that skips patterns a sentence cannot match.

Pure text in, plain values out: no I/O, no rule files, no Document. May import only
``extract.model``, ``extract.limits`` and each other.
"""
