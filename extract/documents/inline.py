"""Repairs of inline text that every reader needs: stray HTML, superscripts, spacing.

Text renditions of reports carry the debris of their source: ``<i>Maand</i>`` in a
tab table, ``2 ^e kw 17`` for a superscript ordinal, ``Wmo¹`` with a footnote mark
glued to a word, a Symbol-font bullet (U+F0B7). These functions make one clean text
and say what they removed, so the Document model never shows markup as content.
"""

from __future__ import annotations

import html
import re

_TAGS = re.compile(r"</?(?:i|b|em|strong|u|span|font|small|s|strike|sub|br|a)(?:\s[^<>]*)?/?>", re.I)
_SUP = re.compile(r"<sup>\s*([^<]*?)\s*</sup>", re.I)
_ANY_TAG = re.compile(r"<[^<>]{1,200}>")
#: "2 ^e kw", "1^e", "2^e" -> "2e"; also "18^e"
_CARET_ORDINAL = re.compile(r"(\d)\s*\^\s*(e|de|ste)\b")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: a footnote mark glued to a word: "Wmo¹", "Gemeenten²", "(externe²)"
_GLUED_SUP = re.compile(r"(?<=[A-Za-zÀ-ÿ0-9)\].,;:’'])([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_BULLETS = "\uf0b7\uf0a7\uf0d8\uf0fc•◦▪▫●○■□➢►–"
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u202f]+")


def strip_inline_html(text: str) -> str:
    """Remove inline formatting tags and decode entities; ``<sup>e</sup>`` -> ``e``."""
    if "<" not in text and "&" not in text:
        return text
    text = _SUP.sub(lambda m: m.group(1), text)
    text = _TAGS.sub("", text)
    return html.unescape(text)


_FOOTNOTE_LINE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+(\S.*)$", re.S)


def footnote_line(text: str) -> tuple[str, str] | None:
    """A footnote body printed as a paragraph: ``"¹ Voor de ..."`` -> ``("1", "Voor de ...")``."""
    m = _FOOTNOTE_LINE.match(text)
    return (m.group(1).translate(_SUPERSCRIPT_DIGITS), m.group(2).strip()) if m else None


def has_block_html(text: str) -> bool:
    return bool(re.search(r"<(?:ul|ol|li|p|table|tr|td|th|div)\b", text, re.I))


def clean_inline(text: str) -> tuple[str, list[str]]:
    """Clean one run of text; returns the text and the footnote marks taken off words."""
    text = strip_inline_html(text)
    text = _CARET_ORDINAL.sub(r"\1\2", text)
    marks: list[str] = []

    def take(m: re.Match[str]) -> str:
        marks.append(m.group(1).translate(_SUPERSCRIPT_DIGITS))
        return ""

    text = _GLUED_SUP.sub(take, text)
    text = text.replace("\u00ad", "")  # soft hyphen
    text = _SPACES.sub(" ", text)
    return text.strip(), marks


def is_bullet(token: str) -> bool:
    return len(token) == 1 and (token in _BULLETS or token in "-*")


def strip_bullet(line: str) -> tuple[str, str]:
    """Split a leading bullet off a line: ('•', 'rest') or ('', line)."""
    s = line.lstrip()
    if s and s[0] in _BULLETS and (len(s) == 1 or s[1].isspace()):
        return "•", s[1:].strip()
    m = re.match(r"^([-*])\s+(\S.*)$", s)
    if m:
        return "-", m.group(2).strip()
    m = re.match(r"^([a-z]\)|\d{1,2}[.)])\s+(\S.*)$", s)
    if m:
        return m.group(1), m.group(2).strip()
    return "", line


def normalise_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_all_tags(text: str) -> str:
    return html.unescape(_ANY_TAG.sub(" ", text))
