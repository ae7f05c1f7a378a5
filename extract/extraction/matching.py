"""Finding the rules' phrases in text: spaCy phrase matching on lemmas, rapidfuzz for table labels.

The pipeline is ``spacy.blank("nl")`` with the lookup lemmatizer's table from
spacy-lookups-data (no model download). Phrases are matched on the lemma and on the
lower-cased form, so a rule author's "uitkering beëindigen" finds "uitkeringen
beëindigd" and an explicitly listed plural always matches. Table labels are short
and full of typos ("Gegronnd", "clënten"), so they are compared whole with
rapidfuzz's ``token_sort_ratio`` on lower-cased text, never with partial ratios.
Everything is built once per rule set and process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process, utils

from ..ruleset.load import Indicator, RuleSet, normalise_phrase


@dataclass(frozen=True)
class PhraseHit:
    key: str  # "ind:<id>", "dim:<id>:<dimension>:<category>", "kind:<kind>", "geo:<code>"
    start: int  # character offsets in the matched text
    end: int
    text: str


@lru_cache(maxsize=1)
def nlp():
    """The Dutch blank pipeline (tokenizer and vocabulary), built once per process.

    Its length limit guards the parser and NER, which a blank pipeline has not: the
    tokenizer takes a "sentence" of any length a file within the size limit can hold (one
    without a full stop in a 1.2 MB text), so the limit is the file limit."""
    import spacy

    from ..limits import MAX_FILE_BYTES

    pipeline = spacy.blank("nl")
    pipeline.max_length = max(pipeline.max_length, MAX_FILE_BYTES)
    return pipeline


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Lower-case word -> lemma: the Dutch table of spaCy's lookup lemmatizer, from
    spacy-lookups-data through spaCy's own registry, as a plain dict.

    ``nlp.add_pipe("lemmatizer", config={"mode": "lookup"})`` and ``initialize()`` load
    the same table into a spaCy Table, which took 0.55 s of every process's start
    against 0.13 s here; the lookup is the same (``table.get(word.lower(), word.lower())``).
    """
    from spacy.util import load_language_data, registry

    return load_language_data(registry.lookups.get("nl")["lemma_lookup"])


class PhraseIndex:
    """All phrases of a rule set, ready to find in sentences and to compare with labels."""

    def __init__(self, rules: RuleSet):
        from spacy.matcher import PhraseMatcher

        self.rules = rules
        self.indicators = rules.by_id()
        pipeline = nlp()
        self._make_doc = pipeline.make_doc
        self._lemma_table = lemma_table()
        self._lemmas: dict[int, int] = {}  # lower-case form -> lemma, as string-store hashes
        self._categories: dict[str, list[tuple[str, str, str]]] = {}
        self._lemma = PhraseMatcher(pipeline.vocab, attr="LEMMA")
        self._lower = PhraseMatcher(pipeline.vocab, attr="LOWER")
        entries: dict[str, list[str]] = {}
        for ind in rules.indicators:
            entries.setdefault(f"ind:{ind.id}", []).extend(ind.phrases)
            for dim, categories in ind.dimensions.items():
                for category, phrases in categories.items():
                    entries.setdefault(f"dim:{ind.id}:{dim}:{category}", []).extend(phrases)
        for kind, cues in rules.vocabulary.kinds.items():
            entries[f"kind:{kind}"] = list(cues)
        for code, cues in rules.vocabulary.geography.items():
            entries[f"geo:{code}"] = list(cues)
        for key, phrases in entries.items():
            self._lemma.add(key, [self._tokens(p) for p in phrases])
            self._lower.add(key, [pipeline.make_doc(p) for p in phrases])
        # table labels: every phrase and table label of every indicator, for fuzzy comparison
        self.labels: list[tuple[str, str]] = []  # (normalised label, indicator id)
        for ind in rules.indicators:
            for label in {normalise_phrase(x) for x in ind.phrases + ind.table_labels}:
                self.labels.append((label, ind.id))
        self._label_texts = [label for label, _ in self.labels]
        self._joined_texts = [_joined(label) for label in self._label_texts]
        self._lowest_fuzzy = min((ind.fuzzy for ind in rules.indicators), default=100)

    def find(self, text: str) -> list[PhraseHit]:
        """Every phrase occurrence in ``text``, longest first where two overlap with the same key."""
        doc = self._tokens(text)
        strings = doc.vocab.strings
        hits: dict[tuple[str, int, int], PhraseHit] = {}
        for matcher in (self._lemma, self._lower):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                last = doc[end - 1]
                first, stop = doc[start].idx, last.idx + len(last)
                hits[(key, first, stop)] = PhraseHit(key, first, stop, text[first:stop])
        return _drop_nested(sorted(hits.values(), key=lambda h: (h.start, -h.end)))

    def _tokens(self, text: str):
        """Tokens with the lookup lemmatizer's lemmas (:func:`lemma_table`), each word looked
        up once per process; spaCy's lemmatizer component looked every token up again and
        took half the matching time."""
        doc = self._make_doc(text)
        lemmas = self._lemmas
        for token in doc:
            lemma = lemmas.get(token.lower)
            if lemma is None:
                lower = token.lower_
                lemma = doc.vocab.strings.add(self._lemma_table.get(lower, lower))
                if len(lemmas) < 500_000:  # a language's words, not a document's: bounded anyway
                    lemmas[token.lower] = lemma
            token.lemma = lemma
        return doc

    def ranked_labels(self, label: str) -> list[tuple[str, float]]:
        """The indicators whose phrase or table label is close enough to a table label, best
        first, one entry per indicator: the caller takes the first whose unit fits the row
        ("Personen met een bijstandsuitkering" is a count, and per 10.000 inwoners BBV 27).

        The label is compared whole, without a unit description glued to its end ("Banen
        per 1.000 inw 15-64jr", "Jongeren met delict voor rechter % van jongeren tussen 12 en
        21 jaar"), and without the kind and year of a column ("Rekening 2016 Saldo"),
        whichever scores higher. A word written two ways ("verleende/verleent") is compared in
        each; hyphenated words both as written and joined ("reintegratievoorzieningen" is
        "re-integratievoorzieningen", "re-integratie- voorzieningen" broken over two lines)."""
        stripped = _strip_label(label)
        texts = {normalise_phrase(t) for form in (stripped, _UNIT_TAIL.sub("", stripped), _COLUMN_WORDS.sub(" ", stripped))
                 for t in _alternatives(form)}
        scores: dict[str, float] = {}
        for text in texts:
            if len(text) < 3:
                continue
            for query, choices in ((text, self._label_texts), (_joined(text), self._joined_texts)):
                for _, score, index in process.extract(query, choices, scorer=fuzz.token_sort_ratio,
                                                       processor=utils.default_process, limit=12,
                                                       score_cutoff=self._lowest_fuzzy):
                    ind_id = self.labels[index][1]
                    if score >= self.indicators[ind_id].fuzzy and score > scores.get(ind_id, -1.0):
                        scores[ind_id] = float(score)
        return sorted(scores.items(), key=lambda item: -item[1])

    def best_category(self, indicator: Indicator, label: str) -> tuple[str, str, float] | None:
        """The dimension category of ``indicator`` that a table label names ("Gegronnd" -> uitkomst=gegrond)."""
        text = normalise_phrase(_strip_label(label))
        best: tuple[str, str, float] | None = None
        for dim, category, phrase in self._category_phrases(indicator):
            score = fuzz.token_sort_ratio(text, phrase, processor=utils.default_process)
            if score >= indicator.fuzzy and (best is None or score > best[2]):
                best = (dim, category, float(score))
        return best

    def _category_phrases(self, indicator: Indicator) -> list[tuple[str, str, str]]:
        """(dimension, category, normalised phrase) of an indicator, normalised once."""
        found = self._categories.get(indicator.id)
        if found is None:
            found = self._categories[indicator.id] = [
                (dim, category, normalise_phrase(phrase))
                for dim, categories in indicator.dimensions.items()
                for category, phrases in categories.items() for phrase in phrases]
        return found


