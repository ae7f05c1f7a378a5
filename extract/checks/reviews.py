"""A researcher's review of findings: ``reviews.yaml``, edited by hand or by ``harvest review``.

A finding a researcher has looked at is *confirmed* (the report is wrong) or *dismissed*
(the finding is), with a note saying why. The review is kept by the finding's stable id
(:func:`.evidence.finding_id`: its check and where its figures stand), so it survives
re-running ``harvest run`` and changing the rules. The file sits beside the corpus (by
default ``reviews.yaml`` in the current folder); it is loaded with ``yaml.safe_load`` and
written atomically, with each finding's check and message kept next to its review so that
the file reads on its own::

    version: 1
    reviews:
      - id: HC005-3f2a9c1e7b
        status: dismissed
        note: "62 is the contingent op jaarbasis, 80 the one-off of 2017"
        check: HC005
        message: "contingentwoningen.beschikbaar, 2017, is given as 62 (line 310) and 80 ..."
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..errors import HarvestError
from ..records import Finding

STATUSES = ("confirmed", "dismissed")
DEFAULT_PATH = Path("reviews.yaml")


class ReviewFileError(HarvestError, ValueError):
    """A reviews file that cannot be used: ``<file>: <problem>``."""


@dataclass(frozen=True)
class Review:
    id: str
    status: str
    note: str = ""
    check: str = ""
    message: str = ""


def load_reviews(path: Path) -> dict[str, Review]:
    """The reviews in ``path`` by finding id; none when the file does not exist."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ReviewFileError(f"{path}: cannot be read: {error}") from None
    entries = data.get("reviews") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ReviewFileError(f"{path}: expected a mapping with a list 'reviews'")
    out: dict[str, Review] = {}
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or entry.get("status") not in STATUSES:
            raise ReviewFileError(f"{path}: review {n}: expected an 'id' and a 'status' ({' or '.join(STATUSES)})")
        out[entry["id"]] = Review(entry["id"], entry["status"], str(entry.get("note") or ""),
                                  str(entry.get("check") or ""), str(entry.get("message") or ""))
    return out


def save_reviews(path: Path, reviews: dict[str, Review]) -> None:
    """Write ``reviews`` to ``path`` atomically (a temporary file beside it, then renamed)."""
    entries = [{k: v for k, v in (("id", r.id), ("status", r.status), ("note", r.note), ("check", r.check),
                                  ("message", r.message)) if v} for r in sorted(reviews.values(), key=lambda r: r.id)]
    text = yaml.safe_dump({"version": 1, "reviews": entries}, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply_reviews(findings: list[Finding], reviews: dict[str, Review]) -> list[Finding]:
    """The findings with their review status and note, where the researcher gave one."""
    return [replace(f, review=r.status, review_note=r.note) if (r := reviews.get(f.finding_id)) else f
            for f in findings]
