"""From a Document and its mentions to measurements: the rules decide what each figure is.

Prose: a quantity becomes a measurement of the indicator whose phrase stands nearest
to it in its sentence (same unit family; a phrase right behind the figure, "193
uitkeringen beëindigd", wins). A sentence without a phrase borrows the phrases of
the previous sentence when it refers back ("Hiervan waren 6 zaken gegrond"), or of
its section heading. Kind, geography and dimensions come from cue phrases in the
figure's own clause; the period from :mod:`extract.extraction.mentions`.

Tables: a cell's row label, column label, caption and section name its indicator
(phrases, or table labels compared fuzzily); the other labels give its dimensions
("Gegronnd" -> uitkomst=gegrond), a total ("Totaal"), or its geography ("Haarlem").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice

from ..documents.cell_lines import FIGURE, PERIOD, TEXT, cell_kind, is_code
from ..model import Block, Document, Paragraph, Sentence, Span, Table
from ..records import Measurement, MentionRecord
from ..ruleset.load import Indicator, RuleSet
from ..text.periods import Anchor, ResolvedPeriod
from ..text.quantities import Quantity
from ..text.sentences import split_sentences
from .matching import PhraseHit, PhraseIndex
from .mentions import PERIOD_REVERSED, STATUS_QUANTITY, Mention, document_mentions, own_periods, table_notes
from .subjects import INVERTED_SUBJECT, REFERS_BACK, SUBJECT, counted_subject, noun_phrase

#: units a bare figure may take on (a count in prose can be a grade, a rate)
#: the units of a rate: an indicator of one of them takes a table row that states another
_RATES = {"percent", "per_1000", "per_10000"}
_COMPATIBLE = {
    "count": {"count", "times", "per_1000", "per_10000", "grade", "fte"},
    "percent": {"percent", "percentage_point"},
    "percentage_point": {"percent", "percentage_point"},
    "times": {"count", "times"},
}
#: words by which a sentence refers back to the figure of the one before ("Hiervan waren
#: 6 zaken gegrond", "De gemeente zit daarmee onder het landelijk gemiddelde van 11%")
_ANAPHOR = re.compile(r"^\s*(?:van\s+deze|van\s+die|dat\s+zijn|dit\s+zijn|zij|deze)\b|"
                      r"\b(?:hiervan|daarvan|waarvan|daarmee|hiermee|daarbij|hierbij|dit\s+percentage|dit\s+aantal)\b", re.I)
#: a cell's figure followed by a noun of its own ("298 klanten"), not by a scale word ("3 mln")
_COUNTS_ITS_OWN = re.compile(r"\d\s+(?!(?:mln|miljoen|mld|miljard|duizend|dzd)\b)[a-zà-ÿ]{3,}", re.I)
_TOTAL = re.compile(r"\b(?:totaal|total|samen|generaal)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:]|\s[–-]\s")


@dataclass
class Extraction:
    measurements: list[Measurement] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)


class Extractor:
    """Built once per rule set and process; ``extract(doc)`` is then cheap per document."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.index = PhraseIndex(rules)
        self.indicators = rules.by_id()
        self._memo: dict[tuple, object] = {}  # phrase hits, table labels and rows, for one document

    # -- the whole document ---------------------------------------------------------------
    def extract(self, doc: Document, mentions: list[Mention] | None = None) -> Extraction:
        mentions = mentions if mentions is not None else document_mentions(doc, self.rules.reasons)
        self._memo = {}
        result = Extraction()
        produced: dict[int, Measurement] = {}  # id(quantity) -> its measurement
        by_block: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.status == STATUS_QUANTITY:
                by_block.setdefault(m.block, []).append(m)
        for index, items in by_block.items():
            block = doc.blocks[index]
            if isinstance(block, Table):
                by_cell: dict[tuple[int, int], list[Mention]] = {}
                for m in items:
                    by_cell.setdefault(m.cell or (-1, -1), []).append(m)
                notes = by_cell.pop((-1, -1), [])
                if notes:  # a table's notes are running text ("Het percentage ... is in 2021 gedaald")
                    for paragraph in _note_paragraphs(doc, block):
                        inside = [m for m in notes if paragraph.span.start <= m.start < paragraph.span.end]
                        if inside:
                            self._prose_measurements(doc, index, paragraph, inside, produced)
                for (row, col), cell_items in by_cell.items():
                    cell = block.cell(row, col)
                    if cell is not None and _is_prose(cell.text):
                        self._prose_measurements(doc, index, _cell_paragraph(block, cell), cell_items, produced)
                    else:
                        for m in cell_items:
                            self._table_measurement(doc, index, block, m, produced)
            else:
                self._prose_measurements(doc, index, block, items, produced)
        result.measurements = _unique(produced.values())
        name = doc.name
        result.mentions = [self._mention_record(doc, name, m, produced) for m in mentions]
        return result

    def _mention_record(self, doc: Document, name: str, m: Mention, produced: dict[int, Measurement]) -> MentionRecord:
        if m.status == STATUS_QUANTITY:
            status = "measurement" if m.quantity is not None and id(m.quantity) in produced else "unmapped"
        else:
            status = "non_measurement"
        block = doc.blocks[m.block]
        if m.cell is not None and isinstance(block, Table):
            context = f"{block.row_header(m.cell[0])} / {block.column_header(m.cell[1])}: {m.text}"
        elif m.reason == PERIOD_REVERSED:
            sentence, _ = _sentence_of(getattr(block, "sentences", None) or [], m.start)
            context = sentence.text if sentence else doc.text[max(0, m.start - 50):m.end + 50]
        else:
            context = doc.text[max(0, m.start - 50):m.end + 50].replace("\n", " ").replace("\t", " | ")
        return MentionRecord(name, m.text, m.value, m.page, m.line, status, m.reason if status == "non_measurement" else "",
                             doc.meta.id, m.start, context.strip())

    # -- prose ----------------------------------------------------------------------------------
    def _prose_measurements(self, doc, index: int, block: Block, items: list[Mention], produced) -> None:
        sentences: list[Sentence] = getattr(block, "sentences", None) or []
        placed = [(m, *_sentence_of(sentences, m.start)) for m in items]
        figures: dict[int, set[tuple[int, int]]] = {}  # per sentence, once: a list of thousands is one "sentence"
        for m, sentence, _ in placed:
            if sentence is not None and m.quantity is not None:
                figures.setdefault(id(sentence), set()).add((m.quantity.start, m.quantity.end))
        for m, sentence, previous in placed:
            if sentence is None or m.quantity is None or id(m.quantity) in produced:
                continue
            text = sentence.text
            hits = self._hits(text)
            q = m.quantity
            others = figures[id(sentence)] - {(q.start, q.end)}
            relative = _relative_change(text, q)  # a change in percent of what the sentence counts
            choice = self._choose_prose(q, text, hits, others, block, previous, relative)
            if choice is not None and choice[0].row_must_name and not _dimensions(hits, choice[0], q, others):
                choice = None  # "de lasten stijgen met € 1,2 miljoen": lasten of what, the sentence does not say
            if choice is not None and choice[0].unit == "eur" and (basis := self._per_unit(text, q, others)) \
                    and basis not in choice[0].label.lower():
                choice = None  # "€ 200.000,- per plek": a price per unit is none of the amounts the catalogue names
            if choice is None and (tile := self._tile_measurement(doc, block, sentence, m)) is not None:
                produced[id(q)] = tile
                continue
            if choice is None:
                labelled = self._labelled_prose_measurement(doc, block, sentence, m, hits, previous)
                if labelled is not None:
                    produced[id(q)] = labelled
                continue
            ind, hit, confidence = choice
            produced[id(q)] = self._prose_measurement(doc, block, sentence, m, ind, hit, hits, others, confidence,
                                                      relative)

    def _tile_measurement(self, doc, block, sentence: Sentence, m: Mention) -> Measurement | None:
        """A dashboard tile's amount typed by its heading, as a table cell by its row label: the
        begroting and jaarstukken sites print per programme "Uitgaven" / "18,44% € 31.313 x
        €1.000 18,44% Complete"; the heading names the figure, the tile's words do not."""
        q = m.quantity
        if q.unit != "eur" or not _is_tile(block, sentence.text):
            return None
        heading = block.section[-1]
        choice = self._choose_table([("row", heading)], q, q.unit)
        if choice is None:
            return None
        ind, _, confidence = choice
        return self._measurement(
            doc, ind, q, m, unit=q.unit, kind=ind.kind or "actual", dims={}, label=heading, geography=doc.meta.region
            or doc.meta.municipality, quote=sentence.text, method="prose", rule=f"{ind.id}:tile", confidence=confidence,
            line=sentence.span.line, page=sentence.span.page,
        )

    def _labelled_prose_measurement(self, doc, block, sentence: Sentence, m: Mention,
                                    hits: list[PhraseHit], previous: Sentence | None = None) -> Measurement | None:
        """A prose figure no rule names, kept with the noun it counts ("345 bezwaarschriften"),
        when that noun is one the vocabulary knows counts people, cases or provisions; or with
        the subject its sentence counts ("Het aantal Enschedeërs in de bijstand daalde van
        6.943 ... naar 6.669"), or the previous sentence's when this one refers back to it."""
        q = m.quantity
        text = sentence.text
        if q.unit in ("eur", "percent") and not q.in_words:
            return self._clause_measurement(doc, block, sentence, m, hits, previous)
        noun = (q.counted or "").lower()
        if q.unit == "count" and not q.in_words and not noun and not _is_year(q):
            subject = counted_subject(text[:q.start]) or (counted_subject(previous.text) if previous is not None
                                                           and REFERS_BACK.match(text) else None)
            if subject:
                clause = _clause(text, q)
                cue_kind, _ = _kind(text, hits, q, clause)
                if q.role in ("from", "to") and cue_kind == "change":
                    cue_kind = "actual"
                if cue_kind == "change" and _decreases(text, clause, q) and q.value > 0:
                    q = replace(q, value=-q.value, low=-q.high, high=-q.low)  # "Een daling van 274"
                return self._measurement(
                    doc, None, q, m, unit="count", kind=cue_kind or "actual", dims={}, label=subject,
                    geography=self._geography(text, hits, clause, doc), quote=text, method="prose", rule="",
                    confidence=0.3, line=sentence.span.line, page=sentence.span.page,
                )
        if q.unit != "count" or not noun or q.in_words or not self.rules.vocabulary.counts(noun):
            return None
        if re.search(r"\bper\s*$", text[max(0, q.start - 8):q.start], re.I) or re.search(r"\s(?:tot|à|-|–|en)\s", q.text):
            return None  # "per 1.000 leerlingen" is a unit, "50.000 tot 100.000 inwoners" a size class
        clause = _clause(text, q)
        cue_kind, _ = _kind(text, hits, q, clause)
        return self._measurement(
            doc, None, q, m, unit="count", kind=cue_kind or "actual", dims={}, label=q.counted,
            geography=self._geography(text, hits, clause, doc), quote=text, method="prose", rule="",
            confidence=0.4, line=sentence.span.line, page=sentence.span.page,
        )

    def _clause_measurement(self, doc, block, sentence: Sentence, m: Mention,
                            hits: list[PhraseHit], previous: Sentence | None = None) -> Measurement | None:
        """An amount or percentage no rule names, labelled by the words of its clause ("In het
        deelgebied Participatie zijn de lasten (exclusief loonkosten) lager"): in running text
        every euro and percentage is a figure a researcher copies."""
        q = m.quantity
        text = sentence.text
        clause = _clause(text, q)  # q's offsets are in its sentence, its qualifier included
        if re.search(r"\b(?:geen|niet)\s+$", text[max(0, q.start - 8):q.start], re.I):
            return None  # "was deze benutting geen 100%": a figure denied is no value
        label = _clause_label(text, clause, q.start, q.end)
        own = SUBJECT.search(text, clause[0], q.start)
        if own is not None and own.end() >= q.start - 1:
            label = noun_phrase(own.group("np"))  # "het percentage Maastrichtse inwoners met ondersteuning 16%"
        elif (inverted := INVERTED_SUBJECT.search(text, clause[0], q.start)) is not None:
            label = inverted.group("np").strip()  # "In 2013 groeide het aantal bijstandsuitkering in onze stad met 2,9 procent"
        elif not label:
            # "Ook het aantal banen steeg sterk in 2017: 2,4% groei.": a clause too short names nothing, its sentence does
            label = counted_subject(text) or _clause_label(text, (0, len(text)), q.start, q.end)
        if previous is not None and REFERS_BACK.match(text) and (subject := counted_subject(previous.text)):
            label = subject  # "Dat is 1% meer dan in dezelfde periode van 2018.": more of what the sentence before counts
        if _is_tile(block, text):
            # a dashboard tile ("Uitgaven" / "40,34% € 49.382 x €1.000 40,34% Complete"): its heading names it
            if text.count(q.text) > 1 and text.find(q.text) != q.start:
                return None  # the tile repeats its figure as a legend
            label = block.section[-1]
        if not label:
            return None
        cue_kind, _ = _kind(text, hits, q, clause)
        clause_text = text[clause[0]:clause[1]]
        if q.role in ("from", "to"):
            cue_kind = "actual" if cue_kind == "change" else cue_kind  # "van 13,3% naar 12,4%": levels
        elif not cue_kind and _DELTA.search(clause_text):
            cue_kind = "change"  # "€ 168.000 lager", "(€ 87.000 voordelig)"
        if cue_kind == "change" and _decreases(text, clause, q) and q.value > 0:
            q = replace(q, value=-q.value, low=-q.high, high=-q.low)
        return self._measurement(
            doc, None, q, m, unit=q.unit, kind=cue_kind or "actual", dims={}, label=label,
            geography=self._geography(text, hits, clause, doc), quote=text, method="prose", rule="",
            confidence=0.3, line=sentence.span.line, page=sentence.span.page,
        )

    def _once(self, key: tuple, compute, *args):
        """``compute(*args)`` once per document: a table asks the same of every cell of a row."""
        if key not in self._memo:
            self._memo[key] = compute(*args)
        return self._memo[key]

    def _hits(self, text: str) -> list[PhraseHit]:
        """The phrases in ``text``, found once per document: a table's labels are asked per cell."""
        return list(self._once(("hits", text), lambda: tuple(self.index.find(text))))

    def _choose_prose(self, q: Quantity, text: str, hits: list[PhraseHit], others, block: Block,
                      previous: Sentence | None, relative: bool = False) -> tuple[Indicator, PhraseHit | None, float] | None:
        candidates = [(ind, hit) for ind, hit in self._indicator_hits(hits, q, text, relative)
                      if not _counts_other(q, hit, others, text)]
        confidence = 0.9
        if not candidates:
            # no phrase of its own: an indicator named just before (a sentence that refers
            # back, "Hiervan waren 6 zaken gegrond") or by the section, whose dimension
            # categories this sentence names
            named = set()
            if previous is not None and _ANAPHOR.search(text):
                named = {ind.id for ind, _ in self._indicator_hits(self._hits(previous.text), q, previous.text + " " + text)}
            for title in block.section:
                named |= {ind.id for ind, _ in self._indicator_hits(self._hits(title), q, title + " " + text)}
            candidates = [(ind, hit) for ind, hit in self._dimension_indicators(hits, q, text) if ind.id in named]
            if not candidates and previous is not None and _ANAPHOR.search(text):
                candidates = [(self.indicators[i], None) for i in sorted(named)]
            confidence = 0.7 if candidates else confidence
        if not candidates:
            for title in reversed(block.section):
                candidates = [(ind, None) for ind, _ in self._indicator_hits(self._hits(title), q, text + " " + title)]
                if candidates:
                    confidence = 0.5
                    break
        if not candidates:
            return None
        best = min(candidates, key=lambda c: _distance(q, c[1], others, text))
        if best[1] is not None and _distance(q, best[1], others, text) == 0:
            confidence = 0.95
        return best[0], best[1], confidence

    def _indicator_hits(self, hits: list[PhraseHit], q: Quantity, context: str,
                        relative: bool = False) -> list[tuple[Indicator, PhraseHit]]:
        """The indicators the phrases name whose unit fits the figure's; a ``relative`` change
        in percent fits an indicator of any unit (the sentence names what changed)."""
        out = []
        for hit in hits:
            if not hit.key.startswith("ind:"):
                continue
            ind = self.indicators[hit.key[4:]]
            unit = ind.unit if relative and ind.unit not in _COMPATIBLE["percent"] else q.unit
            if self._fits(ind, unit, context):
                out.append((ind, hit))
        return out

    def _dimension_indicators(self, hits: list[PhraseHit], q: Quantity, context: str) -> list[tuple[Indicator, PhraseHit]]:
        out = []
        for hit in hits:
            if hit.key.startswith("dim:"):
                ind = self.indicators[hit.key.split(":")[1]]
                if self._fits(ind, q.unit, context):
                    out.append((ind, hit))
        return out

    def _fits(self, ind: Indicator, unit: str, context: str) -> bool:
        if unit != ind.unit and ind.unit not in _COMPATIBLE.get(unit, {unit}):
            return False
        low = context.lower()
        if ind.context and not any(w.lower() in low for w in ind.context):
            return False
        return not any(w.lower() in low for w in ind.exclude)

    def _prose_measurement(self, doc, block, sentence: Sentence, m: Mention, ind: Indicator, hit: PhraseHit | None,
                           hits: list[PhraseHit], others, confidence: float, relative: bool = False) -> Measurement:
        q = m.quantity
        text = sentence.text
        clause = _clause(text, q)
        cue_kind, cue = _kind(text, hits, q, clause)
        kind = ind.kind or cue_kind or "actual"
        dims = _dimensions(hits, ind, q, others)
        self._context_dimensions(ind, dims, list(reversed(block.section)))
        if (basis := self._per_unit(text, q, others)) and basis not in ind.label.lower():
            dims.setdefault("per", basis)  # "€ 200.000,- per plek": not the total of another sentence
        if one_off := _cue_near(self.rules.vocabulary.deel_re, text, clause, q):
            dims.setdefault("deel", one_off)  # "Op jaarbasis ... 62" and "eenmalig opgehoogd naar 80"
        if self._counts_households(text, clause, q, ind):
            dims.setdefault("eenheid", "huishouden")  # "Het aantal huishoudens met een indicatie ... 13.180"
        unit = q.unit if q.unit == ind.unit or q.unit in ("percent", "percentage_point", "eur") else ind.unit
        if relative and ind.unit not in _COMPATIBLE["percent"]:
            # "groeide het aantal bijstandsuitkering ... met 2,9 procent": a change of the count, in percent
            if q.value > 0 and _decreases(text, clause, q):
                q = replace(q, value=-q.value, low=-q.high, high=-q.low)
            return self._measurement(
                doc, ind, q, m, unit="percent", kind="change", dims=dims, label=hit.text if hit else ind.label,
                geography=self._geography(text, hits, clause, doc), quote=text, method="prose",
                rule=f"{ind.id}:{hit.text.lower() if hit else 'context'}:relative", confidence=confidence,
                line=sentence.span.line, page=sentence.span.page,
            )
        if not cue_kind and not ind.kind and q.role not in ("from", "to") and (
                changed := _CHANGE_BY.search(text[clause[0]:q.start])):
            kind, cue_kind, cue = "change", "change", changed.group("verb")
        elif not cue_kind and not ind.kind and q.role not in ("from", "to") and (
                differs := _DIFFERENCE_AFTER.match(text, q.end)):
            kind, cue_kind, cue = "change", "change", differs.group("word")  # "ligt circa 600 hoger"
        if q.role in ("from", "to") and kind == "change" and not ind.kind:
            kind = "actual"  # "gedaald van 13,3% naar 12,4%": both are levels, not the change
        elif kind == "actual" and unit == "percent" and q.value < 0 and ind.quantity in ("share", "rate"):
            kind = "change"  # "neemt de werkloosheid ... af (01-01-2016 - 01-07-2017: -14,4%)": no share is below 0
        if kind == "change" and cue_kind == "change" and _DECREASE.search(cue) and q.value > 0 and q.role not in ("from", "to"):
            q = replace(q, value=-q.value, low=-q.high, high=-q.low)  # "15 minder dan", "een daling van 8"
        return self._measurement(
            doc, ind, q, m, unit=unit, kind=kind, dims=dims, label=hit.text if hit else ind.label,
            geography=self._geography(text, hits, clause, doc), quote=text, method="prose",
            rule=f"{ind.id}:{hit.text.lower()}" if hit else f"{ind.id}:context", confidence=confidence,
            line=sentence.span.line, page=sentence.span.page,
        )

    def _counts_households(self, text: str, clause: tuple[int, int], q: Quantity, ind: Indicator) -> bool:
        """Whether a count of an indicator that counts people counts households here: the noun
        the figure counts, or the subject of its clause ("Het aantal huishoudens met ..."), is
        a household noun, and the indicator's own name does not say households."""
        nouns = self.rules.vocabulary.households
        if q.unit != "count" or not nouns or any(n in ind.label.lower() for n in nouns):
            return False
        noun = q.counted or counted_subject(text[clause[0]:q.start]) or ""
        words = [w for w in noun.lower().split() if w not in ("het", "de", "aantal")]
        return bool(words) and words[0] in nouns

    def _per_unit(self, text: str, q: Quantity, others) -> str:
        """The basis a prose figure is given on (vocabulary ``per_unit``): a cue right after it
        ("€ 200.000,- per plek", "150 klachten per maand", within three words) or before it in its
        sentence with no other figure between ("per deelregio ... voor 2017 eenmalig € 50.000,-",
        "Op jaarbasis zijn er 62 woningen"); "" when there is none."""
        pattern = self.rules.vocabulary.per_unit_re
        if pattern is None:
            return ""
        for match in re.finditer(r"[^\w€]*(?:[\w-]+\s+){0,3}", text[q.end:q.end + 60]):
            for gap in range(match.start(), match.end() + 1):
                if (found := pattern.match(text, q.end + gap)) is not None:
                    return found.lastgroup
            break
        before = [m for m in pattern.finditer(text, 0, q.start)
                  if not any(m.end() <= start < q.start for start, _ in others)  # no other figure between
                  and not any(0 <= m.start() - end <= 25 for _, end in others)]  # "66 per kwartaal": another's
        return before[-1].lastgroup if before else ""

    def _context_dimensions(self, ind: Indicator, dims: dict[str, str], texts: list[str]) -> None:
        """Dimensions the figure's own words leave open, from its headings or caption
        ("4. Jeugd > Financiën" gives domein=jeugd), innermost first. A heading that names
        two categories of one dimension ("Skaeve Huse en Domus Plus") decides it for none of
        its figures, nor leaves it to a heading further out."""
        settled = set(dims)
        for text in texts:
            named: dict[str, set[str]] = {}
            for hit in self._hits(text):
                if hit.key.startswith(f"dim:{ind.id}:"):
                    _, _, dim, category = hit.key.split(":", 3)
                    named.setdefault(dim, set()).add(category)
            for dim, categories in named.items():
                if dim not in settled and len(categories) == 1:
                    dims[dim] = next(iter(categories))
                settled.add(dim)

    def _geography(self, text: str, hits: list[PhraseHit], clause: tuple[int, int], doc: Document) -> str | None:
        for hit in hits:
            if hit.key.startswith("geo:") and clause[0] <= hit.start < clause[1]:
                return hit.key[4:]
        pattern = self.rules.vocabulary.region_pattern
        if pattern is not None:
            found = pattern.search(text[clause[0]:clause[1]])
            if found:
                return found.group("name")
        return doc.meta.region or doc.meta.municipality

    # -- tables ---------------------------------------------------------------------------------
    def _table_measurement(self, doc: Document, index: int, table: Table, m: Mention, produced) -> None:
        if m.cell is None or m.quantity is None or id(m.quantity) in produced:
            return
        row, col = m.cell
        cell = table.cell(row, col)
        if cell is None or cell.header or cell_kind(cell.text) == PERIOD or is_code(cell.text):
            return  # a row's "2015" in its Periode column dates the row's figures; "022" is a BBV number
        column = table.column_header(col).strip()
        if _UNIT_HEADER.match(column) or _PERIOD_HEADER.match(column):
            return  # "% 12-21 jr" under "Eenheid" describes the figures, it is none
        layout = self._once(("rows", index), _RowLayout.of, table)
        labels = _table_labels(table, row, col, layout)
        row_unit = _row_unit(table, row, col, [t for s, t in labels if s in ("row", "column")])
        if m.quantity.unit == "count" and _COUNTS_ITS_OWN.search(cell.text):
            row_unit = "count"  # "298 klanten" in a row "per 10.000 inwoners": the cell counts its own noun
        # a bare figure in a row that gives a rate ("per 10.000 inwoners") is only an indicator of that rate
        choice = self._choose_table(labels, m.quantity, row_unit)
        if choice is None:
            self._labelled_table_measurement(doc, index, table, m, labels, produced)
            return
        ind, used, confidence = choice
        dims: dict[str, str] = {}
        total = False
        geography = doc.meta.region or doc.meta.municipality
        for source, text in labels:
            if not text or source not in ("row", "column", "corner", "group"):
                continue
            # "Meldingen HG": the label that names the indicator names its category too; so does a
            # group line ("Stortingen" above "Mutaties reserves")
            for hit in self._hits(text):
                if hit.key.startswith(f"dim:{ind.id}:"):
                    _, _, dim, category = hit.key.split(":", 3)
                    dims.setdefault(dim, category)
        for source, text in labels:
            if not text:
                continue
            if _TOTAL.search(text) and source in ("row", "column"):
                total = True  # "Totaal lasten": a total, also where its own words name the indicator
                continue
            if source == used:
                continue
            category = self._once(("category", ind.id, text), self.index.best_category, ind, text) \
                if source in ("row", "column", "corner") else None
            if category:
                dims.setdefault(category[0], category[1])
            elif source in ("row", "column") and (place := self._place(text)):
                geography = place  # "Gouda | Nederland": the column of the national figures
        group = layout.groups[row]
        if ind.row_dimension and used == "row" and not dims and group and not _TOTAL.search(group) \
                and not any(h.key == f"ind:{ind.id}" for h in self._hits(group)):
            dims[ind.row_dimension] = re.sub(r"\s+", " ", group).strip().lower()  # "Participatie" above "Lasten"
        if ind.row_must_name and used != "row" and not total and not dims:
            # "Lasten" above "BUIG": a part the catalogue does not know. Typed without its
            # part it would look like the lasten given twice: typed with the row's name as
            # its part where the rule says which dimension takes it, else kept labelled.
            part = _row_name(table, row, col, layout)
            if not ind.row_dimension or not part or _TOTAL.search(part) or _TAAKVELD_CODE.match(table.row_header(row)):
                # "7.1 Volksgezondheid" under "Lasten per taakveld": a taakveld of another domain
                self._labelled_table_measurement(doc, index, table, m, labels, produced)
                return
            dims[ind.row_dimension] = re.sub(r"\s+", " ", part).strip().lower()
        self._context_dimensions(ind, dims, [t for s, t in labels if s in ("caption", "section") and t])
        if ind.section_dimension and (part := _section_part(table.section)):
            dims.setdefault(ind.section_dimension, part)
        series = _series_name(table, row, col, cell, m)  # "883,1 727,9" under "2015", named "Almelo Grootteklasse"
        if series and (place := self._place(series)):
            geography = place
        column_name = f"{table.column_header(col).strip()} {series}".strip()
        label_text = " / ".join(t for t in (_row_label(table, row, col, layout), column_name) if t)
        kind = ind.kind or _label_kind(self.rules, [t for s, t in labels if s in ("column", "row")]) or "actual"
        # a bare figure takes its unit from its labels ("per 10.000 inwoners"), else from its indicator
        unit = m.quantity.unit if m.quantity.unit != "count" else (row_unit if row_unit != "count" else ind.unit)
        quote = self._row_quote(table, index, row)
        produced[id(m.quantity)] = self._measurement(
            doc, ind, m.quantity, m, unit=unit, kind=kind, period=_column_period(doc, table, col, m.period, kind),
            dims=dims, label=label_text or ind.label, geography=geography, quote=quote, method="table",
            rule=f"{ind.id}:{used}", confidence=confidence, line=cell.span.line,
            page=cell.span.page, cell=(row, col), table=index, provisional=cell.marker == "*", total=total,
        )

    def _labelled_table_measurement(self, doc: Document, index: int, table: Table, m: Mention,
                                    labels: list[tuple[str, str]], produced) -> None:
        """A cell no rule names: kept with its row label and column header, so that a
        researcher can filter it and a rule author can type it later (DESIGN.md, "Typed and
        labelled measurements"). A cell without a row label names nothing and stays unmapped."""
        row, col = m.cell
        cell = table.cell(row, col)
        row_label = _row_label(table, row, col, self._once(("rows", index), _RowLayout.of, table))
        column = table.column_header(col)
        series = ""
        if cell_kind(cell.text) != FIGURE:
            series = _series_name(table, row, col, cell, m)
            if not series:
                return  # a cell with words around its number ("2e kw 17") is no figure of the table
            column = f"{column} {series}".strip()  # "883,1 727,9" under "2015", named "Almelo Grootteklasse"
        if not row_label:
            return
        q = m.quantity
        unit = q.unit if q.unit != "count" else _row_unit(table, row, col, [row_label, column])
        if unit == "grade" and not 0 <= q.value <= 10:
            unit = "count"  # "tevredenheid" over a figure above 10 is no rapportcijfer
        if unit == "count":
            unit = _unit_of([table.caption, table.unit_hint])
        if unit == "count" and _MONEY_TABLE.search(" ".join([table.caption, *table.section, row_label, column])):
            unit = "eur"  # "Wat heeft het gekost?", "Lasten", "Baten": a money table without a € sign
        if unit == "count" and re.search(r"\bsaldo\b", column, re.I) and self._once(("money", index), _has_money_columns, table):
            unit = "eur"  # "Rekening saldo" beside "Rekening lasten" and "Rekening baten"
        kind = _label_kind(self.rules, [column, row_label]) or "actual"
        geography = doc.meta.region or doc.meta.municipality
        for text in (series, column, row_label):
            place = self._place(text) if text else None
            if place:
                geography = place
                break
        total = bool(_TOTAL.search(row_label) or _TOTAL.search(column))
        quote = self._row_quote(table, index, row)
        produced[id(q)] = self._measurement(
            doc, None, q, m, unit=unit, kind=kind, period=_column_period(doc, table, col, m.period, kind), dims={},
            label=f"{row_label} / {column}" if column else row_label, geography=geography, quote=quote, method="table",
            rule="", confidence=0.5, line=cell.span.line,
            page=cell.span.page, cell=(row, col), table=index, provisional=cell.marker == "*", total=total,
        )

    def _row_quote(self, table: Table, index: int, row: int) -> str:
        """A table row as the quote of its figures, its cells joined by " | " (the grid built once per table)."""
        return self._once(("row", index, row), lambda: " | ".join(self._once(("grid", index), table.rows)[row]))

    def _place(self, text: str) -> str | None:
        """The geography a header names, found once per document: a column's header is asked by every row."""
        return self._once(("place", text), self._header_place, text)

    def _header_place(self, text: str) -> str | None:
        """The geography a column or row header names: a region phrase of the rules
        ("landelijk"), a header that is an area's name ("Nederland", "Limburg"), a comparison
        group under its own name ("Grootteklasse"), or a municipality ("Kerkrade", "Score Arnhem")."""
        for hit in self._hits(text):
            if hit.key.startswith("geo:") and len(hit.text) >= len(_without_dates(text)) / 2:
                return hit.key[4:]  # "Landelijk gemiddelde", not a description "... in relatie tot het landelijk gemiddelde"
        vocabulary = self.rules.vocabulary
        words = re.sub(r"^(?:score|waarde|gemeente|realisatie|provincie)\s+", "", text.strip(), flags=re.I)
        bare = re.sub(r"[\s*]+$", "", _without_dates(words)).lower()
        if bare in vocabulary.header_geography:
            return vocabulary.header_geography[bare]
        if bare in _provinces():
            return _provinces()[bare]
        if vocabulary.comparison_group(text):
            return re.sub(r"\s*([-–])\s*", r"\1", _without_dates(text).strip())  # "100.000- 300.000"
        return _official(words)

    def _choose_table(self, labels: list[tuple[str, str]], q: Quantity,
                      row_unit: str = "count") -> tuple[Indicator, str, float] | None:
        """The indicator a cell's labels name: phrases first (row, column, corner, caption,
        section), then fuzzy table labels of the row and column: :meth:`_phrase_choice` and
        :meth:`_fuzzy_choice`."""
        context = " ".join(t for _, t in labels)
        own = [(s, t) for s, t in labels if s in ("row", "column", "group", "corner")]
        around = [(s, t) for s, t in labels if s not in ("row", "column", "group", "corner")]
        return self._phrase_choice(own, q, context, row_unit) or self._fuzzy_choice(labels, q, context, row_unit) \
            or self._phrase_choice(around, q, context, row_unit)

    def _phrase_choice(self, labels, q: Quantity, context: str, row_unit: str) -> tuple[Indicator, str, float] | None:
        """The first indicator a phrase in the labels names whose unit fits. The cell's own
        labels are asked before its fuzzy table labels, the caption and headings after them:
        "Overzicht van baten en lasten" above a column "Saldo" names neither of its own."""
        for source, text in labels:
            if not text:
                continue
            for hit in self._hits(text):
                if hit.key.startswith("ind:"):
                    ind = self.indicators[hit.key[4:]]
                    if self._fits_table(ind, q, context, row_unit):
                        return ind, source, 0.9 if source in ("row", "column", "corner") else 0.85 if source == "group" else 0.8
        return None

    def _fuzzy_choice(self, labels, q: Quantity, context: str, row_unit: str) -> tuple[Indicator, str, float] | None:
        """The indicator whose table label is nearest the row's or column's label and whose unit
        fits; else the group's, the row above that names its sub-rows ("Banen" over "Aantal per
        1.000 inwoners 15 - 64 jaar" and "Bron: CBS / LISA")."""
        for source, text in labels:
            if source not in ("row", "column", "group") or not text:
                continue
            fitting = [(score, self.indicators[ind_id].unit == row_unit, self.indicators[ind_id])
                       for ind_id, score in self._once(("label", text), self.index.ranked_labels, text)
                       if self._fits_table(self.indicators[ind_id], q, context, row_unit)]
            if fitting:  # of equal labels, the indicator of the row's own unit: a count, or per 10.000 inwoners
                score, _, ind = max(fitting, key=lambda f: (f[0], f[1]))
                return ind, source, round(score / 100, 2)
        return None

    def _fits_table(self, ind: Indicator, q: Quantity, context: str, row_unit: str = "count") -> bool:
        """As in prose, except that a bare number in a cell takes the unit its row states, else
        that of its indicator. A rate indicator takes a rate in any of the units
        (%, per 1.000, per 10.000) that a row states: the figure keeps the row's unit."""
        unit = q.unit if q.unit != "count" else row_unit if row_unit != "count" else ind.unit
        if unit in _RATES and ind.unit in _RATES and ind.quantity == "rate":
            unit = ind.unit  # a BBV rate per 1.000 in its first years, per 10.000 now, or "%": the row's unit is kept
        return self._fits(ind, unit, context)

    # -- the record -------------------------------------------------------------------------------
    def _measurement(self, doc: Document, ind: Indicator | None, q: Quantity, m: Mention, *, unit: str, kind: str,
                     period: ResolvedPeriod | None = None, dims: dict[str, str], label: str, geography: str | None,
                     quote: str, method: str, rule: str,
                     confidence: float, line, page, cell=None, table=None, provisional=False, total=False) -> Measurement:
        period = _budget_year(period or m.period, kind)
        if (ind.quantity == "flow") if ind is not None else unit == "count":
            period = _year_to_date(period, kind, doc)  # a count over the year so far; a budget is the year's
        return Measurement(
            doc=doc.name, path=doc.meta.path, municipality=doc.meta.municipality, indicator=ind.id if ind else "",
            label=label,
            value=q.value, unit=unit, low=_finite(q.low), high=_finite(q.high), qualifier=q.qualifier, kind=kind,
            period_start=period.start if period else None, period_end=period.end if period else None,
            period_label=period.label if period else "", geography=geography, dimensions=dims, page=page, line=line,
            quote=quote, method=method, rule=rule, confidence=confidence, doc_id=doc.meta.id, start=m.start,
            end=m.start + len(q.text) if method == "prose" else m.end, cell=cell, table=table, provisional=provisional,
            total=total, temporal=period.temporal if period else "", period_source=period.source if period else "",
            municipality_code=doc.meta.municipality_code,
        )


