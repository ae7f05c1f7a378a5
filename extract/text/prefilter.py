"""Skip a regular expression on text that lacks a literal every one of its matches needs.

The mention pass runs some seventy patterns (periods, non-measurement reasons) over
every sentence, and Python's ``re`` tries each of them at every position even when
the sentence holds none of the words the pattern is about: a sentence without a
month name cannot contain "eind maart 2017". ``Prefilter(regex)`` reads the pattern
once and derives the literals of which any match must contain at least one (like
RE2's prefilter); ``may_match(folded)`` is then a few substring tests on the
sentence, a hundred times cheaper than the scan it saves.

The derivation is conservative: when it is unsure (a class of characters, an
optional part, a lookaround) it requires nothing, and the pattern always runs. So a
prefilter never changes what a pattern finds, only how often it is run; the test
suite checks that on every sentence of the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

try:  # the parser ``re`` itself uses; named sre_parse before Python 3.11
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_c = _sre_parse  # opcodes are re-exported by the parser module
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_ATOMIC = getattr(_c, "ATOMIC_GROUP", object())
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_MAX_ALTERNATIVES = 24  # beyond this many literals a test costs about as much as the scan it saves
_MAX_CLASS = 12  # a character class wider than this ([a-z], \w) is not worth spelling out

#: characters that ``re.IGNORECASE`` equates with an ASCII letter but ``str.lower`` does not
_ODD_CASES = "\u017f\u212a\u0130\u0131"
_FOLD = str.maketrans({"\u017f": "s", "\u212a": "k", "\u0130": "i", "\u0131": "i"})


#: a decimal digit other than 0-9, which ``\\d`` matches too
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def fold_text(text: str) -> str:
    """``text`` as :meth:`Prefilter.may_match` wants it: lower case, with re's case folds
    and every decimal digit written 0-9."""
    if text.isascii():
        return text.lower()
    for odd in _ODD_CASES:  # rare: translate (slow) only when one is there
        if odd in text:
            text = text.translate(_FOLD)
            break
    if _OTHER_DIGIT.search(text):
        text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.digit(m.group())), text)
    return text.lower()


#: :func:`fold_text` for sentences, remembered: each pass that reads a sentence folds it. Short
#: one-off texts (a word, the words before a number) use fold_text and leave this memory alone.
fold = lru_cache(maxsize=256)(fold_text)


class Prefilter:
    """A compiled pattern with the literals one of which each of its matches contains."""

    __slots__ = ("regex", "needles")

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex
        #: lower-case literals, one of which every match contains; () when nothing is known
        self.needles: tuple[str, ...] = required_literals(regex)

    def may_match(self, folded: str) -> bool:
        """False only when ``regex`` cannot match the text whose :func:`fold` is ``folded``."""
        return not self.needles or any_in(self.needles, folded)

    def search(self, text: str) -> re.Match[str] | None:
        """``regex.search(text)``, or None at once when the text lacks every needle."""
        if self.needles and not any_in(self.needles, fold_text(text)):
            return None
        return self.regex.search(text)

    def finditer(self, text: str, folded: str | None = None):
        """``regex.finditer(text)``, or nothing at once when the text lacks every needle."""
        if self.needles and not self.may_match(fold(text) if folded is None else folded):
            return iter(())
        return self.regex.finditer(text)


class PatternSet:
    """Prefilters screened together: one pass of an Aho-Corasick automaton over the text
    finds which of all their literals it contains, then each pattern's verdict is a bit test.

    Testing the literals one by one (some 200 for the non-measurement reasons) cost a
    sentence 20 microseconds; the automaton (pyahocorasick, in C) reads it once.
    """

    __slots__ = ("filters", "_group_of", "_automaton", "_always")

    def __init__(self, regexes):
        import ahocorasick

        self.filters = [Prefilter(regex) for regex in regexes]
        groups = list(dict.fromkeys(f.needles for f in self.filters))  # patterns sharing literals share a bit
        self._group_of = [groups.index(f.needles) for f in self.filters]
        self._always = 0  # the bits of patterns without literals: they always run
        masks: dict[str, int] = {}
        for bit, needles in enumerate(groups):
            if not needles:
                self._always |= 1 << bit
            for needle in needles:
                masks[needle] = masks.get(needle, 0) | 1 << bit
        self._automaton = ahocorasick.Automaton() if masks else None
        for needle, mask in masks.items():
            self._automaton.add_word(needle, mask)
        if self._automaton is not None:
            self._automaton.make_automaton()

    def screen(self, folded: str) -> list[bool]:
        """For each pattern, in order: may it match the text whose :func:`fold` is ``folded``?"""
        found = self._always
        if self._automaton is not None:
            for _end, mask in self._automaton.iter(folded):
                found |= mask
        return [bool(found >> bit & 1) for bit in self._group_of]


def any_in(needles: tuple[str, ...], folded: str) -> bool:
    """Does ``folded`` contain one of ``needles``?"""
    for needle in needles:  # a plain loop: twice as fast as any() over a generator
        if needle in folded:
            return True
    return False


def required_literals(regex: re.Pattern[str]) -> tuple[str, ...]:
    """Lower-case strings of which every match of ``regex`` contains at least one; () if unknown."""
    try:
        parsed = _sre_parse.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - an unparsable pattern simply gets no prefilter
        return ()
    found = _sequence(list(parsed))
    if not found or any(not needle for needle in found):
        return ()
    # a needle that contains a shorter one is found whenever it is: keep the shorter
    return tuple(sorted(n for n in found if not any(o != n and o in n for o in found)))


def _flatten(items):
    """A group only groups: its content sits between its neighbours like any other element."""
    for op, av in items:
        if op is _c.SUBPATTERN:
            yield from _flatten(av[-1])
        elif op is _ATOMIC:
            yield from _flatten(av)
        else:
            yield op, av


def _sequence(items) -> set[str] | None:
    """The best requirement of a sequence: every element is needed, so any one will do.

    Consecutive fixed elements form a run ("kwartaal", "[Qq][1-4]", "\\d+e"): each
    string of the run's product is a candidate. A repeat ``c+`` of one fixed element
    ends one run and starts the next, since both "Xc" and "cY" occur in "Xc+Y".
    """
    best: set[str] | None = None
    run: set[str] = {""}  # the strings the current run of fixed elements can be

    def grow(strings: set[str]) -> None:
        nonlocal best, run
        grown = _product(run, strings)
        if grown is None:  # too many combinations: end the run, start again from here
            grown = strings
        run = grown
        best = _better(best, run)  # every stage of a run is a requirement: "19|20" before "190|...|209"

    def close() -> None:
        nonlocal best, run
        best = _better(best, run if run != {""} else None)
        run = {""}

    for op, av in _flatten(items):
        exact = _exact(op, av)
        if exact is not None:
            grow(exact)
            continue
        if op in _REPEATS and av[0] >= 1:
            body = list(_flatten(av[2]))
            single = _exact(*body[0]) if len(body) == 1 else None
            if single is not None:
                grow(single)
                close()
                run = set(single)
                continue
            close()
            best = _better(best, _sequence(body))
            continue
        close()
        if op is _c.BRANCH:
            best = _better(best, _branch(av[1]))
        # ANY, NOT_LITERAL, wide classes, optional parts, group references: nothing known
    close()
    return best


def _branch(alternatives) -> set[str] | None:
    """One of the alternatives matches, so the union of their requirements is required."""
    found = [_sequence(list(branch)) for branch in alternatives]
    if any(not f for f in found):
        return None
    union = set().union(*found)
    return union if len(union) <= _MAX_ALTERNATIVES else None


def _exact(op, av) -> set[str] | None:
    """The few strings an element matches exactly (a literal, a small class, an alternation
    of literals), lower-cased; None for anything else."""
    if op is _c.LITERAL:
        return {fold_text(chr(av))} if _foldable(av) else None
    if op in _ZERO_WIDTH:  # \b, ^, lookarounds consume nothing: the literals around them still adjoin
        return {""}
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL and _foldable(value):
                chars.add(fold_text(chr(value)))
            elif kind is _c.RANGE and value[1] - value[0] < _MAX_CLASS and all(map(_foldable, value)):
                chars.update(fold_text(chr(code)) for code in range(value[0], value[1] + 1))
            elif kind is _c.CATEGORY and value is _c.CATEGORY_DIGIT:
                chars.update("0123456789")  # fold() turns other decimal digits into these
            else:  # NEGATE, wide ranges, \w, \s: too many characters
                return None
        return chars if len(chars) <= _MAX_CLASS else None
    if op is _c.BRANCH:
        strings: set[str] = set()
        for branch in av[1]:
            options: set[str] | None = {""}
            for sub_op, sub_av in _flatten(branch):
                part = _exact(sub_op, sub_av)
                options = _product(options, part) if part is not None and options is not None else None
            if options is None:
                return None
            strings |= options
        return strings if len(strings) <= _MAX_ALTERNATIVES else None
    return None


def _foldable(code: int) -> bool:
    """Whether :func:`fold` keeps every text that ``re`` matches with this character findable.

    ASCII and Latin-1 letters (with the odd cases fold maps) and characters without case
    ("€", "§") are; Greek and other scripts, where re.IGNORECASE equates more letters than
    lower case does (σ, ς, Σ), and the micro sign are not: a pattern's needles avoid them.
    """
    if code < 0x80:
        return True
    ch = chr(code)
    return (code < 0x100 and ch != "\u00b5") or ch.lower() == ch.upper() == ch


def _product(run: set[str], strings: set[str]) -> set[str] | None:
    if len(run) * len(strings) > _MAX_ALTERNATIVES:
        return None
    return {prefix + s for prefix, s in product(run, strings)}


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """Of two requirements, the more useful one.

    When one spells out the other in many more literals ("190".."209" against "19", "20"),
    the few, cheap ones win unless they are single characters, which nearly every sentence
    contains. Else the longer shortest literal wins, then the fewer literals (each is a
    substring test).
    """
    if not b or "" in b:
        return a
    if not a:
        return b
    for coarse, fine in ((a, b), (b, a)):
        if len(fine) >= 4 * len(coarse) and all(any(c in f for c in coarse) for f in fine):
            return fine if min(len(c) for c in coarse) < 2 else coarse
    return max(a, b, key=lambda s: (min(len(x) for x in s), -len(s)))