#: a unit description at the end of a label: "… Aantal per 10.000 inwoners van 15 - 64 jaar",
#: "… per 1.000 inw 15-64jr", "… % van alle jongeren tot 18 jaar", "… in %"
_UNIT_TAIL = re.compile(r"\s+(?:%|in\s+%|aantal\s+per\b|per\s+1[.\s]?000|per\s+10[.\s]?000|percentage\s+van\b).*$", re.I)


#: the kind and period words of a column header under a spanning one ("Rekening 2016 Saldo",
#: "Begroting 2022 (na wijziging) Lasten"): what is left names the figure
_COLUMN_WORDS = re.compile(
    r"\b(?:realisatie|rekening|jaarrekening|werkelijk|begroting|begroot|primitie[fv]e?|prim\.|raming|"
    r"meerjarenraming|prognose|na\s+wijziging|gewijzigd[e]?|(?:19|20)\d\d)\b", re.I)


_HYPHEN_IN_WORD = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")
_WORD_OR_WORD = re.compile(r"\b([^\W\d_]+)/([^\W\d_]+)\b")


def _joined(text: str) -> str:
    """A label with its words' hyphens taken out: "re-integratie" and "reintegratie" are one word."""
    return _HYPHEN_IN_WORD.sub("", text)


def _alternatives(text: str) -> set[str]:
    """A label with each "a/b" read as a and as b ("mantelzorg verleende/verleent"); the label
    itself when it has none."""
    if not _WORD_OR_WORD.search(text):
        return {text}
    return {_WORD_OR_WORD.sub(r"\1", text), _WORD_OR_WORD.sub(r"\2", text)}


def _strip_label(label: str) -> str:
    """A label without the noise around it: "(streefwaarde 92%)", "*", footnote digits."""
    label = re.sub(r"\([^)]*\)", " ", label)
    return re.sub(r"[*:¹²³⁴⁵⁶⁷⁸⁹]", " ", label)


def _family(key: str) -> str:
    """The kind of a hit's key; a dimension category's family is its indicator's: one
    indicator's "gegrond verklaard" hides no other indicator's "gegrond"."""
    kind, _, rest = key.partition(":")
    return f"dim:{rest.split(':', 1)[0]}" if kind == "dim" else kind


def _drop_nested(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Keep a hit unless a longer hit of the same family of key covers it.

    ``hits`` are in order of start, longest first, so a hit is covered exactly when an
    earlier one of its family reaches further, or as far from further left. One pass.
    """
    furthest: dict[str, tuple[int, int]] = {}  # family -> (furthest end so far, start of the first to reach it)
    out: list[PhraseHit] = []
    for h in hits:
        family = _family(h.key)
        reach = furthest.get(family)
        if reach is None or h.end > reach[0]:
            furthest[family] = (h.end, h.start)
        if reach is not None and (reach[0] > h.end or (reach[0] == h.end and reach[1] < h.start)):
            continue
        out.append(h)
    return out