# -- helpers ------------------------------------------------------------------------------------------


def _is_prose(text: str) -> bool:
    """A table cell that holds running text ("In het resterende jaar 2017 bedraagt deze
    € 150.000, ...") is read as prose, not as a figure named by its row and column."""
    return len(text.split()) >= 6


def _cell_paragraph(table: Table, cell) -> Paragraph:
    """A cell's text as a paragraph in the table's section, with its sentences placed in Document.text."""
    sentences = [Sentence(cell.text[s:e], Span(cell.span.start + s, cell.span.start + e, cell.span.line, cell.span.page))
                 for s, e in split_sentences(cell.text)]
    return Paragraph(span=cell.span, section=table.section, content=cell.text, sentences=sentences)


def _note_paragraphs(doc: Document, table: Table) -> list[Paragraph]:
    """A table's notes as paragraphs in its section, their sentences placed in Document.text."""
    out = []
    for start, note in table_notes(doc, table):
        span = Span(start, start + len(note), table.span.line, table.span.page)
        sentences = [Sentence(note[s:e], Span(start + s, start + e, span.line, span.page)) for s, e in split_sentences(note)]
        out.append(Paragraph(span=span, section=table.section, content=note, sentences=sentences))
    return out


def _sentence_of(sentences: list[Sentence], offset: int) -> tuple[Sentence | None, Sentence | None]:
    """The sentence holding ``offset`` and the one before it (sentences are in text order)."""
    i = bisect_right(sentences, offset, key=lambda s: s.span.start) - 1
    if i >= 0 and offset < sentences[i].span.end:
        return sentences[i], sentences[i - 1] if i else None
    return None, sentences[-1] if sentences else None


