"""Phrase matching: lemmas equal spaCy's lookup lemmatizer; nested hits are dropped as defined."""

from __future__ import annotations

import spacy
from conftest import CORPUS_FILES, Q2, ROOT, load, sentence
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extraction.matching import PhraseHit, PhraseIndex, _drop_nested
from extract.ruleset.load import load_rules

INDEX = PhraseIndex(load_rules(ROOT / "rules"))


def test_lemmas_equal_spacys_lookup_lemmatizer_on_the_corpus():
    reference = spacy.blank("nl")
    reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    reference.initialize()
    texts = [s.text for path in CORPUS_FILES for _, s in load(path).sentences()]
    assert len(texts) > 1000
    for text in texts:
        ours = [t.lemma_ for t in INDEX._tokens(text)]
        theirs = [t.lemma_ for t in reference(text)]
        assert ours == theirs, text


def test_a_plural_finds_the_phrase_through_its_lemma():
    # Q2: "Het Rijk heeft aangekondigd dat de verdeling van de budgetten naar de centrumgemeenten
    # een zal eindigen." The rules write "budget"; only the lemma of "budgetten" matches it.
    _, s = sentence(load(Q2), "Het Rijk heeft aangekondigd dat de verdeling van de budgetten")
    hits = [h for h in INDEX.find(s.text) if h.key == "ind:budget.beschikbaar"]
    assert [h.text for h in hits] == ["budgetten"]
    assert "budgetten" not in {p.lower() for p in INDEX.indicators["budget.beschikbaar"].phrases}


def _nested_by_definition(hits: list[PhraseHit]) -> list[PhraseHit]:
    def family(h: PhraseHit) -> str:  # the indicator of a dimension category, else the kind of key
        kind, _, rest = h.key.partition(":")
        return kind + ":" + rest.split(":")[0] if kind == "dim" else kind

    return [h for h in hits if not any(family(o) == family(h) and o.start <= h.start and h.end <= o.end
                                       and o.end - o.start > h.end - h.start for o in hits)]


_SPANS = st.tuples(st.sampled_from(["ind:a", "ind:b", "dim:a:x:y", "dim:a:x:z", "dim:b:x:y", "geo:NL"]), st.integers(0, 20), st.integers(1, 8))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPANS, max_size=12))
def test_drop_nested_keeps_what_no_longer_hit_of_its_family_covers(raw):
    hits = sorted({(k, s, s + n): PhraseHit(k, s, s + n, "") for k, s, n in raw}.values(),
                  key=lambda h: (h.start, -h.end))  # as find() hands them over
    assert _drop_nested(hits) == _nested_by_definition(hits)


def test_a_table_label_with_a_word_joined_or_hyphenated_names_the_same_indicator():
    # Meierijstad begroting 2020 (dev set): "Lopende reintegratievoorzieningen, per 10.000 inwoners
    # (15-64 jaar). **)" is BBV 28, which the catalogue writes "Lopende re-integratievoorzieningen"
    ranked = INDEX.ranked_labels("Lopende reintegratievoorzieningen, per 10.000 inwoners (15-64 jaar). **)")
    assert ranked[0][0] == "bbv.reintegratievoorzieningen"


def test_a_table_label_with_two_forms_of_a_word_is_read_in_each():
    # Lochem begroting 2022 (dev set): the row "% inwoners dat mantelzorg verleende/verleent"
    assert INDEX.ranked_labels("% inwoners dat mantelzorg verleende/verleent")[0][0] == "mantelzorg.inwoners_pct"


def test_a_slash_between_whole_words_only_is_an_alternative():
    # "afvalstoffenheffing / rioolrechten" (spaced) names two things; "15/16" is no word
    from extract.extraction.matching import _alternatives

    assert _alternatives("mantelzorg verleende/verleent") == {"mantelzorg verleende", "mantelzorg verleent"}
    assert _alternatives("afvalstoffenheffing / rioolrechten") == {"afvalstoffenheffing / rioolrechten"}
    assert _alternatives("schooljaar 15/16") == {"schooljaar 15/16"}
