"""Phrase matching: lemmas from the lookup table equal spaCy's own lookup lemmatizer."""

from __future__ import annotations

import spacy
from conftest import CORPUS_FILES, Q2, ROOT, load, sentence

from extract.matching import PhraseIndex
from extract.rules import load_rules

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
