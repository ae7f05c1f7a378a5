"""Dutch sentence splitting that survives abbreviations and Dutch number notation.

A plain ``". "`` split breaks "t.o.v. indicatie", "o.a. statushouders", "jl." and
"Arb. dienstbetr./uitk.", and a digit-aware rule is needed so that "1.524.000" and
"paragraaf 5.1" never end a sentence.
"""

from __future__ import annotations

import re

from ..limits import MAX_SENTENCE_CHARS

#: Lower-cased abbreviations (without final dot) after which a dot does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    o.a t.o.v t.a.v i.c i.v.m m.b.t mbt bijv bv d.w.z z.g.a.n z.s.m e.v e.d jl ca c.a
    nr nrs art blz p pag resp incl excl evt m.u.v n.a.v i.s.m ivm tov tav ong min
    max gem mr dr drs ir ing prof mw dhr mevr st jr sr a.s v.w.b arb dienstbetr uitk
    bijv. vs etc e.a enz zgn d.d dd tel fax mln mld mrd
    jan feb mrt apr jun jul aug sep sept okt nov dec
    """.split()
)

_CANDIDATE = re.compile(r"[.!?]+[\"'”’)]*(?=\s+|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text`` (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        if not _ends_sentence(text, m.start(), end):
            continue
        _push(text, start, end, spans)
        start = end
    if start < n:
        _push(text, start, n, spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:  # no sentence: a list or a dump; cut at a space
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS + 1)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def _ends_sentence(text: str, dot: int, end: int) -> bool:
    if text[dot] != ".":
        return _next_starts_sentence(text, end)
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'":
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha():  # initials: "H. Blok", "a) b. c."
        return False
    if re.fullmatch(r"\d{1,2}", word) and word_start == _line_start(text, dot):
        return False  # a list number "2." at the start of a line
    return _next_starts_sentence(text, end)


def _line_start(text: str, pos: int) -> int:
    i = text.rfind("\n", 0, pos)
    j = pos
    while j > i + 1 and not text[j - 1].isspace():
        j -= 1
    return j


def _next_starts_sentence(text: str, end: int) -> bool:
    i = end
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        return True
    ch = text[i]
    # A sentence starts with a capital, a digit, a quote, a bullet or a bracket;
    # "ca. 5 mensen" is handled by the abbreviation list, so digits may start one.
    return ch.isupper() or ch.isdigit() or ch in "\"'‘“(€-•"
