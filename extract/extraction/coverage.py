"""How much of a document became measurements, and the warnings a researcher must see.

Every figure of a document ends as a typed measurement (a rule names it), a labelled one
(kept with its row label or counted noun), unmapped, or dropped by a rule of thumb (a
number standing alone on a line read as a page number, a list number). Nothing is lost
silently: the run summary and the report say, per document, when figures were dropped,
when few are typed, and when no municipality was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..records import Measurement, MentionRecord

#: below this share of typed figures (of ten or more) a document gets a warning
LOW_TYPED_SHARE = 0.5
MIN_FIGURES = 10
#: the repairs of a reader that drop a figure (see :mod:`extract.documents.layout`)
_DROPPED = re.compile(r"^dropped page number\b")
#: a list item numbered beyond this is likely a figure read as a list number ("48. ...")
LIST_NUMBER_SUSPECT = 20


@dataclass(frozen=True)
class Coverage:
    doc: str
    typed: int
    labelled: int
    unmapped: int
    dropped: int
    municipality: str | None

    @property
    def figures(self) -> int:
        return self.typed + self.labelled + self.unmapped

    @property
    def typed_share(self) -> float:
        return self.typed / self.figures if self.figures else 0.0

    def warnings(self) -> list[str]:
        """Messages for a researcher, each naming what to do about it."""
        out = []
        if self.dropped:
            out.append(f"{self.dropped} number{'s' if self.dropped != 1 else ''} dropped as page or list numbers "
                       f"by a rule of thumb (`harvest parse` lists them under repairs)")
        if self.figures >= MIN_FIGURES and self.typed_share < LOW_TYPED_SHARE:
            out.append(f"only {self.typed} of {self.figures} figures typed ({self.typed_share:.0%}); {self.labelled} "
                       f"labelled, {self.unmapped} unmapped: `harvest rules coverage` shows what to add to rules/")
        if not self.municipality:
            out.append("no municipality found in the text or the file name: name the file '<gemeente>_...' "
                       "or set it in a manifest")
        return out


def coverage_of(doc: str, municipality: str | None, measurements: Iterable[Measurement],
                mentions: Iterable[MentionRecord], repairs: Iterable[str] = ()) -> Coverage:
    """One document's coverage from its records (and its reader's repairs, when known)."""
    typed = labelled = 0
    for m in measurements:
        if m.indicator:
            typed += 1
        else:
            labelled += 1
    unmapped = dropped = 0
    for n in mentions:
        if n.status == "unmapped":
            unmapped += 1
        elif n.status == "non_measurement" and n.reason == "list_number" and (n.value or 0) > LIST_NUMBER_SUSPECT:
            dropped += 1
    dropped += sum(1 for r in repairs if _DROPPED.match(r))
    return Coverage(doc, typed, labelled, unmapped, dropped, municipality)
