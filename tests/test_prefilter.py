"""The prefilter may skip a pattern only where the pattern finds nothing.

The soundness test runs every screened pattern of the mention pass (periods,
non-measurement reasons, number words) over every sentence, heading and table cell
of the corpus: wherever the prefilter says "cannot match", the pattern must indeed
find nothing. Hypothesis then tries generated text built from the patterns' own
literals, digits and odd case forms.
"""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS_FILES, Q2, load, sentence
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.model import Table
from extract.ruleset.reasons import load_reasons
from extract.text import periods, quantities
from extract.text.prefilter import PatternSet, Prefilter, fold, required_literals

SCREENED = (
    [regex for regex, _ in periods._PATTERNS]
    + [p for reason in load_reasons() for p in reason.patterns]
    + [f.regex for f in (periods._YEAR_EARLIER, periods._EARLIER_YEARS, quantities._OUT_OF, quantities._FRACTION)]
)
FILTERS = [Prefilter(regex) for regex in SCREENED]


def _corpus_texts() -> list[str]:
    texts = []
    for path in CORPUS_FILES:
        doc = load(path)
        for block in doc.blocks:
            if isinstance(block, Table):
                texts.extend(cell.text for cell in block.cells if cell.text)
            else:
                texts.append(block.text)
                texts.extend(s.text for s in getattr(block, "sentences", None) or [])
    return texts


CORPUS_TEXTS = _corpus_texts()


def test_never_skips_a_pattern_that_matches_in_the_corpus():
    skipped = wrongly = 0
    for text in CORPUS_TEXTS:
        folded = fold(text)
        for f in FILTERS:
            if not f.may_match(folded):
                skipped += 1
                if f.regex.search(text):
                    wrongly += 1
    assert wrongly == 0
    # and it earns its keep: most (pattern, text) pairs are skipped without a scan
    assert skipped > 0.6 * len(CORPUS_TEXTS) * len(FILTERS)


def test_screens_most_period_patterns_out_of_a_sentence_without_dates():
    # Q2 names no date in "Qua resultaat is de regio Zuid-Kennemerland en IJmond op schema; qua
    # tempo loopt het resultaat wat achter, ...": no month, quarter or year pattern is run on it.
    _, s = sentence(load(Q2), "Qua resultaat is de regio Zuid-Kennemerland en IJmond op schema")
    screen = periods._SCREEN.screen(fold(s.text))
    assert sum(screen) <= 3, [rx.pattern for (rx, _), ok in zip(periods._PATTERNS, screen, strict=True) if ok]


@pytest.mark.parametrize("pattern, needles", [
    (r"\b(?:vorig|vorige|afgelopen)\s+kwartaal\b", ("kwartaal",)),
    (r"\b[Qq](?P<q>[1-4])", ("q1", "q2", "q3", "q4")),
    (r"(?<![\d.,/-])(?P<y>(?:19|20)\d\d)(?![\d.,]\d)", ("19", "20")),   # not "190".."209"
    (r"\b(?:telefoon(?:nummer)?|tel\.?|telefax|fax)\s*:?", ("fax", "tel")),  # "telefax" holds "fax"
    (r"(?<![\d,.])(?P<n>\d+)\s*[-–]?\s*(?:jarige?n?|jarig)\b", ("jarig",)),
    (r"\bjaar\b|\bjaren\b", ("jaar", "jaren")),
    (r"\b(?-i:ISO|NEN)[-\s]?(?P<n>\d{3,5})\b", ("iso", "nen")),
])
def test_required_literals(pattern, needles):
    assert required_literals(re.compile(pattern, re.I)) == needles


@pytest.mark.parametrize("pattern", [
    r"\d+",                        # single characters in every sentence: not worth a test... but sound
    r"(?:jaar)?\s*\d",             # an optional part requires nothing
    r"[^\W\d_]+",                  # a wide class
    r"(?:a|b*)c?",                 # an alternative that can be empty
    r"(?=kwartaal)\w+",            # a lookahead is not required text (conservative)
])
def test_requires_nothing_or_something_sound(pattern):
    regex = re.compile(pattern, re.I)
    needles = required_literals(regex)
    for text in ("", "kwartaal 2017", "abc", "Jaar 3", "c"):
        if regex.search(text):
            assert not needles or any(n in fold(text) for n in needles), (pattern, text, needles)


def test_fold_matches_what_ignorecase_matches():
    # re.IGNORECASE equates these with ASCII letters; str.lower alone does not
    for odd, plain in (("\u017f", "s"), ("\u212a", "k"), ("\u0130", "i")):
        assert re.search(plain, odd, re.I)
        assert plain in fold(odd)
    assert fold("٢٠١٧") == "2017"  # \d matches Arabic-Indic digits too


def test_no_needle_from_a_script_where_ignorecase_equates_more_than_lower_case():
    # re.IGNORECASE matches "σ" to a final "ς", which str.lower() keeps apart
    regex = re.compile("ασ", re.I)
    assert regex.search("ΑΣ ας")
    assert required_literals(regex) == ()
    assert required_literals(re.compile("één|€", re.I)) == ("één", "€")


def test_pattern_set_screen_equals_each_prefilter_on_the_corpus():
    screened = PatternSet(SCREENED)
    for text in CORPUS_TEXTS:
        folded = fold(text)
        assert screened.screen(folded) == [f.may_match(folded) for f in FILTERS], text


def test_pattern_set_screens_in_order():
    regexes = [re.compile(p, re.I) for p in (r"kwartaal", r"\d+", r"maart|april")]
    assert PatternSet(regexes).screen(fold("In april 2017")) == [False, True, True]


_LITERALS = sorted({n for f in FILTERS for n in f.needles} | {"Jaar", "KWARTAAL", "\u212a", "٢"})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_LITERALS), st.sampled_from(list(" -/.,()0123456789")),
                          st.text(alphabet="aeijknorstuvAEJK€%ëé", max_size=4)), max_size=12).map("".join))
def test_never_skips_a_pattern_that_matches_generated_text(text):
    folded = fold(text)
    for f in FILTERS:
        if not f.may_match(folded):
            assert f.regex.search(text) is None, (f.regex.pattern, text, f.needles)