def _distance(q: Quantity, hit: PhraseHit | None, others, text: str) -> float:
    """How far a phrase stands from a figure; 0 when it names the figure's counted noun."""
    if hit is None:
        return 1000.0
    if hit.start >= q.end:
        gap = hit.start - q.end
        if gap <= 2 or (q.counted and text[q.end:hit.end].lower().lstrip().startswith(q.counted.lower())):
            return 0.0
    else:
        gap = q.start - hit.end if hit.end <= q.start else 0
    between = (min(q.end, hit.end), max(q.start, hit.start))
    crossed = sum(1 for s, e in others if between[0] <= s and e <= between[1])
    clause_break = bool(_CLAUSE_BREAK.search(text[between[0]:between[1]]))
    return gap + 60 * crossed + 80 * clause_break + (5 if hit.start >= q.end else 0)


def _is_year(q: Quantity) -> bool:
    return q.decimals == 0 and 1900 <= q.value <= 2100 and "." not in q.text


def _counts_other(q: Quantity, hit: PhraseHit, others, text: str) -> bool:
    """Whether a figure counts a noun of its own and the indicator's phrase belongs to a later
    figure: in "Twee aanbieders rapporteren samen 3 niet-formele klachten" the klachten are 3.
    Figures in one enumeration ("88 instellingen en 68 vrijgevestigde ...") share the phrase."""
    noun = (q.counted or "").lower()
    if not noun or noun.split()[-1] in hit.text.lower():
        return False
    return any(q.end <= start and end <= hit.start and not _ENUMERATED.fullmatch(text[q.end:start])
               for start, end in others)


