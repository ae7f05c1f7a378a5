"""Escaping and ids: every piece of document text reaches the report through :func:`e`."""

from __future__ import annotations

import html
import re


def e(text: object) -> str:
    """Text (and attribute values) as HTML: a document may contain anything, ``<script>`` included."""
    return html.escape(str(text), quote=True)


def slug(text: str) -> str:
    """An id for an anchor: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def data(**values: object) -> str:
    """``data-*`` attributes for the filter: a list is joined with ``|`` (names hold spaces)."""
    parts = []
    for key, value in values.items():
        if isinstance(value, (list, tuple, set, frozenset)):
            value = "|".join(sorted({str(v) for v in value if v}))
        parts.append(f" data-{key}='{e(value)}'")
    return "".join(parts)
