"""One answer per document: every PDF and DOCX rendition of a corpus report gives the
measurements (value, indicator, period, unit) of its text form, but for the differences
listed here with their cause. A difference the list does not name fails, and so does one it
names that is gone (then the list is out of date)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import CORPUS, ROOT

from extract.documents import read_document
from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules

RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"

#: rendition -> (figures only in the text form, only in the rendition, the cause)
DIFFERENCES = {
    "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel.pdf": (9, 10, (
        "the PDF sets the table of bestedingsvoorstellen (2017 | 2018) as two run-on lines without its "
        "columns ('Vroegsignaleringsoverleg(VSO)€150.000,-Bemoeizorg€150.000,-...'): its amounts are read as "
        "prose, without their years")),
    "haarlem_2017_jaarverslag-sociaal-domein.pdf": (24, 13, (
        "the PDF sets the herkomst lists ('Beschermd wonen totaal, waarvan: 23 * uitstroom RIBW 16 ...') on one "
        "line each, and the headers of the CJG and Veilig Thuis tables one word per line without the "
        "indentation the text form aligns them by: those rows are read as prose")),
}


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_rules())


def _figures(extractor, path) -> Counter:
    return Counter((round(m.value, 6), m.indicator, m.period_start, m.period_end, m.unit)
                   for m in extractor.extract(read_document(path)).measurements)


@pytest.mark.parametrize("rendition", sorted(p.name for p in RENDITIONS.iterdir()))
def test_a_rendition_gives_the_measurements_of_its_text_form(extractor, rendition):
    stem = rendition.rsplit(".", 1)[0]
    text = next(p for p in CORPUS.glob(f"{stem}.*") if p.suffix in (".txt", ".md"))
    ours, theirs = _figures(extractor, text), _figures(extractor, RENDITIONS / rendition)
    only_text, only_rendition, _cause = DIFFERENCES.get(rendition, (0, 0, ""))
    assert (sum((ours - theirs).values()), sum((theirs - ours).values())) == (only_text, only_rendition)