_ENUMERATED = re.compile(r"\s*(?:[^\W\d_][\w-]*\s+){0,3}?[^\W\d_][\w-]*\s*(?:,|\ben\b|\bof\b|/)\s*", re.I)


def _clause(text: str, q: Quantity) -> tuple[int, int]:
    """The clause around a figure: between the nearest ';' or ':' on each side."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, q.start)), default=0)
    after = _CLAUSE_BREAK.search(text, q.end)
    return start, after.start() if after else len(text)


#: words that make an amount a difference, and those that make it a decrease (DESIGN: a
#: stated decrease is negative)
_DELTA = re.compile(r"\b(?:hoger|lager|meer|minder|voordelig|nadelig|gestegen|gedaald|toegenomen|afgenomen|"
                    r"stijging|daling|toename|afname|overschrijding|onderschrijding|steeg|stegen|daalde|daalden|groeide|"
                    r"groeiden|groei|krimp|afnemen|toenemen)\b", re.I)
_LOWER = re.compile(r"\b(?:lager|minder|voordelig|gedaald|afgenomen|daling|afname|onderschrijding|daalde|daalden|"
                    r"daalt|afnemen|krimp)\b", re.I)


def _decreases(text: str, clause: tuple[int, int], q: Quantity) -> bool:
    """Whether the word of change that goes with a figure is a decrease: the nearest one before
    it in its clause ("groeide ... met 2,9 procent en in 2012 daalde ... met 1,4 procent"), else
    the first after it ("€ 168.000 lager")."""
    before = list(_DELTA.finditer(text, clause[0], q.start))
    word = before[-1] if before else _DELTA.search(text, q.end, clause[1])
    return word is not None and bool(_LOWER.fullmatch(word.group(0)))


_LABEL_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _is_tile(block: Block, text: str) -> bool:
    """Whether a block is a dashboard tile: under a heading, fewer than four words of its own
    (only the first four are looked for: a block of thousands of figures is asked per figure)."""
    words = _LABEL_WORD.finditer(getattr(block, "text", text))
    return bool(block.section) and len(list(islice(words, 4))) < 4


def _clause_label(text: str, clause: tuple[int, int], start: int, end: int, width: int = 10) -> str:
    """The words of a figure's clause, nearest first before it, then after it; without
    other figures. Empty when the clause has fewer than two words."""
    before = _LABEL_WORD.findall(text[clause[0]:start])[-width:]
    after = _LABEL_WORD.findall(text[end:clause[1]])[:max(0, width - len(before))]
    words = before + after
    return " ".join(words) if len(words) >= 2 else ""


def _kind(text: str, hits: list[PhraseHit], q: Quantity, clause: tuple[int, int]) -> tuple[str, str]:
    """The kind whose cue stands nearest the figure in its clause (before it up to 80
    characters, after it up to 30), and the cue. A cue behind the figure after "van"
    names what it is a share of ("53% van de contractwaarde"), not its kind."""
    best: tuple[float, str, str] | None = None
    for hit in hits:
        if not hit.key.startswith("kind:") or not (clause[0] <= hit.start < clause[1]):
            continue
        if hit.end <= q.start:
            distance = q.start - hit.end
            if distance > 80:
                continue
        elif hit.start >= q.end:
            distance = hit.start - q.end + 10
            if distance > 40 or re.search(r"\b(?:van|t\.o\.v\.|ten opzichte van)\b", text[q.end:hit.start]):
                continue
        else:
            distance = 0
        if best is None or distance < best[0]:
            best = (distance, hit.key[5:], hit.text)
    return (best[1], best[2]) if best else ("", "")


#: a comparative right after a figure makes it a difference: "De totale groep ... ligt circa 600 hoger."
_DIFFERENCE_AFTER = re.compile(r"\s*(?P<word>hoger|lager)\b", re.I)
_DECREASE = re.compile(r"\b(?:daling|afname|gedaald|afgenomen|minder|lager|verminderd|teruggelopen|gezakt|"
                       r"daalde|daalden|daalt|dalen|nam af|namen af|liep terug|liepen terug)\b", re.I)
#: a verb of change, then "met" right before the figure: "daalde de aanmelding ... met 15%"
_CHANGE_BY = re.compile(r"\b(?P<verb>steeg|stegen|stijgt|daalde|daalden|daalt|groeide|groeiden|groeit|nam toe|"
                        r"namen toe|nam af|namen af|liep terug|liepen terug)\b.{0,80}\bmet\s+"
                        r"(?:ruim\s+|bijna\s+|circa\s+|gemiddeld\s+|respectievelijk\s+)?(?:[\d.,]+\s*%?\s*(?:,|en|of)\s+)*$", re.I)
#: a word of change before a percentage: "Een daling van 274, oftewel 3,95%", "een afname met 5,2%",
#: "De landelijke groei bedroeg 1,5%"
_CHANGE_NOUN_BEFORE = re.compile(
    r"\b(?:daling|afname|stijging|toename|groei|krimp)\s+(?:van|met)\s+(?:\S+\s+){0,3}$"
    r"|\b(?:daling|afname|stijging|toename|groei|krimp)\b[^;:]{0,80}\b(?:is|was|bedroeg|bedraagt)\s+$", re.I)
#: and after it: "2,4% groei", "3% gestegen", "1% meer dan in dezelfde periode", "met 5,2% afnemen"
_CHANGE_AFTER = re.compile(
    r"\s*(?:groei|daling|afname|stijging|toename|gestegen|gedaald|toegenomen|afgenomen|afnemen|toenemen|"
    r"(?:meer|minder|hoger|lager)\s+dan\s+(?:in|vorig|het|de|dezelfde|een\s+jaar))\b", re.I)


def _relative_change(text: str, q: Quantity) -> bool:
    """Whether a percentage is the relative change of what its sentence counts ("In 2013 groeide
    het aantal bijstandsuitkering in onze stad met 2,9 procent", "Ook het aantal banen steeg
    sterk in 2017: 2,4% groei."); the levels of "van 13,3% naar 12,4%" are none."""
    if q.unit != "percent" or q.role in ("from", "to"):
        return False
    before = text[max(0, q.start - 100):q.start]
    return bool(_CHANGE_BY.search(before) or _CHANGE_NOUN_BEFORE.search(before) or _CHANGE_AFTER.match(text, q.end))


def _dimensions(hits: list[PhraseHit], ind: Indicator, q: Quantity, others) -> dict[str, str]:
    """Categories named in the figure's own stretch of the sentence: after it up to the next
    figure ("6 zaken gegrond, 5 deels gegrond"), else before it back to the previous one."""
    nxt = min((s for s, _ in others if s >= q.end), default=10**9)
    prev = max((e for _, e in others if e <= q.start), default=-1)
    dims: dict[str, str] = {}
    for after in (True, False):
        for hit in hits:
            if not hit.key.startswith(f"dim:{ind.id}:"):
                continue
            _, _, dim, category = hit.key.split(":", 3)
            inside = (q.end <= hit.start < nxt) if after else (prev <= hit.start and hit.end <= q.start)
            if inside and dim not in dims:
                dims[dim] = category
    return dims


def _table_labels(table: Table, row: int, col: int, layout: _RowLayout) -> list[tuple[str, str]]:
    """The texts that describe a cell, most specific first: its row, its column, the group
    its row falls under ("Lasten" above "6.1 Samenkracht"), the corner, caption and headings.
    The row is named as :func:`_row_name` names it: past a "Taakveld" column saying "6.
    Sociaal domein" on every row, or a column of the table's own row numbers."""
    corner = table.column_header(0) if table.header_cols and col > 0 else ""
    return [
        ("row", _row_name(table, row, col, layout) or table.row_header(row)),
        ("column", table.column_header(col)),
        ("group", layout.groups[row]),
        ("corner", corner),
        ("caption", table.caption),
        *(("section", title) for title in reversed(table.section)),
    ]


#: headings that say what a section holds, not which part of the budget it is about
_GENERIC_HEADING = re.compile(r"^\W*(?:wat (?:heeft|mag|gaat) (?:het|dat) .*|financi[eë]n|financieel overzicht|"
                              r"(?:overzicht van )?(?:baten en lasten|lasten en baten).*|exploitatie|terug naar .*|"
                              r"toelichting.*|bedragen .*)$", re.I)


def _section_part(section: tuple[str, ...]) -> str:
    """The part of the budget a money table belongs to, lower-cased: the innermost heading
    that says "Programma ...", else the outermost one that is not only about money ("Wat
    mag het kosten?"): the page or chapter title; "" when there is none."""
    titles = [re.sub(r"\s+", " ", t).strip() for t in section]
    titles = [t for t in titles if t and not _GENERIC_HEADING.match(t)]
    programmes = [t for t in titles if re.match(r"^\W*programma\b", t, re.I)]
    return (programmes[-1] if programmes else titles[0] if titles else "").lower()


#: the words of a money table's caption, section or labels ("Wat heeft het in totaal gekost?")
_MONEY_TABLE = re.compile(r"\bwat (?:heeft|mag) het (?:in totaal )?(?:gekost|kosten)\b|\blasten\b|\bbaten\b|"
                          r"\bexploitatie\b|\bsaldo van\b", re.I)


def _has_money_columns(table: Table) -> bool:
    """Whether a table's columns are headed lasten or baten, which makes its saldo columns money."""
    return any(re.search(r"\b(?:lasten|baten)\b", table.column_header(k), re.I) for k in range(table.n_cols))


_PERIOD_HEADER = re.compile(r"^(?:periode|jaar|peiljaar|peildatum|actualiteit|meetjaar|jaartal)$", re.I)
_CODE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?(?:\s+|$)")
#: an Iv3 taakveld code before a row's name ("7.1 Volksgezondheid", "6.71a"), not a product code ("622 BUIG")
_TAAKVELD_CODE = re.compile(r"^\s*\d\.\d{1,2}[a-e]?\b")
_UNIT_HEADER = re.compile(r"^(?:eenheid|meeteenheid|meet\s?eenheid|eenheid\s*-\s*bron|indicator\s*eenheid)$", re.I)
#: the unit words of a label, in the order they are tried
_UNIT_WORDS = (
    (re.compile(r"per\s+10\.000\b", re.I), "per_10000"),
    (re.compile(r"per\s+1\.000\b", re.I), "per_1000"),
    (re.compile(r"(?:^|\s|\()%|\bprocent|\bpercentage\b", re.I), "percent"),
    (re.compile(r"x\s*€|€|\beuro\b|\bbedrag(?:en)?\b", re.I), "eur"),
    (re.compile(r"\bkalenderdagen\b|\bdagen\b", re.I), "days"),
    (re.compile(r"\bweken\b", re.I), "weeks"),
    (re.compile(r"\bfte\b", re.I), "fte"),
    (re.compile(r"\brapportcijfer\b|\bcijfer\s*\(1-10\)|\btevredenheid\b|\bwaardering\b", re.I), "grade"),
)


_SOURCE_LABEL = re.compile(r"^\s*bron\s*:", re.I)


@dataclass(frozen=True)
class _RowLayout:
    """What naming a row needs of its whole table, found once per table: the columns with one
    value on every body row of three or more, and the group each row falls under (the nearest
    row above with only a label, "Baten")."""

    constant: frozenset[int]
    groups: tuple[str, ...]

    @classmethod
    def of(cls, table: Table) -> _RowLayout:
        body = range(table.header_rows, table.n_rows)
        texts = [[(c.text if (c := table.cell(r, k)) is not None else "") for k in range(table.n_cols)]
                 for r in range(table.n_rows)]
        constant = set()
        if len(body) >= 3:
            for k in range(table.n_cols):
                values = {texts[r][k] for r in body} - {""}
                if len(values) == 1:
                    constant.add(k)
        groups, group = [], ""
        for r in range(table.n_rows):
            groups.append(group)  # the group of row r is named by a row above it
            if r >= table.header_rows and texts[r][0] and not any(texts[r][1:]):
                group = texts[r][0]
        return cls(frozenset(constant), tuple(groups))


def _row_label(table: Table, row: int, col: int, layout: _RowLayout) -> str:
    """A row's label as a labelled measurement shows it: its name, under its group ("Lasten / BUIG")."""
    label = _row_name(table, row, col, layout)
    group = layout.groups[row]
    return f"{group} / {label}" if label and group else label


def _row_name(table: Table, row: int, col: int, layout: _RowLayout) -> str:
    """What names a row: the first text cell left of the figure that is not a code ("6",
    "6.1") and not the same on every row (a "Taakveld" column saying "6. Sociaal domein"
    throughout names no row), without a leading taakveld or BBV number."""
    label = ""
    for c in range(col):
        cell = table.cell(row, c)
        if cell is None or not cell.text or _CODE.fullmatch(cell.text.strip()) or re.fullmatch(
                r"[-+−]?[\d.,\s€%]+", cell.text) or c in layout.constant:
            continue
        label = cell.text
        break
    if _SOURCE_LABEL.match(label) and row > table.header_rows:
        return _row_name(table, row - 1, col, layout)  # "Bron: CBS | 131,8 | 2e hj 2019": a sub-row of the row above
    return _CODE.sub("", label.strip()).strip() if not _CODE.fullmatch(label.strip()) else ""


def _series_name(table: Table, row: int, col: int, cell, m: Mention) -> str:
    """The series of one figure in a cell of several ("883,1 727,9"), when a text cell of the
    row names as many series as the cell has figures ("Almelo Grootteklasse"); else ""."""
    tokens = cell.text.split()
    if len(tokens) < 2 or not all(cell_kind(t) == FIGURE for t in tokens):
        return ""
    for c in range(col):
        other = table.cell(row, c)
        names = other.text.split() if other is not None else []
        if len(names) == len(tokens) and all(n[:1].isupper() for n in names):
            offset = m.start - cell.span.start
            position = sum(1 for t in re.finditer(r"\S+", cell.text) if t.end() <= offset)
            return names[position] if position < len(names) else ""
    return ""


def _unit_cell(table: Table, row: int, col: int) -> str:
    """The text of the row's cell under an "Eenheid" header: "per 1.000 inwoners 15-64 jaar", "%"."""
    for c in range(table.n_cols):
        if c != col and _UNIT_HEADER.match(table.column_header(c).strip()):
            cell = table.cell(row, c)
            return cell.text if cell is not None else ""
    return ""


def _row_unit(table: Table, row: int, col: int, labels: list[str]) -> str:
    """The unit a row gives its bare figures: its label and column, its "Eenheid" cell, else a
    description cell ("Het aantal personen met een bijstandsuitkering, per 10.000 inwoners.")."""
    unit = _unit_of([*labels, _unit_cell(table, row, col)])
    if unit != "count":
        return unit
    descriptions = [c.text for k in range(table.n_cols) if k != col and (c := table.cell(row, k)) is not None
                    and cell_kind(c.text) == TEXT and len(c.text.split()) >= 3]
    unit = _unit_of(descriptions)
    return "count" if unit == "eur" else unit  # a description's "€" is no scale for the figures


def _unit_of(texts: list[str], default: str = "count") -> str:
    """The unit the labels of a bare figure give it; ``default`` when none does."""
    for text in texts:
        for pattern, unit in _UNIT_WORDS:
            if text and pattern.search(text):
                return unit
    return default


def _label_kind(rules: RuleSet, labels: list[str]) -> str:
    from .matching import _strip_label

    for label in labels:
        low = _strip_label(label).lower()
        for kind, cues in rules.vocabulary.kind_patterns.items():
            if cues.search(low):
                return kind
    return ""


@lru_cache(maxsize=1)
def _municipality_names() -> dict[str, str]:
    """Lower-cased name and alias -> official name, for municipalities named once only."""
    from ..metadata.detect import gazetteer

    names: dict[str, list[str]] = {}
    for g in gazetteer():
        for form in (g.name, *g.aliases):
            names.setdefault(form.lower(), []).append(g.name)
    return {k: v[0] for k, v in names.items() if len(set(v)) == 1}


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Lower-cased province name -> name, from the municipality list that ships with the package."""
    from ..metadata.detect import gazetteer

    return {g.province.lower(): g.province for g in gazetteer() if g.province}


_DATE_WORDS = re.compile(r"\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                         r"november|december)\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d(?:[/-](?:19|20)?\d\d)?\b", re.I)


def _without_dates(text: str) -> str:
    """A header without its dates and years ("1 maart 2019 Ref." -> "Ref."), spaces closed up."""
    return re.sub(r"\s+", " ", _DATE_WORDS.sub(" ", text)).strip()


def _official(text: str) -> str | None:
    """"Haarlem", "CJG Haarlem", "Gemeente Haarlem" -> "Haarlem"."""
    key = re.sub(r"^(?:cjg|gemeente|veilig thuis)\s+", "", text.strip().lower())
    return _municipality_names().get(key)


def _column_period(doc: Document, table: Table, col: int, period: ResolvedPeriod | None, kind: str):
    """The year of a target, budget or forecast column ("Ambitie 2019") dates its figures also
    in a row with a period cell of its own ("Laatste meting | 2018"): the row's year is when
    the indicator was last measured, the column's is the year the target is for."""
    if period is None or period.source != "row" or kind == "actual":
        return period
    meta = doc.meta.period
    own = own_periods(table.column_header(col), Anchor.of(meta.start, meta.end) if meta else None)
    return ResolvedPeriod.of(own[0], "column") if len(own) == 1 else period


def _year_to_date(period: ResolvedPeriod | None, kind: str, doc: Document) -> ResolvedPeriod | None:
    """An actual figure "in 2017" in a report on part of 2017 (a Q2 or half-year report) counts
    the year so far: 2017-01-01 up to the end of the report's period, not the whole year the
    annual report will give ("In 2017 zijn er in totaal 53 cliënten in zorg" in the rapportage
    over the first half year). Budgets, targets and forecasts "for 2017" keep the whole year."""
    meta = doc.meta.period
    if period is None or meta is None or kind != "actual" or period.moment or period.source == "document":
        return period
    year = period.start[:4]
    if (period.start, period.end) != (f"{year}-01-01", f"{year}-12-31"):
        return period
    if not (f"{year}-01-01" <= meta.start and meta.end < f"{year}-12-31"):
        return period
    return replace(period, end=meta.end, label=f"{period.label} (t/m {meta.end})")


def _cue_near(pattern: re.Pattern[str] | None, text: str, clause: tuple[int, int], q: Quantity) -> str:
    """The category whose cue stands near the figure in its clause, up to 40 characters before
    it or 15 after ("eenmalig opgehoogd naar 80" -> incidenteel; not "structurele knelpunten"
    further on in a long clause); else ""."""
    if pattern is None:
        return ""
    for found in pattern.finditer(text, max(clause[0], q.start - 40), min(clause[1], q.end + 15)):
        return found.lastgroup
    return ""


def _budget_year(period, kind: str):
    """A budget, forecast or target is for a whole year: when the figure's own words give
    no period, the report's half-year becomes the year it is in."""
    if period is None or kind not in ("budget", "forecast", "target") or period.source != "document":
        return period
    year = period.end[:4]
    if period.start[:4] != year:
        return period  # a programme for 2017-2020: which of its years the text does not say
    return replace(period, start=f"{year}-01-01", end=f"{year}-12-31", label=f"{period.label} (jaar)", moment=False)


def _finite(x: float) -> float | None:
    return None if x is None or math.isinf(x) else x


def _unique(measurements) -> list[Measurement]:
    return sorted(measurements, key=lambda m: (m.start if m.start is not None else 0, m.indicator))


__all__ = ["Extractor", "Extraction"]
